using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Runtime;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests.Model;

/// <summary>Rows generated a block at a time, as a command streaming millions of them generates them.</summary>
[TestClass]
public sealed class PriorSamplerTests
{
    private const int Rows = 23;

    // Odd widths leave half of a Box–Muller pair over at the end of most blocks, for the next block to use.
    private const int Features = 5;
    private const int LatentDimension = 3;

    [TestMethod]
    [DataRow(VaeLikelihood.Bernoulli, false)]
    [DataRow(VaeLikelihood.Bernoulli, true)]
    [DataRow(VaeLikelihood.Gaussian, false)]
    [DataRow(VaeLikelihood.Gaussian, true)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance, false)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance, true)]
    public void RowsGeneratedInBlocksOfAnySizeAreTheRowsGeneratedAtOnce(VaeLikelihood likelihood, bool sampleObservations)
    {
        VaeModel model = Trained(likelihood);
        float[] atOnce = model.Generate(Rows, seed: 7, temperature: 0.9f, sampleObservations);

        var sampler = new PriorSampler(model, model.Decode, seed: 7, temperature: 0.9f, sampleObservations);
        var inBlocks = new float[Rows * Features];
        int first = 0;
        for (int blockRows = 1; first < Rows; blockRows++)
        {
            int count = Math.Min(blockRows, Rows - first);
            sampler.Next(inBlocks.AsSpan(first * Features, count * Features));
            first += count;
        }

        CollectionAssert.AreEqual(atOnce, inBlocks);
    }

    [TestMethod]
    public void BadArgumentsOfGenerateAreRefusedNamingTheArgumentInOrder()
    {
        VaeModel model = Trained(VaeLikelihood.Gaussian);

        Assert.AreEqual("count", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Generate(0, temperature: -1f)).ParamName);
        Assert.AreEqual("temperature", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Generate(int.MaxValue, temperature: float.NaN)).ParamName);
        Assert.AreEqual("count", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Generate(int.MaxValue, sampleObservations: true)).ParamName);
        Assert.AreEqual("temperature", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PriorSampler(model, model.Decode, 0, float.PositiveInfinity, false)).ParamName);
    }

    [TestMethod]
    public void ATemperatureWhoseDrawsCouldOverflowIsRefusedBeforeAnyIsDrawnAndAnyOtherDrawsOnlyFiniteValues()
    {
        VaeModel model = Trained(VaeLikelihood.Gaussian);
        float largest = (float)LatentPoints.MaxTemperature;
        float tooLarge = MathF.BitIncrement(largest);

        // A sampler draws when asked for rows, so a temperature refused only then would fail a stream part way through.
        var refused = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PriorSampler(model, model.Decode, 0, tooLarge, false));
        LatentPoints.RequireTemperature(largest);
        float[] drawn = PriorDraws.Of(10_000, LatentDimension, seed: 3, largest);

        Assert.AreEqual("temperature", refused.ParamName);
        StringAssert.StartsWith(refused.Message, "Draws at this temperature can overflow float32, the standard normal values it multiplies reaching 8.572; use a temperature of at most 3.96e+37,");
        LatentPoints.RequireTemperature(3.96e37f);
        Assert.IsTrue(float.IsFinite(largest * GaussianNoise.MaxMagnitude), "the largest value the noise gives, times the largest temperature");
        Assert.IsTrue(drawn.All(float.IsFinite));
        Assert.IsTrue(drawn.Any(value => Math.Abs(value) > 1e37f), "draws reach far at that temperature");
    }

    [TestMethod]
    public void AnObservationDrawOverflowingInALaterBlockIsNumberedAmongAllRows()
    {
        // Min-max scaled over ±1e38, so that σ = 1 on the scaled feature is about 2e38 in its own units.
        float[] values = [.. Enumerable.Range(0, 200).SelectMany(i => new[] { i % 2 == 0 ? -1e38f : 1e38f, i % 3 / 2f })];
        VaeModel model = Fit(values, 2, VaeLikelihood.Gaussian, VaeInputScaling.MinMax);
        var atOnce = Assert.ThrowsExactly<VaeOverflowException>(() => model.Generate(50, seed: 1, temperature: 0f, sampleObservations: true));

        var sampler = new PriorSampler(model, model.Decode, seed: 1, temperature: 0f, sampleObservations: true);
        VaeOverflowException inBlocks = Assert.ThrowsExactly<VaeOverflowException>(() => OneRowAtATime(sampler, 50, 2));

        Assert.IsGreaterThan(0L, atOnce.Row!.Value, "the first row to overflow must not be the first block's");
        Assert.AreEqual((atOnce.Row, atOnce.Message, atOnce.InObservationDraw), (inBlocks.Row, inBlocks.Message, inBlocks.InObservationDraw));
    }

    [TestMethod]
    public void ADecodingOverflowingInALaterBlockIsNumberedAmongAllRows()
    {
        // Standardizing features of order 1e37 leaves a decoder output of a few dozen standard deviations above float32's range.
        VaeModel model = Fit(HugeSines(), 4, VaeLikelihood.Gaussian, VaeInputScaling.Standardize);
        var atOnce = Assert.ThrowsExactly<VaeOverflowException>(() => model.Generate(200, seed: 2, temperature: 100f));

        var sampler = new PriorSampler(model, model.Decode, seed: 2, temperature: 100f, sampleObservations: false);
        VaeOverflowException inBlocks = Assert.ThrowsExactly<VaeOverflowException>(() => OneRowAtATime(sampler, 200, 4));

        Assert.IsGreaterThan(0L, atOnce.Row!.Value, "the first row to overflow must not be the first block's");
        Assert.AreEqual((atOnce.Row, atOnce.Message), (inBlocks.Row, inBlocks.Message));
    }

    [TestMethod]
    public void ADecodingOverflowAdvisesALowerTemperatureInProcessAndThroughOnnxRuntime()
    {
        // Once the decoder's own advice, for rows to score, came out here: bring such rows back into range.
        VaeModel model = Fit(HugeSines(), 4, VaeLikelihood.Gaussian, VaeInputScaling.Standardize);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(model);

        foreach (VaeOverflowException error in new[]
        {
            Assert.ThrowsExactly<VaeOverflowException>(() => model.Generate(200, seed: 2, temperature: 100f)),
            Assert.ThrowsExactly<VaeOverflowException>(() => onnx.Generate(200, seed: 2, temperature: 100f)),
        })
        {
            StringAssert.StartsWith(error.Message, $"Generated row {error.Row}: decoding its latent point overflowed float32: drawn at temperature 100, ");
            StringAssert.EndsWith(error.Message, "Lower the temperature (now 100).");
            Assert.IsInstanceOfType<VaeOverflowException>(error.InnerException);
        }
    }

    /// <summary>
    /// Points drawn at a temperature of 1 or below lie where the prior draws them, so the decoder, not their distance, is
    /// at fault; at 0 no lower temperature is left to offer.
    /// </summary>
    [TestMethod]
    [DataRow(
        0f,
        "Generated row 0: decoding the prior's mean overflowed float32, so this model cannot generate rows: its decoder gives values past float32's range even at the center of the prior, which training on features near that range can leave.")]
    [DataRow(
        1f,
        "Generated row 0: decoding its latent point overflowed float32, though drawn at temperature 1 it lies where the prior itself draws: the model's decoder gives values "
            + "past float32's range there, which training on features near that range can leave. Lower the temperature (now 1) to draw nearer the prior's mean, where it may not overflow.")]
    public void ADecoderThatOverflowsWherePriorDrawsLieIsToldSo(float temperature, string message)
    {
        // An output bias of 1e10 standard deviations, each about 2e37 in the features' units.
        VaeModel model = Fit(HugeSines(), 4, VaeLikelihood.Gaussian, VaeInputScaling.Standardize);
        Array.Fill(model.Network.Layers[^1].Bias, 1e10f);

        var error = Assert.ThrowsExactly<VaeOverflowException>(() => model.Generate(3, temperature: temperature));

        Assert.AreEqual(message, error.Message);
    }

    private static float[] HugeSines() => [.. Enumerable.Range(0, 64).SelectMany(i => Enumerable.Range(0, 4).Select(j => 3e37f * MathF.Sin((i * 0.7f) + j)))];

    private static void OneRowAtATime(PriorSampler sampler, int rows, int features)
    {
        var row = new float[features];
        for (int i = 0; i < rows; i++)
        {
            sampler.Next(row);
        }
    }

    private static VaeModel Trained(VaeLikelihood likelihood)
    {
        float[] values = [.. Enumerable.Range(0, 40 * Features).Select(i => likelihood == VaeLikelihood.Bernoulli ? (i * 7 % 5 < 2 ? 1f : 0f) : MathF.Sin(i * 0.37f))];
        return Fit(values, Features, likelihood, likelihood == VaeLikelihood.Bernoulli ? VaeInputScaling.None : VaeInputScaling.Standardize);
    }

    private static VaeModel Fit(float[] values, int features, VaeLikelihood likelihood, VaeInputScaling scaling) =>
        new VaeTrainer(new VaeOptions
        {
            HiddenLayerSizes = [4], LatentDimension = LatentDimension, Likelihood = likelihood, InputScaling = scaling,
            Epochs = 2, BatchSize = 8, NumberOfThreads = 1,
        }).Fit(VaeDataset.FromArray(values, features));
}
