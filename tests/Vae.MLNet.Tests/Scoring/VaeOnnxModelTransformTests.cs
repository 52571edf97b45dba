using Vae.MLNet.Onnx;
using Vae.MLNet.Persistence;
using Vae.MLNet.Runtime;
using static Vae.MLNet.Tests.Scoring.VaeOnnxModelScoringTests;

namespace Vae.MLNet.Tests.Scoring;

/// <summary>The one-pass autoencoder session of <see cref="VaeOnnxModel"/>: Transform, ScoreRows and Save.</summary>
[TestClass]
public sealed class VaeOnnxModelTransformTests
{
    public static IEnumerable<object[]> AllKinds => ScoringTestModels.AllKinds;

    [TestMethod]
    [DynamicData(nameof(AllKinds))]
    public void TransformAndScoreRowsMatchTheEngine(VaeLikelihood likelihood, VaeActivation activation, bool scaled)
    {
        VaeModel engine = ScoringTestModels.Create(likelihood, activation, scaled, seed: 21);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        foreach (int rows in new[] { 1, 7 })
        {
            float[] features = ScoringTestModels.Rows(rows, d, seed: rows, low: scaled ? -3f : 0f, high: scaled ? 5f : 1f);
            string at = $"{rows} row(s)";
            var (mean, logVariance, reconstruction) = (new float[rows * k], new float[rows * k], new float[rows * d]);
            var (score, error) = (new float[rows], new float[rows]);
            engine.Encode(features, mean, logVariance);
            engine.Reconstruct(features, reconstruction);
            engine.ScoreRows(features, error, score);

            var (onnxMean, onnxLogVariance, onnxReconstruction) = (new float[rows * k], new float[rows * k], new float[rows * d]);
            var (onnxError, onnxScore) = (new float[rows], new float[rows]);
            onnx.Transform(features, onnxMean, onnxLogVariance, onnxReconstruction, onnxError, onnxScore);
            AssertClose(mean, onnxMean, relative: false, $"latent means, {at}");
            AssertClose(logVariance, onnxLogVariance, relative: false, $"latent log-variances, {at}");
            AssertClose(reconstruction, onnxReconstruction, relative: scaled, $"reconstructions, {at}");
            AssertClose(error, onnxError, relative: true, $"reconstruction errors, {at}");
            AssertClose(score, onnxScore, relative: true, $"anomaly scores, {at}");

            // Without the loss outputs the encoder and decoder graphs run instead of the autoencoder graph.
            var (latentOnly, logVarianceOnly, reconstructionOnly) = (new float[rows * k], new float[rows * k], new float[rows * d]);
            onnx.Transform(features, latentOnly, logVarianceOnly, reconstructionOnly, default, default);
            AssertClose(mean, latentOnly, relative: false, $"latent means without losses, {at}");
            AssertClose(logVariance, logVarianceOnly, relative: false, $"latent log-variances without losses, {at}");
            AssertClose(reconstruction, reconstructionOnly, relative: scaled, $"reconstructions without losses, {at}");

            var (scoredScore, scoredError) = (new float[rows], new float[rows]);
            onnx.ScoreRows(features, scoredError, scoredScore);
            AssertClose(score, scoredScore, relative: true, $"ScoreRows anomaly scores, {at}");
            AssertClose(error, scoredError, relative: true, $"ScoreRows reconstruction errors, {at}");
        }
    }

    [TestMethod]
    public void EachOutputAloneEqualsItsPartOfTheFullPass()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Tanh, scaled: true, seed: 22);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        const int rows = 5;
        int[] widths = [engine.LatentDimension, engine.LatentDimension, engine.InputDimension, 1, 1];
        float[] features = ScoringTestModels.Rows(rows, engine.InputDimension, seed: 23, low: -2f, high: 2f);
        float[][] full = widths.Select(w => new float[rows * w]).ToArray();
        onnx.Transform(features, full[0], full[1], full[2], full[3], full[4]);

        for (int requested = 0; requested < widths.Length; requested++)
        {
            float[][] alone = widths.Select((w, i) => i == requested ? Enumerable.Repeat(float.NaN, rows * w).ToArray() : []).ToArray();
            onnx.Transform(features, alone[0], alone[1], alone[2], alone[3], alone[4]);
            CollectionAssert.AreEqual(full[requested], alone[requested], $"output {requested} requested alone");
        }

        // Nothing requested: nothing to compute, and no error.
        onnx.Transform(features, [], [], [], [], []);
        onnx.Transform([], [], [], [], [], []);
    }

    [TestMethod]
    public void LargeBatchesSpanChunks()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 24);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        const int rows = 9000; // more than one ONNX Runtime chunk
        float[] features = ScoringTestModels.Rows(rows, engine.InputDimension, seed: 25);
        var (expected, actual) = (new float[rows], new float[rows]);
        engine.ScoreRows(features, new float[rows], expected);
        onnx.Transform(features, [], [], [], [], actual);
        AssertClose(expected, actual, relative: true, "9000 anomaly scores");
    }

    [TestMethod]
    public void ScoreRowsRefusesWhatTheEngineRefuses()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 26);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        float[] twoRows = ScoringTestModels.Rows(2, d, seed: 27);
        float[] nonFinite = (float[])twoRows.Clone();
        nonFinite[d + 1] = float.NegativeInfinity;
        (float[] Features, int ScoreLength, int ErrorLength)[] badCalls =
        [
            (twoRows[1..], 2, 2),
            (twoRows, 1, 2),
            (twoRows, 2, 3),
            (nonFinite, 2, 2),
        ];
        foreach ((float[] features, int scoreLength, int errorLength) in badCalls)
        {
            ArgumentException fromEngine = Assert.ThrowsExactly<ArgumentException>(() => engine.ScoreRows(features, new float[errorLength], new float[scoreLength]));
            ArgumentException fromOnnx = Assert.ThrowsExactly<ArgumentException>(() => onnx.ScoreRows(features, new float[errorLength], new float[scoreLength]));
            Assert.AreEqual(fromEngine.Message, fromOnnx.Message);
            Assert.AreEqual(fromEngine.ParamName, fromOnnx.ParamName);
        }
    }

    [TestMethod]
    public void TransformNamesTheSpanOfTheWrongLength()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 28);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        float[] features = ScoringTestModels.Rows(2, d, seed: 29);
        Assert.AreEqual("features", Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(features.AsSpan(1), [], [], [], [], new float[2])).ParamName);
        Assert.AreEqual("latentMean", Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(features, new float[k], [], [], [], [])).ParamName);
        Assert.AreEqual("latentLogVariance", Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(features, [], new float[3 * k], [], [], [])).ParamName);
        Assert.AreEqual("reconstruction", Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(features, [], [], new float[d], [], [])).ParamName);
        Assert.AreEqual("reconstructionError", Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(features, [], [], [], new float[1], [])).ParamName);
        Assert.AreEqual("anomalyScore", Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(features, [], [], [], [], new float[3])).ParamName);
        features[3] = float.NaN;
        ArgumentException nan = Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(features, [], [], [], [], new float[2]));
        Assert.AreEqual("features", nan.ParamName);
        StringAssert.Contains(nan.Message, "Row 0, feature 3 is NaN");
    }

    [TestMethod]
    public void TransformRefusesBuffersThatShareMemory()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 31);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        const int rows = 4;
        float[] buffer = ScoringTestModels.Rows(2 * rows, d, seed: 31);
        float[] untouched = (float[])buffer.Clone();

        // A reconstruction written into features not yet read would change the outputs of the rows after it.
        ArgumentException features = Assert.ThrowsExactly<ArgumentException>(
            () => onnx.Transform(buffer.AsSpan(0, rows * d), [], [], buffer.AsSpan(d, rows * d), [], []));
        Assert.AreEqual("reconstruction", features.ParamName);
        StringAssert.Contains(features.Message, "features and reconstruction share memory");

        var outputs = new float[rows * k + rows];
        ArgumentException scores = Assert.ThrowsExactly<ArgumentException>(
            () => onnx.Transform(buffer.AsSpan(0, rows * d), outputs.AsSpan(0, rows * k), [], [], [], outputs.AsSpan(rows * k - 1, rows)));
        Assert.AreEqual("anomalyScore", scores.ParamName);
        CollectionAssert.AreEqual(untouched, buffer, "refused before anything was written");
    }

    [TestMethod]
    public void TransformRefusesEveryPairOfItsBuffersThatShareMemory()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 31);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        const int rows = 2;
        string[] names = ["features", "latentMean", "latentLogVariance", "reconstruction", "reconstructionError", "anomalyScore"];
        int[] lengths = [rows * engine.InputDimension, rows * engine.LatentDimension, rows * engine.LatentDimension, rows * engine.InputDimension, rows, rows];
        for (int first = 0; first < names.Length; first++)
        {
            for (int second = first + 1; second < names.Length; second++)
            {
                // The second buffer starts on the first one's last value; every other buffer has memory of its own.
                float[][] own = [.. lengths.Select(length => new float[length])];
                var shared = new float[lengths[first] + lengths[second] - 1];
                (int a, int b) = (first, second);
                Span<float> Buffer(int i) => i == a ? shared.AsSpan(0, lengths[a]) : i == b ? shared.AsSpan(lengths[a] - 1, lengths[b]) : own[i];

                ArgumentException error = Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(Buffer(0), Buffer(1), Buffer(2), Buffer(3), Buffer(4), Buffer(5)));

                Assert.AreEqual(names[second], error.ParamName, $"{names[first]} and {names[second]}");
                StringAssert.Contains(error.Message, $"The buffers {names[first]} and {names[second]} share memory");
            }
        }
    }

    [TestMethod]
    public void SaveWritesBackTheZipItLoadedWithItsTensorNames()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Softplus, scaled: true, seed: 30);
        var names = new OnnxTensorNames { Features = "x", LatentMean = "mu", AnomalyScore = "score", ReconstructionError = "err" };
        using var original = new MemoryStream();
        VaeOnnxGraphs graphs = engine.ExportOnnx(names);
        ModelArchive.Write(original, engine.CreateManifest(graphs.TensorNames), graphs, engine.FeatureRanges);
        original.Position = 0;
        using VaeOnnxModel loaded = VaeOnnxModel.Load(original);
        Assert.AreEqual(names, loaded.TensorNames);

        using var saved = new MemoryStream();
        loaded.Save(saved);
        CollectionAssert.AreEqual(original.ToArray(), saved.ToArray());

        // The renamed outputs are the ones the one-pass run asks for.
        float[] features = ScoringTestModels.Rows(3, engine.InputDimension, seed: 31);
        var (expected, actual) = (new float[3], new float[3]);
        engine.ScoreRows(features, new float[3], expected);
        loaded.Transform(features, [], [], [], [], actual);
        AssertClose(expected, actual, relative: true, "anomaly scores under custom names");
        Assert.ThrowsExactly<ArgumentException>(() => loaded.Save(new MemoryStream([], writable: false)));
    }
}
