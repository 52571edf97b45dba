using Vae.MLNet.Data;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Evaluation;

namespace Vae.MLNet.Tests.Model;

/// <summary>Generated rows drawn from p(x | z) around the decoded means of the same latent points.</summary>
[TestClass]
public sealed class ObservationDrawTests
{
    private const int Rows = 4000;

    [TestMethod]
    public void BernoulliDrawsAreBitsAsFrequentAsTheirProbabilities()
    {
        VaeModel model = EvaluationModels.Bernoulli.Model;
        int d = model.InputDimension;

        float[] draws = model.Generate(Rows, seed: 5, sampleObservations: true);
        float[] probabilities = model.Generate(Rows, seed: 5);

        Assert.IsTrue(draws.All(value => value is 0f or 1f));
        for (int j = 0; j < d; j++)
        {
            double drawn = Column(draws, d, j).Average();
            double expected = Column(probabilities, d, j).Average();
            Assert.AreEqual(expected, drawn, 0.04, $"feature {j}");
        }

        CollectionAssert.AreEqual(draws, model.Generate(Rows, seed: 5, sampleObservations: true), "the same seed draws the same rows");
        CollectionAssert.AreNotEqual(draws, model.Generate(Rows, seed: 6, sampleObservations: true));
    }

    [TestMethod]
    public void BernoulliDrawsOfAMinMaxScaledModelAreExactlyTheEndsOfTheLearnedRange()
    {
        // Mapped back through the scaling, 1 is 1/(1/14f) = 13.999999 and 1/(1/13f) = 12.999999, not the maxima, and
        // the constant feature's 1, scaled by 1, is 4, outside its data.
        float[] low = [0f, 0f, 5f, -0.3f, 3f];
        float[] high = [14f, 13f, 15f, 0.7f, 3f];
        float[] values = [.. Enumerable.Range(0, 64 * 5).Select(i => (i * 7 % 3 == 0) ? low[i % 5] : high[i % 5])];
        var options = new VaeOptions { HiddenLayerSizes = [8], LatentDimension = 2, Epochs = 2, BatchSize = 16, InputScaling = VaeInputScaling.MinMax, NumberOfThreads = 1 };
        VaeModel model = new VaeTrainer(options).Fit(VaeDataset.FromArray(values, 5));
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(model);

        float[] draws = model.Generate(200, seed: 1, sampleObservations: true);
        float[] onnxDraws = onnx.Generate(200, seed: 1, sampleObservations: true);

        float[] offEnds = [.. draws.Where((value, i) => value != low[i % 5] && value != high[i % 5])];
        Assert.IsEmpty(offEnds, string.Join(", ", offEnds.Distinct().Take(5)));
        Assert.AreEqual(2, draws.Where((_, i) => i % 5 == 0).Distinct().Count(), "both ends are drawn");
        CollectionAssert.AreEqual(draws, onnxDraws, "ONNX Runtime's decoder draws the same ends");
    }

    [TestMethod]
    public void GaussianDrawsSpreadByTheModelsVarianceInTheOriginalUnits()
    {
        VaeModel model = EvaluationModels.Gaussian.Model;
        int d = model.InputDimension;
        float[] scale = model.Scaling!.Scale;

        float[] draws = model.Generate(Rows, seed: 2, sampleObservations: true);
        float[] means = model.Generate(Rows, seed: 2);

        for (int j = 0; j < d; j++)
        {
            double[] residuals = [.. Column(draws, d, j).Zip(Column(means, d, j), (x, m) => x - m)];
            double expected = Math.Sqrt(model.Options.GaussianVariance) / scale[j];
            Assert.AreEqual(1, StandardDeviation(residuals) / expected, 0.05, $"feature {j}: spread against σ/scale");
            Assert.AreEqual(0, residuals.Average() / expected, 0.07, $"feature {j}: centred on the mean");
        }
    }

    [TestMethod]
    public void LearnedVarianceDrawsSpreadByTheDecodersOwnVariance()
    {
        var options = new VaeOptions
        {
            HiddenLayerSizes = [16], LatentDimension = 2, Likelihood = VaeLikelihood.GaussianLearnedVariance,
            InputScaling = VaeInputScaling.Standardize, Epochs = 5, BatchSize = 32, LearningRate = 1e-2f, NumberOfThreads = 1,
        };
        VaeModel model = new VaeTrainer(options).Fit(EvaluationModels.Gaussian.Data);
        int d = model.InputDimension;
        float[] latent = PriorDraws.Of(Rows, model.LatentDimension, seed: 3, temperature: 1f);
        var (means, logVariances) = (new float[Rows * d], new float[Rows * d]);
        model.Decode(latent, means, logVariances);

        float[] draws = model.Generate(Rows, seed: 3, sampleObservations: true);

        double[] standardized = [.. draws.Select((x, i) => (x - means[i]) / Math.Exp(0.5 * logVariances[i]))];
        Assert.AreEqual(1, StandardDeviation(standardized), 0.03);
        Assert.AreEqual(0, standardized.Average(), 0.02);
    }

    [TestMethod]
    public void ADrawBeyondFloat32IsToldAsTheNoisesNotTheLatentPoints()
    {
        // Min-max scaled over ±1e38, so that σ = 1 on the scaled feature is about 2e38 in its own units.
        float[] values = [.. Enumerable.Range(0, 200).SelectMany(i => new[] { i % 2 == 0 ? -1e38f : 1e38f, i % 3 / 2f })];
        var options = new VaeOptions
        {
            HiddenLayerSizes = [4], LatentDimension = 1, Likelihood = VaeLikelihood.Gaussian, InputScaling = VaeInputScaling.MinMax,
            Epochs = 1, BatchSize = 50, NumberOfThreads = 1,
        };
        VaeModel model = new VaeTrainer(options).Fit(VaeDataset.FromArray(values, 2));

        float[] means = model.Generate(50, temperature: 0f);
        var error = Assert.ThrowsExactly<VaeOverflowException>(() => model.Generate(50, temperature: 0f, sampleObservations: true));

        Assert.IsTrue(means.All(float.IsFinite));
        Assert.IsTrue(error.InObservationDraw);
        StringAssert.Contains(error.Message, "the draw of feature 0 came out");
        StringAssert.EndsWith(error.Message, "Generate the rows' means instead, without drawing observations.");
    }

    private static IEnumerable<double> Column(float[] rows, int width, int feature) =>
        Enumerable.Range(0, rows.Length / width).Select(r => (double)rows[(r * width) + feature]);

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(value => (value - mean) * (value - mean)) / values.Length);
    }
}
