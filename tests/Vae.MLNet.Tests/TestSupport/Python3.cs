namespace Vae.MLNet.Tests;

/// <summary>
/// Runs the system's python3, whose zlib, Pillow and onnx packages judge the files the library writes independently of
/// the C# that wrote them.
/// </summary>
internal static class Python3
{
    public const string Path = "/usr/bin/python3";

    public static bool IsInstalled => File.Exists(Path);

    /// <summary>Runs python3 with <paramref name="arguments"/> and returns how it ended, whatever its exit code.</summary>
    public static ChildProcess.Result Run(IEnumerable<string> arguments, TimeSpan timeout) => ChildProcess.Run(Path, arguments, timeout);

    /// <summary>Runs python3 and returns its standard output, failing the test with its standard error unless it exits with 0.</summary>
    public static string RunToSuccess(IEnumerable<string> arguments, TimeSpan timeout) => ChildProcess.RunToSuccess(Path, arguments, timeout);
}
