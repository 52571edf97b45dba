using Vae.MLNet.Transforms;
using static Vae.MLNet.Tests.Scoring.VaeOnnxModelScoringTests;

namespace Vae.MLNet.Tests.Transforms;

[TestClass]
public sealed class VaeDecoderTransformerTests
{
    private const int D = TransformTestData.FeatureCount;
    private const int K = TransformTestData.LatentDimension;

    private static VaeTransformer transformer = null!;
    private static VaeDecoderTransformer decoder = null!;

    [ClassInitialize]
    public static void Train(TestContext context)
    {
        transformer = TransformTestData.Fit(VaeLikelihood.Bernoulli);
        decoder = transformer.CreateDecoder();
    }

    [ClassCleanup]
    public static void Release()
    {
        decoder.Dispose();
        transformer.Dispose();
    }

    [TestMethod]
    public void DecodeMatchesTheEngine()
    {
        float[] latent = [0.5f, -1f, 2f, -0.25f, 0f, 1.5f];
        var (expected, actual) = (new float[2 * D], new float[2 * D]);
        transformer.Model.Decode(latent, expected);
        decoder.Decode(latent, actual);
        AssertClose(expected, actual, relative: false, "decoded rows");
        Assert.AreEqual(D, decoder.InputDimension);
        Assert.AreEqual(K, decoder.LatentDimension);
        Assert.AreSame(transformer.Model.FeatureRanges, decoder.FeatureRanges);
        Assert.IsNotNull(decoder.FeatureRanges);
    }

    /// <summary>The decoder had no Decode overload giving a learned-variance model's reconstruction log-variances.</summary>
    [TestMethod]
    public void DecodeGivesTheLearnedLogVariancesOfTheEngine()
    {
        using VaeTransformer learned = TransformTestData.Fit(VaeLikelihood.GaussianLearnedVariance);
        using VaeDecoderTransformer learnedDecoder = learned.CreateDecoder();
        float[] latent = [0.5f, -1f, 2f, -0.25f, 0f, 1.5f];
        var (expected, expectedLogVariance) = (new float[2 * D], new float[2 * D]);
        var (actual, actualLogVariance) = (new float[2 * D], new float[2 * D]);

        learned.Model.Decode(latent, expected, expectedLogVariance);
        learnedDecoder.Decode(latent, actual, actualLogVariance);

        AssertClose(expected, actual, relative: true, "decoded rows");
        AssertClose(expectedLogVariance, actualLogVariance, relative: true, "reconstruction log-variances");
    }

    [TestMethod]
    public void DecodeRefusesLogVariancesOfAModelWithoutThemAsTheEngineDoes()
    {
        float[] latent = new float[K];
        var engineError = Assert.ThrowsExactly<ArgumentException>(() => transformer.Model.Decode(latent, new float[D], new float[D]));

        var error = Assert.ThrowsExactly<ArgumentException>(() => decoder.Decode(latent, new float[D], new float[D]));

        Assert.AreEqual("reconstructionLogVariance", error.ParamName);
        Assert.AreEqual(engineError.Message, error.Message);
    }

    [TestMethod]
    public void GenerateIsDeterministicPerSeedAndDiffersAcrossSeeds()
    {
        float[] first = decoder.Generate(6, seed: 3);
        Assert.HasCount(6 * D, first);
        CollectionAssert.AreEqual(first, decoder.Generate(6, seed: 3));
        CollectionAssert.AreNotEqual(first, decoder.Generate(6, seed: 4));
        CollectionAssert.AreNotEqual(first[..D], first[D..(2 * D)], "two draws decoded the same");
        CollectionAssert.AreNotEqual(first, decoder.Generate(6, seed: 3, temperature: 0.5f), "the temperature changed nothing");
    }

    [TestMethod]
    public void DrawnObservationsAreTheEnginesForTheSameSeed()
    {
        float[] engine = transformer.Model.Generate(50, seed: 8, sampleObservations: true);
        float[] drawn = decoder.Generate(50, seed: 8, sampleObservations: true);

        CollectionAssert.AreEqual(engine, drawn, "Bernoulli bits, drawn against probabilities that agree to ONNX Runtime's rounding");
        CollectionAssert.AreNotEqual(decoder.Generate(50, seed: 8), drawn, "the draws are not the probabilities");
    }

    [TestMethod]
    public void DrawnObservationsOfALearnedVarianceModelAreTheEnginesToOnnxRuntimesRounding()
    {
        using VaeTransformer learned = TransformTestData.Fit(VaeLikelihood.GaussianLearnedVariance);
        using VaeDecoderTransformer learnedDecoder = learned.CreateDecoder();

        AssertClose(
            learned.Model.Generate(50, seed: 8, sampleObservations: true), learnedDecoder.Generate(50, seed: 8, sampleObservations: true), relative: true, "drawn rows");
    }

    [TestMethod]
    public void TemperatureZeroDecodesThePriorMeanForEveryRow()
    {
        float[] origin = new float[D];
        decoder.Decode(new float[K], origin);
        float[] rows = decoder.Generate(4, seed: 9, temperature: 0f);
        for (int row = 0; row < 4; row++)
        {
            CollectionAssert.AreEqual(origin, rows[(row * D)..((row + 1) * D)], $"row {row}");
        }
    }

    [TestMethod]
    public void InterpolateRunsFromTheFirstLatentToTheSecond()
    {
        float[] a = [1f, -2f, 0.3f];
        float[] b = [-0.7f, 0.1f, 2.9f];
        var (decodedA, decodedB, decodedMiddle) = (new float[D], new float[D], new float[D]);
        decoder.Decode(a, decodedA);
        decoder.Decode(b, decodedB);
        decoder.Decode(a.Zip(b, (x, y) => (x + y) / 2).ToArray(), decodedMiddle);

        float[] path = decoder.Interpolate(a, b, steps: 3);

        Assert.HasCount(3 * D, path);
        CollectionAssert.AreEqual(decodedA, path[..D], "first step");
        AssertClose(decodedMiddle, path[D..(2 * D)], relative: false, "middle step");
        CollectionAssert.AreEqual(decodedB, path[(2 * D)..], "last step");
        CollectionAssert.AreEqual(decodedA.Concat(decodedB).ToArray(), decoder.Interpolate(a, b, steps: 2));
    }

    [TestMethod]
    public void BadArgumentsAreRefusedNamingTheArgument()
    {
        Assert.AreEqual("count", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => decoder.Generate(0)).ParamName);
        Assert.AreEqual("count", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => decoder.Generate(int.MaxValue)).ParamName);
        foreach (float temperature in new[] { -0.1f, float.NaN, float.PositiveInfinity })
        {
            Assert.AreEqual("temperature", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => decoder.Generate(1, temperature: temperature)).ParamName, $"T = {temperature}");
        }

        Assert.AreEqual(
            "temperature", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => decoder.Generate(int.MaxValue, temperature: -1f)).ParamName, "the temperature before the count's size");
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => decoder.Generate(10, temperature: float.MaxValue)).Message, "overflow float32");

        float[] latent = new float[K];
        Assert.AreEqual("latentA", Assert.ThrowsExactly<ArgumentException>(() => decoder.Interpolate(new float[K + 1], latent, 2)).ParamName);
        Assert.AreEqual("latentB", Assert.ThrowsExactly<ArgumentException>(() => decoder.Interpolate(latent, [], 2)).ParamName);
        ArgumentException notFinite = Assert.ThrowsExactly<ArgumentException>(() => decoder.Interpolate([0f, float.NegativeInfinity, 0f], latent, 2));
        Assert.AreEqual("latentA", notFinite.ParamName);
        StringAssert.Contains(notFinite.Message, "Row 0, latent value 1");
        Assert.AreEqual("steps", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => decoder.Interpolate(latent, latent, 1)).ParamName);
        Assert.AreEqual("steps", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => decoder.Interpolate(latent, latent, int.MaxValue)).ParamName);

        Assert.AreEqual("reconstruction", Assert.ThrowsExactly<ArgumentException>(() => decoder.Decode(latent, new float[D - 1])).ParamName);
        Assert.AreEqual("latent", Assert.ThrowsExactly<ArgumentException>(() => decoder.Decode([float.NaN, 0f, 0f], new float[D])).ParamName);
    }
}
