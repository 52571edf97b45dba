using System.Diagnostics;

namespace Vae.MLNet.Tests;

/// <summary>
/// Runs a program the tests judge from outside, such as python3 or one of the repository's scripts. A run that outlives
/// its time limit fails the test after it is killed together with every process it started: a hung program, or a worker
/// it spawned, must not outlive the test run.
/// </summary>
internal static class ChildProcess
{
    /// <summary>What a finished run printed and how it exited.</summary>
    public readonly record struct Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> and returns how it ended, whatever its exit code.
    /// <paramref name="environment"/> sets variables for the run; a <see langword="null"/> value removes one.
    /// </summary>
    public static Result Run(
        string program, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        // Both pipes are drained as the run goes: a program filling one pipe's buffer would otherwise stop and time out.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail(
                $"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0.#} s and was killed with the processes it started."
                + $"{Environment.NewLine}Its standard output:{Environment.NewLine}{Drained(stdout)}"
                + $"{Environment.NewLine}Its standard error:{Environment.NewLine}{Drained(stderr)}");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs <paramref name="program"/> and returns its standard output, failing the test with its standard error unless it exits with 0.</summary>
    public static string RunToSuccess(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        Result result = Run(program, arguments, timeout);
        Assert.AreEqual(0, result.ExitCode, $"{program} failed; its standard error:{Environment.NewLine}{result.StandardError}");
        return result.StandardOutput;
    }

    // A killed program's pipes close at once unless something it started escaped the kill and holds them still.
    private static string Drained(Task<string> output) =>
        output.Wait(TimeSpan.FromSeconds(5)) ? output.Result : "(still held open after the kill)";
}
