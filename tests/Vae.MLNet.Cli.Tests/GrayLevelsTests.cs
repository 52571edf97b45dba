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
    [DataRow(5f)]
    [DataRow(3e7f)]
    [DataRow(float.MaxValue)]
    [DataRow(-float.MaxValue)]
    public void RowsOfOneValueMapToBlack(float value)
    {
        // From 2^24 on, value + 1 is value again in float32, so a range of width 1 would be empty.
        VaeModel model = Train(VaeLikelihood.Gaussian, VaeInputScaling.Standardize);

        float[] mapped = GrayLevels.For(model, [value, value, value]).Map([value, value, value]);

        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f }, mapped);
    }

    [TestMethod]
    public void ARangeTooWideOrTooNarrowForFloat32StillMapsOntoGrays()
    {
        VaeModel model = Train(VaeLikelihood.Gaussian, VaeInputScaling.Standardize);
        float[] wide = [-3e38f, 0f, 3e38f];
        float[] narrow = [0f, float.Epsilon];

        // The width of the first overflows float32, the inverse of the second's; values beyond a range draw as its ends.
        CollectionAssert.AreEqual(new[] { 0f, 0.5f, 1f }, GrayLevels.For(model, wide).Map(wide));
        CollectionAssert.AreEqual(new[] { 0f, 1f, 0f, 1f }, GrayLevels.For(model, narrow).Map([0f, float.Epsilon, -1f, 1f]));
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
