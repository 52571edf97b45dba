using Vae.MLNet.Text;

namespace Vae.MLNet.Tests.Text;

[TestClass]
public sealed class ShellWordsTests
{
    [TestMethod]
    [DataRow("wine", "wine", "wine")]
    [DataRow("models/wine-2.1", "models/wine-2.1", "models/wine-2.1")]
    [DataRow("modèle", "modèle", "modèle")]
    [DataRow("wine\\*", "'wine\\*'", "wine\\*")]
    [DataRow("my model", "'my model'", "'my model'")]
    [DataRow("it's", "'it'\\''s'", "'it''s'")]
    [DataRow("$HOME", "'$HOME'", "'$HOME'")]
    [DataRow("-model", "./-model", "'-model'")]
    [DataRow("-my model", "'./-my model'", "'-my model'")]
    [DataRow("=ls", "'=ls'", "'=ls'")]
    public void AWordIsQuotedOnlyWhereItsShellWouldSplitOrExpandIt(string word, string posix, string powerShell)
    {
        Assert.AreEqual(posix, ShellWords.ForPosixShell(word));
        Assert.AreEqual(powerShell, ShellWords.ForPowerShell(word));
    }
}
