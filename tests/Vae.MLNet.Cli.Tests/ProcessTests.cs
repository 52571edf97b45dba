using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Cli.Tests;

/// <summary>The command line run as its own process, with its real standard output, and stopped by signals as a shell, a CI job or a closed terminal stops it.</summary>
[TestClass]
public sealed partial class ProcessTests
{
    [TestMethod]
    public void TableOnStandardOutputEqualsTheTableWrittenToAFile()
    {
        using var workspace = new Workspace();
        Assert.AreEqual(0, CliRun.Of("train", workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", workspace.PathOf("model.zip")).ExitCode);
        Assert.AreEqual(0, CliRun.Of("generate", workspace.PathOf("model.zip"), "--count", "3000", "--out", workspace.PathOf("generated.csv")).ExitCode);

        // Larger than the table's buffer, so that it is written in several parts.
        using Process cli = Start(["generate", workspace.PathOf("model.zip"), "--count", "3000"]);
        string table = cli.StandardOutput.ReadToEnd();
        Assert.IsTrue(cli.WaitForExit(TimeSpan.FromSeconds(60)), "The command line did not end.");

        Assert.AreEqual(0, cli.ExitCode, cli.StandardError.ReadToEnd());
        Assert.IsGreaterThan(1 << 16, table.Length);
        Assert.AreEqual(File.ReadAllText(workspace.PathOf("generated.csv")), table);
    }

    [TestMethod]
    [DataRow(1, 129, DisplayName = "SIGHUP")]
    [DataRow(2, 130, DisplayName = "SIGINT")]
    [DataRow(15, 143, DisplayName = "SIGTERM")]
    public void TrainingStoppedBySignalLeavesNoFileAndExitsWith128PlusTheSignal(int signal, int expectedExitCode)
    {
        if (IsIgnoredByThisProcess(signal))
        {
            // An ignored signal stays ignored in the processes this one starts (nohup, a background job), so it cannot be sent.
            Assert.Inconclusive($"Signal {signal} is ignored by the test process, so the command line would inherit that.");
        }

        using var workspace = new Workspace();
        using Process cli = StartTraining(workspace, out ManualResetEventSlim trainingStarted);
        try
        {
            Assert.IsTrue(trainingStarted.Wait(TimeSpan.FromSeconds(60)), "The command line printed no epoch.");
            Assert.AreEqual(0, Kill(cli.Id, signal), $"kill failed with errno {Marshal.GetLastPInvokeError()}.");
            Assert.IsTrue(cli.WaitForExit(TimeSpan.FromSeconds(60)), "The command line did not stop after the signal.");
        }
        finally
        {
            if (!cli.HasExited)
            {
                cli.Kill();
            }
        }

        cli.WaitForExit();
        Assert.AreEqual(expectedExitCode, cli.ExitCode);
        CollectionAssert.AreEqual(
            new[] { "data.csv" },
            Directory.EnumerateFileSystemEntries(workspace.Directory).Select(Path.GetFileName).ToArray(),
            "Neither the model, its temporary file nor the plots directory may outlive the process.");
    }

    private static Process StartTraining(Workspace workspace, out ManualResetEventSlim trainingStarted)
    {
        var started = new ManualResetEventSlim();
        var cli = new Process
        {
            StartInfo = StartInfo([
                "train", workspace.DataPath, "--label-column", "label",
                "--epochs", "50000", "--out", workspace.PathOf("model.zip"), "--plots", workspace.PathOf("plots")]),
        };
        cli.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("epoch ", StringComparison.Ordinal) == true)
            {
                started.Set();
            }
        };
        cli.ErrorDataReceived += (_, _) => { };
        cli.Start();
        cli.BeginOutputReadLine();
        cli.BeginErrorReadLine();
        trainingStarted = started;
        return cli;
    }

    private static Process Start(string[] arguments) => Process.Start(StartInfo(arguments))!;

    private static ProcessStartInfo StartInfo(string[] arguments)
    {
        // Running the built command line through the same dotnet as the tests needs no apphost set-up.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Vae.MLNet.Cli.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static bool IsIgnoredByThisProcess(int signal)
    {
        string ignoredMask = File.ReadLines("/proc/self/status").Single(line => line.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        return ((ulong.Parse(ignoredMask, NumberStyles.HexNumber, CultureInfo.InvariantCulture) >> (signal - 1)) & 1) == 1;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
