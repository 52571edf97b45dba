using Vae.MLNet.Cli.Training;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class KeptModelFileTests
{
    /// <summary>A name that is all extension, as .model is, was once cut to nothing, which left only ".interrupted.zip".</summary>
    [TestMethod]
    [DataRow("model.zip", "model.interrupted.zip")]
    [DataRow("hid/.model", "hid/.model.interrupted.zip")]
    [DataRow(".model.zip", ".model.interrupted.zip")]
    [DataRow("a.b.zip", "a.b.interrupted.zip")]
    [DataRow("noext", "noext.interrupted.zip")]
    [DataRow("dotted.dir/noext", "dotted.dir/noext.interrupted.zip")]
    public void AKeptModelIsNamedAfterOutWithoutItsExtension(string modelPath, string kept) =>
        Assert.AreEqual(kept, KeptModelFile.Beside(modelPath, KeptModelFile.Interrupted));
}
