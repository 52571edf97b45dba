using System.Diagnostics;

namespace Vae.MLNet.Tests;

/// <summary>
/// Runs the system's python3, whose zlib, Pillow and onnx packages judge the files the library writes independently of
/// the C# that wrote them. A run that outlives its time limit fails the test after it is killed together with every
/// process it started: a hung interpreter, or a worker it spawned, must not outlive the test run.
/// </summary>
internal static class Python3
{
    public const string Path = "/usr/bin/python3";

    public static bool IsInstalled => File.Exists(Path);

    /// <summary>What a finished run printed and how it exited.</summary>
    public readonly record struct Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs python3 with <paramref name="arguments"/> and returns how it ended, whatever its exit code.</summary>
    public static Result Run(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        // Both pipes are drained as the run goes: a script filling one pipe's buffer would otherwise stop and time out.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail(
                $"{Path} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0.#} s and was killed with the processes it started."
                + $"{Environment.NewLine}Its standard output:{Environment.NewLine}{Drained(stdout)}"
                + $"{Environment.NewLine}Its standard error:{Environment.NewLine}{Drained(stderr)}");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs python3 and returns its standard output, failing the test with its standard error unless it exits with 0.</summary>
    public static string RunToSuccess(IEnumerable<string> arguments, TimeSpan timeout)
    {
        Result result = Run(arguments, timeout);
        Assert.AreEqual(0, result.ExitCode, $"{Path} failed; its standard error:{Environment.NewLine}{result.StandardError}");
        return result.StandardOutput;
    }

    // A killed interpreter's pipes close at once unless something it started escaped the kill and holds them still.
    private static string Drained(Task<string> output) =>
        output.Wait(TimeSpan.FromSeconds(5)) ? output.Result : "(still held open after the kill)";
}
