using Vae.MLNet.Data;
using Vae.MLNet.Tests.Evaluation;
using Vae.MLNet.Transforms;
using static Vae.MLNet.Tests.Scoring.VaeOnnxModelScoringTests;

namespace Vae.MLNet.Tests.Transforms;

[TestClass]
public sealed class VaeTransformerTests
{
    private const int D = TransformTestData.FeatureCount;
    private const int K = TransformTestData.LatentDimension;

    private static VaeTransformer transformer = null!;

    [ClassInitialize]
    public static void Train(TestContext context) => transformer = TransformTestData.Fit();

    [ClassCleanup]
    public static void Release() => transformer.Dispose();

    [TestMethod]
    [DataRow(VaeLikelihood.Bernoulli)]
    [DataRow(VaeLikelihood.Gaussian)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance)]
    public void FittedTransformerScoresLikeItsEngineModel(VaeLikelihood likelihood)
    {
        var progress = new SynchronousProgress<VaeEpochReport>();
        using VaeTransformer fitted = new VaeTransformerEstimator(TransformTestData.Options(likelihood))
            .Fit(TransformTestData.Dataset(80, seed: 1, likelihood), progress);
        Assert.HasCount(3, progress.Reports);
        Assert.AreEqual(3, fitted.Model.History.Epochs.Count);

        const int rows = 1500; // more than one batch of the dataset overload
        float[] features = TransformTestData.Rows(rows, seed: 2, likelihood);
        VaeTransformResult result = fitted.Transform(VaeDataset.FromArray(features, D));

        VaeModel engine = fitted.Model;
        var (mean, logVariance, reconstruction) = (new float[rows * K], new float[rows * K], new float[rows * D]);
        var (score, error) = (new float[rows], new float[rows]);
        engine.Encode(features, mean, logVariance);
        engine.Reconstruct(features, reconstruction);
        engine.ScoreRows(features, error, score);
        Assert.AreEqual(rows, result.RowCount);
        AssertClose(mean, result.LatentMean, relative: false, "latent means");
        AssertClose(logVariance, result.LatentLogVariance, relative: false, "latent log-variances");
        AssertClose(reconstruction, result.Reconstruction, relative: true, "reconstructions");
        AssertClose(error, result.ReconstructionError, relative: true, "reconstruction errors");
        AssertClose(score, result.AnomalyScore, relative: true, "anomaly scores");
        if (likelihood == VaeLikelihood.GaussianLearnedVariance)
        {
            var (decoded, reconstructionLogVariance) = (new float[rows * D], new float[rows * D]);
            engine.Decode(result.LatentMean, decoded, reconstructionLogVariance);
            AssertClose(reconstructionLogVariance, result.ReconstructionLogVariance!, relative: true, "reconstruction log-variances");
            AssertClose(decoded, result.Reconstruction, relative: true, "reconstructions decoded with their log-variances");
        }
        else
        {
            Assert.IsNull(result.ReconstructionLogVariance);
        }
    }

    /// <summary>The result of a learned-variance model had no member for the reconstruction's log-variances.</summary>
    [TestMethod]
    public void ResultsDifferingOnlyInTheirReconstructionLogVariancesAreNotEqual()
    {
        using VaeTransformer learned = TransformTestData.Fit(VaeLikelihood.GaussianLearnedVariance);
        VaeTransformResult result = learned.Transform(TransformTestData.Dataset(3, seed: 2, VaeLikelihood.GaussianLearnedVariance));
        float[] shifted = [.. result.ReconstructionLogVariance!];
        shifted[^1] += 1f;

        Assert.HasCount(3 * D, result.ReconstructionLogVariance!);
        Assert.AreEqual(result, result with { ReconstructionLogVariance = [.. result.ReconstructionLogVariance!] });
        Assert.AreNotEqual(result, result with { ReconstructionLogVariance = shifted });
        Assert.AreNotEqual(result, result with { ReconstructionLogVariance = null });
    }

    [TestMethod]
    public void SpanTransformWritesOnlyTheRequestedOutputs()
    {
        const int rows = 4;
        float[] features = TransformTestData.Rows(rows, seed: 3);
        VaeTransformResult all = transformer.Transform(VaeDataset.FromArray(features, D));
        float[] mean = Enumerable.Repeat(float.NaN, rows * K).ToArray();
        float[] score = Enumerable.Repeat(float.NaN, rows).ToArray();

        transformer.Transform(features, mean, [], [], [], score);

        CollectionAssert.AreEqual(all.LatentMean, mean);
        CollectionAssert.AreEqual(all.AnomalyScore, score);
    }

    [TestMethod]
    public void SaveAndLoadGiveIdenticalTransforms()
    {
        VaeDataset data = TransformTestData.Dataset(50, seed: 4);
        VaeTransformResult expected = transformer.Transform(data);
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "model.zip");
        transformer.Save(path);
        using var stream = new MemoryStream();
        transformer.Save(stream);
        CollectionAssert.AreEqual(File.ReadAllBytes(path), stream.ToArray(), "path and stream saves differ");
        stream.Position = 0;

        using VaeTransformer fromFile = VaeTransformer.Load(path);
        using VaeTransformer fromStream = VaeTransformer.Load(stream, intraOpThreads: 2);
        foreach (VaeTransformer loaded in new[] { fromFile, fromStream })
        {
            VaeTransformResult actual = loaded.Transform(data);
            CollectionAssert.AreEqual(expected.LatentMean, actual.LatentMean);
            CollectionAssert.AreEqual(expected.LatentLogVariance, actual.LatentLogVariance);
            CollectionAssert.AreEqual(expected.Reconstruction, actual.Reconstruction);
            CollectionAssert.AreEqual(expected.ReconstructionError, actual.ReconstructionError);
            CollectionAssert.AreEqual(expected.AnomalyScore, actual.AnomalyScore);
            Assert.AreEqual(transformer.InputDimension, loaded.InputDimension);
            Assert.AreEqual(transformer.LatentDimension, loaded.LatentDimension);
            Assert.AreEqual(transformer.Model.History.Epochs.Count, loaded.Model.History.Epochs.Count);
        }
    }

    [TestMethod]
    public void InterpolateRowsStartsAndEndsAtTheRowsReconstructions()
    {
        float[] rows = TransformTestData.Rows(2, seed: 5);
        float[] reconstruction = new float[2 * D];
        transformer.Transform(rows, [], [], reconstruction, [], []);

        float[] path = transformer.InterpolateRows(rows.AsSpan(0, D), rows.AsSpan(D), steps: 5);

        Assert.HasCount(5 * D, path);
        AssertClose(reconstruction[..D], path[..D], relative: true, "first step");
        AssertClose(reconstruction[D..], path[(4 * D)..], relative: true, "last step");
        CollectionAssert.AreNotEqual(path[..D], path[(2 * D)..(3 * D)], "the middle step is one of the ends");
    }

    [TestMethod]
    public void BadArgumentsAreRefusedNamingTheArgument()
    {
        float[] row = TransformTestData.Rows(1, seed: 6);
        Assert.ThrowsExactly<ArgumentNullException>(() => transformer.Transform(null!));
        ArgumentException wrongWidth = Assert.ThrowsExactly<ArgumentException>(() => transformer.Transform(VaeDataset.FromArray(new float[2 * (D + 1)], D + 1)));
        Assert.AreEqual("data", wrongWidth.ParamName);
        StringAssert.Contains(wrongWidth.Message, $"the model takes {D}");
        Assert.AreEqual("reconstruction", Assert.ThrowsExactly<ArgumentException>(() => transformer.Transform(row, [], [], new float[D + 1], [], [])).ParamName);
        Assert.AreEqual("features", Assert.ThrowsExactly<ArgumentException>(() => transformer.Transform(row.AsSpan(1), [], [], [], [], new float[1])).ParamName);

        Assert.AreEqual("rowA", Assert.ThrowsExactly<ArgumentException>(() => transformer.InterpolateRows(row.AsSpan(1), row, 3)).ParamName);
        Assert.AreEqual("rowB", Assert.ThrowsExactly<ArgumentException>(() => transformer.InterpolateRows(row, new float[D + 1], 3)).ParamName);
        float[] nan = (float[])row.Clone();
        nan[2] = float.NaN;
        ArgumentException notFinite = Assert.ThrowsExactly<ArgumentException>(() => transformer.InterpolateRows(row, nan, 3));
        Assert.AreEqual("rowB", notFinite.ParamName);
        StringAssert.Contains(notFinite.Message, "Row 0, feature 2 is NaN");
        Assert.AreEqual("steps", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.InterpolateRows(row, row, 1)).ParamName);

        Assert.ThrowsExactly<ArgumentException>(() => transformer.Save(new MemoryStream([], writable: false)));
        Assert.ThrowsExactly<ArgumentException>(() => transformer.Save(""));
        Assert.AreEqual("path", Assert.ThrowsExactly<ArgumentNullException>(() => transformer.Save((string)null!)).ParamName);
        Assert.ThrowsExactly<FileNotFoundException>(() => VaeTransformer.Load(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.zip")));
        Assert.ThrowsExactly<VaeModelFormatException>(() => VaeTransformer.Load(new MemoryStream([1, 2, 3])));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VaeTransformer.Load(new MemoryStream(), intraOpThreads: -1));
    }

    [TestMethod]
    public void ADatasetWhoseLatentOutputsPassOneArrayIsRefusedNamingTheLatentWidth()
    {
        var options = new VaeOptions { HiddenLayerSizes = [1], LatentDimension = 65_536, Likelihood = VaeLikelihood.Gaussian, Epochs = 1, NumberOfThreads = 1 };
        using VaeTransformer wide = new VaeTransformerEstimator(options).Fit(VaeDataset.FromArray([0f, 1f, 2f, 3f], 1));

        var error = Assert.ThrowsExactly<ArgumentException>(() => wide.Transform(VaeDataset.FromArray(new float[32_768], 1)));

        Assert.AreEqual("data", error.ParamName);
        StringAssert.StartsWith(error.Message, "32768 rows of 65536 latent dimensions give more values than one array holds; transform at most 32767 rows at a time");
    }

    [TestMethod]
    public void ABadFeatureOfADatasetIsNamedByItsRowInTheDataset()
    {
        // Past the first batch of rows copied out of the dataset, so a row counted within the batch would be wrong.
        const int badRow = 1500;
        float[] features = TransformTestData.Rows(1600, seed: 7);
        features[(badRow * D) + 2] = float.NaN;

        VaeDataException error = Assert.ThrowsExactly<VaeDataException>(() => transformer.Transform(VaeDataset.FromArray(features, D)));

        Assert.AreEqual(badRow, error.Row);
        Assert.AreEqual(2, error.Column);
        StringAssert.StartsWith(error.Message, $"Row {badRow}, feature 2 is NaN");

        // A finite row whose outputs overflow is named the same way.
        features.AsSpan(badRow * D, D).Fill(float.MaxValue);
        var overflow = Assert.ThrowsExactly<VaeOverflowException>(() => transformer.Transform(VaeDataset.FromArray(features, D)));
        StringAssert.StartsWith(overflow.Message, $"Row {badRow}: the ");
        Assert.AreEqual(badRow, overflow.Row);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-5)]
    public void ADatasetReportingNoRowsIsRefusedAsEvaluateRefusesIt(int rows)
    {
        var empty = new OwnDataset(VaeDataset.FromArray(TransformTestData.Rows(2, seed: 8), D), rows, nanRow: null);

        // -5 rows overflowed allocating the outputs, and 0 gave an empty result.
        var error = Assert.ThrowsExactly<ArgumentException>(() => transformer.Transform(empty));
        Assert.AreEqual("data", error.ParamName);
        Assert.AreEqual(Assert.ThrowsExactly<ArgumentException>(() => transformer.Model.Evaluate(empty)).Message, error.Message);
    }

    [TestMethod]
    public void EstimatorMeasuresValidationDataEveryEpochWithoutTrainingOnIt()
    {
        VaeOptions options = TransformTestData.Options();
        VaeDataset training = TransformTestData.Dataset(80, seed: 1);
        var progress = new SynchronousProgress<VaeEpochReport>();

        using VaeTransformer fitted = new VaeTransformerEstimator(options).Fit(training, TransformTestData.Dataset(20, seed: 3), progress);

        Assert.HasCount(3, progress.Reports);
        Assert.IsTrue(progress.Reports.All(report => report.ValidationLoss is not null));
        CollectionAssert.AreEqual(new VaeTrainer(options).Fit(training).Network.DecoderHead.Weights, fitted.Model.Network.DecoderHead.Weights);
    }

    [TestMethod]
    public void EstimatorChecksAndCopiesItsOptions()
    {
        Assert.AreEqual("LatentDimension", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeTransformerEstimator(new VaeOptions { LatentDimension = 0 })).ParamName);
        VaeOptions options = TransformTestData.Options();
        var estimator = new VaeTransformerEstimator(options);
        options.LatentDimension = 9;
        Assert.AreEqual(K, estimator.Options.LatentDimension);
        Assert.AreEqual(400, new VaeTransformerEstimator().Options.HiddenLayerSizes.Single(), "null options are the defaults");
        Assert.ThrowsExactly<ArgumentNullException>(() => estimator.Fit(null!));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => estimator.Fit(TransformTestData.Dataset(40, seed: 7), cancellationToken: cancelled.Token));
    }
}
