using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Training;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class WideLatentCodeNoteTests
{
    private static LoadedData Features(int count) => new("data.csv", VaeDataset.FromArray(new float[3 * count], count), csv: null, maxRows: null);

    [TestMethod]
    public void IrisWidthAtTheDefaultLatentDimensionGetsANoteSuggestingANarrowerCode() =>
        Assert.AreEqual(
            "note: the latent dimension, 20, is at least the 4 features, so the latent code is as wide as the data and compresses nothing, and the count of "
            + "active latent dimensions says little of the data; a --latent-dim below 4 makes the model summarize the rows.",
            WideLatentCodeNote.For(new VaeOptions(), Features(4)));

    [TestMethod]
    public void ACodeAsWideAsTheFeaturesGetsTheNoteAndANarrowerOneNone()
    {
        Assert.IsNotNull(WideLatentCodeNote.For(new VaeOptions { LatentDimension = 4 }, Features(4)));
        Assert.IsNull(WideLatentCodeNote.For(new VaeOptions { LatentDimension = 3 }, Features(4)));
        Assert.IsNull(WideLatentCodeNote.For(new VaeOptions(), Features(784)), "MNIST's width");
    }

    [TestMethod]
    public void OneFeatureLeavesNoNarrowerCodeToSuggest() =>
        Assert.IsNull(WideLatentCodeNote.For(new VaeOptions(), Features(1)));
}
