using Vae.MLNet.Data;
using Vae.MLNet.Runtime;
using Vae.MLNet.Transforms;
using static Vae.MLNet.Tests.Scoring.VaeOnnxModelScoringTests;

namespace Vae.MLNet.Tests.Model;

/// <summary>Rows drawn from p(x | z) around latent points the caller gives, by the engine, ONNX Runtime and the decoder transformer.</summary>
[TestClass]
public sealed class ObservationSamplingTests
{
    private const int Rows = 300;
    private const int D = 5;
    private const int K = 2;

    // Features 1–3 are the one-hot colour; feature 0 runs over 0–14 and feature 4 over −1–2, so draws at the ends of a
    // min-max range and noise in the original units are both seen.
    private static readonly VaeCategoricalFeature Colour = new("colour", 1, ["blue", "green", "red"]);

    [TestMethod]
    [DataRow(VaeLikelihood.Bernoulli)]
    [DataRow(VaeLikelihood.Gaussian)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance)]
    public void DrawsAroundThePriorsMeanAreTheRowsGenerateDrawsAtTemperatureZero(VaeLikelihood likelihood)
    {
        // At temperature 0, Generate decodes z = 0 for every row and draws the observations its seed starts.
        using VaeTransformer transformer = Fit(likelihood);
        VaeModel model = transformer.Model;
        float[] observations = new float[Rows * D];

        model.SampleObservations(new float[Rows * K], observations, seed: 4);

        CollectionAssert.AreEqual(model.Generate(Rows, seed: 4, temperature: 0f, sampleObservations: true), observations);
        CollectionAssert.AreNotEqual(model.Generate(Rows, seed: 4, temperature: 0f), observations, "the draws are not the means");
        for (int row = 0; row < Rows; row++)
        {
            float[] colour = observations[((row * D) + 1)..((row * D) + 4)];
            Assert.AreEqual(1, colour.Count(value => value == 1f), $"row {row}'s colour is one category");
            Assert.AreEqual(2, colour.Count(value => value == 0f), $"row {row}'s colour is one category");
        }
    }

    [TestMethod]
    [DataRow(VaeLikelihood.Bernoulli)]
    [DataRow(VaeLikelihood.Gaussian)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance)]
    public void TheEngineOnnxRuntimeAndTheDecoderTransformerDrawTheSameRowsForTheSameSeed(VaeLikelihood likelihood)
    {
        using VaeTransformer transformer = Fit(likelihood);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(transformer.Model);
        using VaeDecoderTransformer decoder = transformer.CreateDecoder();
        float[] latent = PriorDraws.Of(Rows, K, seed: 6, temperature: 1.5f);
        var (engine, throughOnnx, throughDecoder) = (new float[Rows * D], new float[Rows * D], new float[Rows * D]);

        transformer.Model.SampleObservations(latent, engine, seed: 2);
        onnx.SampleObservations(latent, throughOnnx, seed: 2);
        decoder.SampleObservations(latent, throughDecoder, seed: 2);

        AssertClose(engine, throughOnnx, relative: true, "VaeOnnxModel's draws");
        CollectionAssert.AreEqual(throughOnnx, throughDecoder, "the decoder transformer scores through the same ONNX Runtime model");
        float[] otherSeed = new float[Rows * D];
        transformer.Model.SampleObservations(latent, otherSeed, seed: 3);
        CollectionAssert.AreNotEqual(engine, otherSeed, "the seed changed nothing");
    }

    [TestMethod]
    public void BadArgumentsAreRefusedNamingTheArgumentByEveryScorer()
    {
        using VaeTransformer transformer = Fit(VaeLikelihood.Gaussian);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(transformer.Model);
        using VaeDecoderTransformer decoder = transformer.CreateDecoder();
        float[] buffer = new float[2 * D];

        foreach (SampleObservations sample in new SampleObservations[] { transformer.Model.SampleObservations, onnx.SampleObservations, decoder.SampleObservations })
        {
            Assert.AreEqual("latent", Assert.ThrowsExactly<ArgumentException>(() => sample(new float[K + 1], new float[D], 0)).ParamName);
            Assert.AreEqual("observations", Assert.ThrowsExactly<ArgumentException>(() => sample(new float[K], new float[D + 1], 0)).ParamName);
            Assert.AreEqual("observations", Assert.ThrowsExactly<ArgumentException>(() => sample(buffer.AsSpan(0, K), buffer.AsSpan(1, D), 0)).ParamName);
            var notFinite = Assert.ThrowsExactly<ArgumentException>(() => sample([0f, float.NaN], new float[D], 0));
            Assert.AreEqual("latent", notFinite.ParamName);
            StringAssert.StartsWith(notFinite.Message, "Row 0, latent value 1 is NaN; every latent value must be a finite number.");
        }
    }

    [TestMethod]
    public void ADrawBeyondFloat32IsToldByItsRowAmongTheGivenLatentPointsAndAdvisesDecodingTheMeans()
    {
        // Min-max scaled over ±1e38, so that σ = 1 on the scaled feature is about 2e38 in its own units.
        float[] values = [.. Enumerable.Range(0, 200).SelectMany(i => new[] { i % 2 == 0 ? -1e38f : 1e38f, i % 3 / 2f })];
        var options = new VaeOptions
        {
            HiddenLayerSizes = [4], LatentDimension = 1, Likelihood = VaeLikelihood.Gaussian, InputScaling = VaeInputScaling.MinMax,
            Epochs = 1, BatchSize = 50, NumberOfThreads = 1,
        };
        VaeModel model = new VaeTrainer(options).Fit(VaeDataset.FromArray(values, 2));

        var error = Assert.ThrowsExactly<VaeOverflowException>(() => model.SampleObservations(new float[50], new float[100], seed: 1));

        StringAssert.StartsWith(error.Message, $"Row {error.Row}: the draw of feature 0 came out");
        StringAssert.EndsWith(error.Message, "is too wide for float32. Decode the rows' means instead, without drawing observations.");
    }

    private delegate void SampleObservations(ReadOnlySpan<float> latent, Span<float> observations, int seed);

    private static VaeTransformer Fit(VaeLikelihood likelihood)
    {
        var random = new Random(3);
        float[] rows =
        [
            .. Enumerable.Range(0, 120).SelectMany(i => new[]
            {
                (float)Math.Round(random.NextDouble() * 14), i % 3 == 0 ? 1f : 0f, i % 3 == 1 ? 1f : 0f, i % 3 == 2 ? 1f : 0f, (float)(-1 + (random.NextDouble() * 3)),
            }),
        ];
        var options = new VaeOptions
        {
            HiddenLayerSizes = [10], LatentDimension = K, Likelihood = likelihood,
            InputScaling = likelihood == VaeLikelihood.Bernoulli ? VaeInputScaling.MinMax : VaeInputScaling.Standardize,
            Epochs = 3, BatchSize = 16, LearningRate = 1e-2f, Gemm = GemmBackend.Managed, NumberOfThreads = 1, Seed = 5,
        };
        return new VaeTransformerEstimator(options).Fit(VaeDataset.FromArray(rows, D, null, null, [Colour]));
    }
}
