using Vae.MLNet.Cli.Training;
using Vae.MLNet.Data;

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

    /// <summary>
    /// A checkpoint, about twice a plain zip's bytes, could once fail on a nearly full disk and lose the run's
    /// weights with it; the plain zip is now written in its place and said to be without Adam's state.
    /// </summary>
    [TestMethod]
    public void AKeptModelWhoseCheckpointCannotBeWrittenIsKeptPlainAndSaidToBe()
    {
        using var workspace = new Workspace();
        VaeModel model = new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 1, NumberOfThreads = 1 })
            .Fit(VaeDataset.FromArray([0, 1, 1, 0], 2));
        string path = workspace.PathOf("m.interrupted.zip");
        var output = new StringWriter();

        (string? failure, bool hasOptimizerState) = KeptModelFile.Save(
            model, path, output, _ => throw new IOException("No space left on device"));

        Assert.IsNull(failure);
        Assert.IsFalse(hasOptimizerState);
        Assert.IsFalse(VaeModel.Load(path).HasOptimizerState);
        StringAssert.Contains(output.ToString(), $"wrote {path} without Adam's state, as the checkpoint holding it could not be written (No space left on device");
        StringAssert.Contains(output.ToString(), "--init from it starts Adam's moments afresh");
    }

    /// <summary>Where the plain zip fails too, its failure is what the caller reports, and nothing is written or said to be.</summary>
    [TestMethod]
    public void AKeptModelThatCannotBeWrittenEitherWayReportsThePlainZipsFailure()
    {
        using var workspace = new Workspace();
        VaeModel model = new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 1, NumberOfThreads = 1 })
            .Fit(VaeDataset.FromArray([0, 1, 1, 0], 2));
        string path = Path.Combine(workspace.PathOf("missing-folder"), "m.interrupted.zip");
        var output = new StringWriter();

        (string? failure, bool hasOptimizerState) = KeptModelFile.Save(
            model, path, output, _ => throw new IOException("No space left on device"));

        Assert.IsNotNull(failure);
        StringAssert.Contains(failure, "does not exist");
        Assert.IsFalse(hasOptimizerState);
        Assert.AreEqual(string.Empty, output.ToString());
        Assert.IsFalse(File.Exists(path));
    }
}
