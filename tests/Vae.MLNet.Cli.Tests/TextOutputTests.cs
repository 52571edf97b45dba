using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class TextOutputTests
{
    [TestMethod]
    public void AFileThatCannotBeWrittenIsRefusedAsTheOptionThatNamedIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vae-missing-{Guid.NewGuid():N}", "scores.csv");

        var refusal = Assert.ThrowsExactly<ArgumentException>(() => TextOutput.Open(path, "--scores", TextWriter.Null, CancellationToken.None));

        Assert.AreEqual("--scores", refusal.ParamName);
    }
}
