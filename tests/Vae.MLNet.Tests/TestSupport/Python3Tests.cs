namespace Vae.MLNet.Tests;

[TestClass]
public sealed class Python3Tests
{
    [TestMethod]
    public void AFailingRunFailsTheTestWithWhatItWroteToStandardError()
    {
        RequireInstalled();

        var failure = Assert.ThrowsExactly<AssertFailedException>(
            () => Python3.RunToSuccess(["-c", "import sys; print('ignored'); sys.exit('the reason it gave')"], TimeSpan.FromSeconds(30)));

        StringAssert.Contains(failure.Message, "the reason it gave");
    }

    [TestMethod]
    public void ARunPastItsTimeLimitIsKilledWithTheProcessesItStartedAndFailsTheTest()
    {
        RequireInstalled();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("Whether the child still runs is read from /proc.");
        }

        using var temp = new TempDirectory();
        string childIdFile = Path.Combine(temp.Path, "child");
        const string Script = """
            import subprocess, sys, time
            child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])
            open(sys.argv[1], 'w').write(str(child.pid))
            time.sleep(120)
            """;

        // Long enough for two interpreters to start on a busy machine.
        var failure = Assert.ThrowsExactly<AssertFailedException>(() => Python3.Run(["-c", Script, childIdFile], TimeSpan.FromSeconds(5)));

        StringAssert.Contains(failure.Message, "did not finish within 5 s");
        Assert.IsTrue(File.Exists(childIdFile), "the child started before the time limit");
        string child = File.ReadAllText(childIdFile);
        Assert.IsTrue(SpinWait.SpinUntil(() => HasEnded(child), TimeSpan.FromSeconds(5)), $"process {child}, started by the run, still runs");
    }

    // A killed process nobody has reaped yet stays in /proc as a zombie, state Z, which no longer runs.
    private static bool HasEnded(string processId)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static void RequireInstalled()
    {
        if (!Python3.IsInstalled)
        {
            Assert.Inconclusive($"{Python3.Path} is not installed.");
        }
    }
}
