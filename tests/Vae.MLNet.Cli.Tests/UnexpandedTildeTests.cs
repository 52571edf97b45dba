using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Tests;

/// <summary>
/// On Windows no shell expands '~' for a program, and "$HOME" is no variable of cmd: the refusal once told a Windows
/// user the path had been quoted, and to write what cmd leaves as it is.
/// </summary>
[TestClass]
public sealed class UnexpandedTildeTests
{
    [TestMethod]
    public void OnWindowsTheRefusalNamesEachShellsHomeAndTakesABackslash()
    {
        Assert.IsTrue(UnexpandedTilde.StartsWithTilde(@"~\m.zip", windows: true));
        Assert.IsFalse(UnexpandedTilde.StartsWithTilde(@"~\m.zip", windows: false), "a backslash is part of a file name elsewhere");
        Assert.IsFalse(UnexpandedTilde.StartsWithTilde("~m.zip", windows: true));
        Assert.AreEqual(
            @"--out ~\m.zip starts with '~', which neither cmd nor PowerShell expands for a program such as vae; write %USERPROFILE%\m.zip (cmd) or $HOME\m.zip (PowerShell), or .\~\m.zip for a folder named '~'.",
            UnexpandedTilde.Refusal("--out", @"~\m.zip", windows: true));
    }
}
