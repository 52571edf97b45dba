namespace Vae.MLNet.Cli.Input;

/// <summary>
/// How to give a command data from a pipe. The commands read their inputs by path, which on Unix /dev/stdin gives
/// standard input; Windows names standard input by no path, so there the data must be saved to a file first.
/// </summary>
internal static class PipedInput
{
    /// <summary>Advice for this system, closing the refusal of '-' as an input.</summary>
    public static string ForDash { get; } = ForDashOn(OperatingSystem.IsWindows());

    /// <summary>Advice for this system, closing the refusal of gzip-compressed CSV.</summary>
    public static string ForGzippedCsv { get; } = ForGzippedCsvOn(OperatingSystem.IsWindows());

    /// <summary>The advice of <see cref="ForDash"/> on Windows or on Unix.</summary>
    public static string ForDashOn(bool windows) => windows
        ? "Windows names standard input by no path, so save the data to a file and give that file."
        : "pass /dev/stdin to read from a pipe.";

    /// <summary>The advice of <see cref="ForGzippedCsv"/> on Windows or on Unix.</summary>
    public static string ForGzippedCsvOn(bool windows) => windows
        ? "decompress it to a file and give that file (Windows names standard input by no path, so it cannot be piped in)."
        : "gunzip it, or pipe zcat's output to /dev/stdin.";
}
