using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class GrayLevelsTests
{
    private static readonly float[] DigitRows = [0f, 4f, 16f, 8f, 0f, 12f];

    [TestMethod]
    public void AScaledModelsPicturesSpanTheRangeOfTheRowsShown()
    {
        VaeModel model = Train(VaeLikelihood.Bernoulli, VaeInputScaling.MinMax);

        GrayLevels levels = GrayLevels.For(model, DigitRows);

        Assert.AreEqual(new GrayLevels(0f, 16f), levels);
        CollectionAssert.AreEqual(new[] { 0f, 0.25f, 1f, 0.5f, 0f, 0.75f }, levels.Map(DigitRows));
    }

    [TestMethod]
    public void AnUnscaledBernoulliModelDrawsProbabilitiesAsTheyAre()
    {
        VaeModel model = Train(VaeLikelihood.Bernoulli, VaeInputScaling.None, rows: [0.2f, 0.4f, 0.6f, 0.3f, 0.5f, 0.7f]);

        Assert.AreEqual(new GrayLevels(0f, 1f), GrayLevels.For(model, [0.2f, 0.4f, 0.6f]));
    }

    [TestMethod]
    public void RowsOfOneValueStillMapToAGray()
    {
        VaeModel model = Train(VaeLikelihood.Gaussian, VaeInputScaling.Standardize);

        float[] mapped = GrayLevels.For(model, [5f, 5f, 5f]).Map([5f, 5f, 5f]);

        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f }, mapped);
    }

    private static VaeModel Train(VaeLikelihood likelihood, VaeInputScaling scaling, float[]? rows = null) =>
        new VaeTrainer(new VaeOptions
        {
            HiddenLayerSizes = [4],
            LatentDimension = 1,
            Likelihood = likelihood,
            InputScaling = scaling,
            Epochs = 1,
            BatchSize = 2,
            NumberOfThreads = 1,
        }).Fit(VaeDataset.FromArray(rows ?? DigitRows, 3));
}
