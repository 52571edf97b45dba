using Vae.MLNet.Cli.Input;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class PipedInputTests
{
    /// <summary>Windows has no /dev/stdin, so advice to pass it there would be advice no one can follow.</summary>
    [TestMethod]
    public void OnWindowsTheAdviceIsToSaveToAFileNotToUseDevStdin()
    {
        foreach (string advice in new[] { PipedInput.ForDashOn(windows: true), PipedInput.ForGzippedCsvOn(windows: true) })
        {
            Assert.DoesNotContain("/dev/", advice);
            Assert.Contains("Windows names standard input by no path", advice);
            Assert.Contains("to a file and give that file", advice);
        }
    }

    [TestMethod]
    public void OnUnixTheAdviceIsDevStdin()
    {
        Assert.AreEqual("pass /dev/stdin to read from a pipe.", PipedInput.ForDashOn(windows: false));
        Assert.AreEqual("gunzip it, or pipe zcat's output to /dev/stdin.", PipedInput.ForGzippedCsvOn(windows: false));
    }

    [TestMethod]
    public void TheAdviceGivenIsThatOfThisSystem()
    {
        Assert.AreEqual(PipedInput.ForDashOn(OperatingSystem.IsWindows()), PipedInput.ForDash);
        Assert.AreEqual(PipedInput.ForGzippedCsvOn(OperatingSystem.IsWindows()), PipedInput.ForGzippedCsv);
    }
}
