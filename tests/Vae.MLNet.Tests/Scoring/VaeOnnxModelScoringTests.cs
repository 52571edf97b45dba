using System.Diagnostics;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Scoring;

[TestClass]
public sealed class VaeOnnxModelScoringTests
{
    private static readonly int[] BatchSizes = [1, 7, 1000];

    public static IEnumerable<object[]> AllKinds => ScoringTestModels.AllKinds;

    [TestMethod]
    public void AnUnscaledBernoulliModelRefusesToScoreFeaturesOutsideTheUnitInterval()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 5);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        float[] rows = ScoringTestModels.Rows(2, d, seed: 3);
        rows[d + 1] = 7f;
        var (score, error) = (new float[2], new float[2]);

        var fromEngine = Assert.ThrowsExactly<ArgumentException>(() => engine.ScoreRows(rows, error, score));
        var fromOnnx = Assert.ThrowsExactly<ArgumentException>(() => onnx.ScoreRows(rows, error, score));
        var fromTransform = Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(rows, default, default, default, error, score));
        var fromEvaluate = Assert.ThrowsExactly<VaeDataException>(() => engine.Evaluate(VaeDataset.FromArray(rows, d)));

        StringAssert.StartsWith(fromEngine.Message, "Row 1, feature 1 is 7, but this Bernoulli model scores features in [0, 1] only.");
        Assert.AreEqual(fromEngine.Message, fromOnnx.Message);
        Assert.AreEqual(fromEngine.Message, fromTransform.Message);
        Assert.AreEqual(1L, fromEvaluate.Row);
    }

    [TestMethod]
    public void AFeatureOutsideTheUnitIntervalIsWrittenAsCsvFilesWriteItWhateverTheCulture()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 5);
        float[] rows = ScoringTestModels.Rows(1, engine.InputDimension, seed: 3);
        rows[1] = 7.5f;
        var error = Assert.ThrowsExactly<ArgumentException>(() => engine.ScoreRows(rows, new float[1], new float[1]));

        StringAssert.StartsWith(error.Message, "Row 0, feature 1 is 7.5, but this Bernoulli model");
    }

    [TestMethod]
    public void AnUnscaledBernoulliModelScoresWhatTrainingAcceptsAndRefusesWhatTrainingRefuses()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 5);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        var (score, error) = (new float[2], new float[2]);
        void Train(float[] rows) =>
            new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 1, BatchSize = 2 }).Fit(VaeDataset.FromArray(rows, d));
        float[] Rows(float nearZero, float nearOne)
        {
            float[] rows = ScoringTestModels.Rows(2, d, seed: 3);
            (rows[0], rows[d + 1]) = (nearZero, nearOne);
            return rows;
        }

        // Min-max scaling rounds a little past [0, 1]; training takes that, so scoring must take it too.
        float[] rounded = Rows(-4e-6f, 1.000004f);
        Train(rounded);
        engine.ScoreRows(rounded, error, score);
        onnx.ScoreRows(rounded, error, score);
        onnx.Transform(rounded, default, default, default, error, score);
        Assert.IsTrue(double.IsFinite(engine.Evaluate(VaeDataset.FromArray(rounded, d)).NegativeElbo));

        float[] beyond = Rows(0f, 1.0001f);
        Assert.ThrowsExactly<VaeDataException>(() => Train(beyond));
        Assert.ThrowsExactly<ArgumentException>(() => engine.ScoreRows(beyond, error, score));
        Assert.ThrowsExactly<ArgumentException>(() => onnx.ScoreRows(beyond, error, score));
        Assert.ThrowsExactly<VaeDataException>(() => engine.Evaluate(VaeDataset.FromArray(beyond, d)));
    }

    [TestMethod]
    public void AScaledBernoulliModelScoresFeaturesBeyondItsRangeAsTheRangesNearestEnds()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: true, seed: 5);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        FeatureScaling scaling = engine.Scaling!;
        int d = engine.InputDimension;

        // Row 0 lies far outside the range the scaling maps onto [0, 1]; row 1 sits at that range's nearest ends.
        var rows = new float[2 * d];
        for (int j = 0; j < d; j++)
        {
            float low = scaling.Offset[j], high = scaling.Offset[j] + (1f / scaling.Scale[j]);
            rows[j] = j % 2 == 0 ? low - 100f : high + 100f;
            rows[d + j] = j % 2 == 0 ? low : high;
        }

        foreach ((string name, Action<float[], float[], float[]> score) in new (string, Action<float[], float[], float[]>)[]
        {
            ("engine", (x, anomaly, error) => engine.ScoreRows(x, error, anomaly)),
            ("ONNX Runtime", (x, anomaly, error) => onnx.ScoreRows(x, error, anomaly)),
        })
        {
            var (anomalyScore, reconstructionError) = (new float[2], new float[2]);
            score(rows, anomalyScore, reconstructionError);

            Assert.AreEqual(anomalyScore[1], anomalyScore[0], 1e-4 * Math.Abs(anomalyScore[1]), name);
            Assert.AreEqual(reconstructionError[1], reconstructionError[0], 1e-4 * Math.Abs(reconstructionError[1]), name);
            Assert.IsGreaterThanOrEqualTo(0f, reconstructionError[0], $"{name}: a cross-entropy of features in [0, 1] is not negative");
        }
    }

    [TestMethod]
    public void ARowFurtherFromTheScalingOffsetThanFloat32HoldsIsRefusedByTheEngineAsByOnnxRuntime()
    {
        // Min-max scaled over ±1.7e38, the widest range training takes, a row at 1.71e38 lies 3.41e38 from the offset:
        // the graphs' x − offset overflows, so ONNX Runtime refused the row, while the engine, which halved x and the
        // offset before subtracting, scored it.
        float[] training = [.. Enumerable.Range(0, 16).SelectMany(i => new[] { (i - 7.5f) / 7.5f * 1.7e38f, i % 4 })];
        VaeModel engine = TinyGaussianTraining.Fit(VaeDataset.FromArray(training, 2), scaling: VaeInputScaling.MinMax);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        float[] atTheMaximum = [1.7e38f, 1f];
        float[] beyondIt = [.. atTheMaximum, 1.71e38f, 1f];

        var (engineError, onnxError) = (new float[1], new float[1]);
        engine.ScoreRows(atTheMaximum, engineError, new float[1]);
        onnx.ScoreRows(atTheMaximum, onnxError, new float[1]);

        Assert.AreEqual(engineError[0], onnxError[0], 1e-4 * Math.Abs(engineError[0]));
        foreach (ScoreRowsCall scoreRows in new ScoreRowsCall[] { engine.ScoreRows, onnx.ScoreRows })
        {
            StringAssert.StartsWith(
                Assert.ThrowsExactly<VaeOverflowException>(() => scoreRows(beyondIt, new float[2], new float[2])).Message,
                "Row 1: the anomaly score overflowed float32");
        }
    }

    [TestMethod]
    public void LearnedVarianceScoresAgreeWithinTheirTermsMagnitudesWhereTheTermsCancel()
    {
        // Features nearly constant in training get log-variances s near their clip at −9, each adding ½s to a row's
        // reconstruction error, and a row lighting some of them adds (x − μ)²/(2eˢ) for each: its score can lie near
        // zero while its terms total thousands, as on MNIST. The scorers sum those terms in float32 in their own orders,
        // so they agree within a share of the terms' magnitudes, not of the score.
        const int d = 784, lit = 48, rows = 201;
        var random = new Random(5);
        float[] training = [.. Enumerable.Range(0, 256 * d).Select(_ => (float)(random.NextDouble() * 1e-3))];
        var options = new VaeOptions
        {
            Likelihood = VaeLikelihood.GaussianLearnedVariance,
            HiddenLayerSizes = [32],
            LatentDimension = 4,
            Epochs = 10,
            BatchSize = 32,
            LearningRate = 0.01f,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
            Seed = 2,
        };
        VaeModel engine = new VaeTrainer(options).Fit(VaeDataset.FromArray(training, d));
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        var features = new float[rows * d];
        for (int r = 0; r < rows; r++)
        {
            features.AsSpan(r * d, lit).Fill(0.2f + (0.001f * r));
        }

        int k = engine.LatentDimension;
        var (engineError, engineScore, onnxError, onnxScore) = (new float[rows], new float[rows], new float[rows], new float[rows]);
        engine.ScoreRows(features, engineError, engineScore);
        onnx.ScoreRows(features, onnxError, onnxScore);
        var (mean, logVariance, reconstruction, reconstructionLogVariance) = (new float[rows * k], new float[rows * k], new float[rows * d], new float[rows * d]);
        engine.Encode(features, mean, logVariance);
        engine.Decode(mean, reconstruction, reconstructionLogVariance);
        double closestToZero = double.PositiveInfinity;
        for (int r = 0; r < rows; r++)
        {
            double errorTerms = 0;
            for (int j = r * d; j < (r + 1) * d; j++)
            {
                double s = reconstructionLogVariance[j], difference = features[j] - reconstruction[j];
                errorTerms += (0.5 * Math.Abs(s)) + (difference * difference / (2 * Math.Exp(s)));
            }

            double klTerms = 0;
            for (int c = r * k; c < (r + 1) * k; c++)
            {
                klTerms += 0.5 * Math.Abs(1 + logVariance[c] - (mean[c] * mean[c]) - Math.Exp(logVariance[c]));
            }

            Assert.IsLessThanOrEqualTo(1e-5 * errorTerms, Math.Abs(engineError[r] - onnxError[r]), $"row {r}'s reconstruction error");
            Assert.IsLessThanOrEqualTo(1e-5 * (errorTerms + klTerms), Math.Abs(engineScore[r] - onnxScore[r]), $"row {r}'s anomaly score");
            closestToZero = Math.Min(closestToZero, Math.Abs(engineScore[r]) / (errorTerms + klTerms));
        }

        Assert.IsLessThan(1e-2, closestToZero, "some row's terms must cancel, or the bound says no more than one on the score");
    }

    [TestMethod]
    [DynamicData(nameof(AllKinds))]
    public void OnnxRuntimeScoresLikeTheEngine(VaeLikelihood likelihood, VaeActivation activation, bool scaled)
    {
        VaeModel engine = ScoringTestModels.Create(likelihood, activation, scaled, seed: 11);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        foreach (int rows in BatchSizes)
        {
            float[] features = ScoringTestModels.Rows(rows, d, seed: rows, low: scaled ? -3f : 0f, high: scaled ? 5f : 1f);
            float[] latent = ScoringTestModels.Rows(rows, k, seed: rows + 1, low: -2.5f, high: 2.5f);
            string at = $"{rows} row(s)";

            var (engineMean, engineLogVar, onnxMean, onnxLogVar) = (new float[rows * k], new float[rows * k], new float[rows * k], new float[rows * k]);
            engine.Encode(features, engineMean, engineLogVar);
            onnx.Encode(features, onnxMean, onnxLogVar);
            AssertClose(engineMean, onnxMean, relative: false, $"latent means, {at}");
            AssertClose(engineLogVar, onnxLogVar, relative: false, $"latent log-variances, {at}");

            bool learned = likelihood == VaeLikelihood.GaussianLearnedVariance;
            var (engineDecoded, onnxDecoded) = (new float[rows * d], new float[rows * d]);
            var (engineLogVarX, onnxLogVarX) = (new float[learned ? rows * d : 0], new float[learned ? rows * d : 0]);
            engine.Decode(latent, engineDecoded, engineLogVarX);
            onnx.Decode(latent, onnxDecoded, onnxLogVarX);
            AssertClose(engineDecoded, onnxDecoded, relative: scaled, $"decoded means, {at}");
            AssertClose(engineLogVarX, onnxLogVarX, relative: false, $"decoded log-variances, {at}");

            var (engineReconstruction, onnxReconstruction) = (new float[rows * d], new float[rows * d]);
            engine.Reconstruct(features, engineReconstruction);
            onnx.Reconstruct(features, onnxReconstruction);
            AssertClose(engineReconstruction, onnxReconstruction, relative: scaled, $"reconstructions, {at}");
        }
    }

    [TestMethod]
    public void EncodeWithoutLogVariancesWritesTheSameMeans()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Tanh, scaled: true, seed: 4);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int k = engine.LatentDimension;
        float[] features = ScoringTestModels.Rows(300, engine.InputDimension, seed: 6, low: -3f, high: 5f);
        var (withLogVariances, engineMeans, onnxMeans) = (new float[300 * k], new float[300 * k], new float[300 * k]);

        engine.Encode(features, withLogVariances, new float[300 * k]);
        engine.Encode(features, engineMeans, default);
        onnx.Encode(features, onnxMeans, default);

        CollectionAssert.AreEqual(withLogVariances, engineMeans);
        AssertClose(engineMeans, onnxMeans, relative: false, "latent means without log-variances");
        Assert.AreEqual("latentLogVariance", Assert.ThrowsExactly<ArgumentException>(() => engine.Encode(features, engineMeans, new float[k])).ParamName);
    }

    [TestMethod]
    public void ScoreRowsSkipsAnEmptyDestination()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Softplus, scaled: true, seed: 6);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        float[] features = ScoringTestModels.Rows(300, engine.InputDimension, seed: 2, low: -3f, high: 5f);
        var (error, score) = (new float[300], new float[300]);
        engine.ScoreRows(features, error, score);

        foreach ((string name, ScoreRowsCall scoreRows) in new (string, ScoreRowsCall)[] { ("engine", engine.ScoreRows), ("ONNX Runtime", onnx.ScoreRows) })
        {
            var (scoreOnly, errorOnly) = (new float[300], new float[300]);
            scoreRows(features, default, scoreOnly);
            scoreRows(features, errorOnly, default);
            AssertClose(score, scoreOnly, relative: true, $"{name}: anomaly scores without reconstruction errors");
            AssertClose(error, errorOnly, relative: true, $"{name}: reconstruction errors without anomaly scores");
        }
    }

    [TestMethod]
    public void ThreadSettingsBeyondTheLimitAreRefusedBeforeAnySessionStarts()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 3);

        var intraOp = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VaeOnnxModel.FromModel(engine, intraOpThreads: VaeOptions.MaxNumberOfThreads + 1));
        var runs = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VaeOnnxModel.FromModel(engine, concurrentRuns: VaeOptions.MaxNumberOfThreads + 1));

        // 256 runs of a model of 12 million weights were let start on the way to tens of gigabytes, their threads being
        // within the limit. Asked for, they are refused; by default, as many run as fit; one run is always allowed.
        var memory = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VaeOnnxModel.RunsThatFit(12_000_000, 256, 2, 24L << 30));
        Assert.AreEqual("concurrentRuns", memory.ParamName);
        StringAssert.StartsWith(memory.Message, "256 runs each hold their own ONNX Runtime sessions of the model's 12,000,000 weights, about 80.2 GiB together, more than the 24 GiB this process may use; ask for at most 76 (0 chooses for you).");
        Assert.AreEqual(76, VaeOnnxModel.RunsThatFit(12_000_000, 76, 2, 24L << 30));
        Assert.AreEqual(76, VaeOnnxModel.RunsThatFit(12_000_000, 0, 256, 24L << 30));
        Assert.AreEqual(2, VaeOnnxModel.RunsThatFit(12_000_000, 0, 2, 24L << 30));
        Assert.AreEqual(1, VaeOnnxModel.RunsThatFit(12_000_000, 1, 2, 1));
        Assert.AreEqual(1, VaeOnnxModel.RunsThatFit(12_000_000, 0, 2, 1));

        // Each setting within the limit, but 256 runs of 256 threads each took minutes to load on two cores.
        var together = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VaeOnnxModel.FromModel(engine, intraOpThreads: 4, concurrentRuns: 65));

        Assert.AreEqual("intraOpThreads", intraOp.ParamName);
        Assert.AreEqual("concurrentRuns", runs.ParamName);
        Assert.AreEqual("concurrentRuns", together.ParamName);
        StringAssert.StartsWith(together.Message, "65 runs of 4 intra-op threads each make 260 threads; together they may use at most 256.");

        // 0 lets ONNX Runtime start a thread per processor in each run, which only a machine of several processors can take past the limit.
        if (Environment.ProcessorCount > 1)
        {
            int runsPastTheLimit = (VaeOptions.MaxNumberOfThreads / Environment.ProcessorCount) + 1;
            var chosenByOnnxRuntime = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VaeOnnxModel.FromModel(engine, intraOpThreads: 0, concurrentRuns: runsPastTheLimit));
            Assert.AreEqual("concurrentRuns", chosenByOnnxRuntime.ParamName);
            StringAssert.StartsWith(chosenByOnnxRuntime.Message, $"{runsPastTheLimit} runs of ONNX Runtime's own intra-op threads, {Environment.ProcessorCount} here, each make");
        }
    }

    [TestMethod]
    public void AModelLimitedToOneThreadScoresInOneRunByDefaultAsSavedAndLoaded()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 3);
        VaeModel limited = engine.WithNumberOfThreads(1);
        using var zip = new MemoryStream();
        limited.Save(zip);
        zip.Position = 0;

        using VaeOnnxModel fromModel = VaeOnnxModel.FromModel(limited);
        using VaeOnnxModel loaded = VaeOnnxModel.Load(zip);
        using VaeOnnxModel askedFor = VaeOnnxModel.FromModel(limited, concurrentRuns: 2);
        using VaeOnnxModel unlimited = VaeOnnxModel.FromModel(engine.WithNumberOfThreads(null));

        Assert.AreEqual(1, fromModel.ConcurrentRuns);
        Assert.AreEqual(1, loaded.ConcurrentRuns);
        Assert.AreEqual(2, askedFor.ConcurrentRuns, "runs asked for are not the default's to limit");
        Assert.AreEqual(Environment.ProcessorCount, unlimited.ConcurrentRuns);
    }

    [TestMethod]
    public void OneRunMoreThanFitsIsRefused()
    {
        // 24 GiB hold 76 runs of 12 million weights at 28 bytes a weight, not 77.
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VaeOnnxModel.RunsThatFit(12_000_000, 77, 2, 24L << 30));

        Assert.AreEqual("concurrentRuns", error.ParamName);
        StringAssert.Contains(error.Message, "ask for at most 76 (0 chooses for you)");
    }

    [TestMethod]
    public void ChangingTheManifestOrHistoryHandedOutChangesNothingTheModelSaves()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 3);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        using var before = new MemoryStream();
        onnx.Save(before);

        onnx.Manifest.Options.HiddenLayerSizes[0] = 12345;
        onnx.Manifest.Options.Epochs = 999;
        using var after = new MemoryStream();
        onnx.Save(after);

        CollectionAssert.AreEqual(before.ToArray(), after.ToArray());
        Assert.IsFalse(onnx.Manifest.History.Epochs is VaeEpochReport[], "epochs are handed out read-only");
    }

    [TestMethod]
    public void EveryUseAfterDisposeNamesTheModelWhileItsDescriptionStillWorks()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 3);
        VaeOnnxModel onnx = VaeOnnxModel.FromModel(model);
        onnx.Dispose();

        // Saving and handing out the engine model are refused too, as a disposed VaeTransformer refuses saving.
        foreach (Action use in new Action[]
        {
            () => onnx.Reconstruct(new float[onnx.InputDimension], new float[onnx.InputDimension]),

            // Calls with no work, which run nothing, are refused all the same.
            () => onnx.Encode([], [], []),
            () => onnx.Decode([], []),
            () => onnx.Reconstruct([], []),
            () => onnx.ScoreRows([], [], []),
            () => onnx.Transform(new float[onnx.InputDimension], [], [], [], [], []),
            () => onnx.Save(new MemoryStream()),
            () => onnx.Save(Path.Combine(Path.GetTempPath(), $"disposed-{Guid.NewGuid():N}.zip")),
            () => onnx.ToTrainableModel(),
            () => onnx.Generate(1),
            () => onnx.SampleObservations([], []),
            () => onnx.Interpolate(new float[model.LatentDimension], new float[model.LatentDimension], 2),
            () => onnx.InterpolateRows(new float[model.InputDimension], new float[model.InputDimension], 2),
        })
        {
            Assert.AreEqual(typeof(VaeOnnxModel).FullName, Assert.ThrowsExactly<ObjectDisposedException>(use).ObjectName);
        }

        Assert.AreEqual(model.InputDimension, onnx.InputDimension);
        Assert.AreEqual(model.LatentDimension, onnx.Manifest.LatentDimension);
    }

    [TestMethod]
    public void GenerateAndInterpolateDecodeThroughOnnxRuntimeAsTheEngineDoes()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Tanh, scaled: false, seed: 6);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        float[] a = [.. Enumerable.Range(0, engine.LatentDimension).Select(i => 0.5f - i)];
        float[] b = [.. Enumerable.Range(0, engine.LatentDimension).Select(i => 0.25f * i)];

        float[] means = onnx.Generate(20, seed: 4);
        float[] line = onnx.Interpolate(a, b, steps: 5);

        AssertClose(engine.Generate(20, seed: 4), means, relative: false, "decoded prior draws");
        AssertClose(engine.Interpolate(a, b, steps: 5), line, relative: false, "decoded line");
        CollectionAssert.AreEqual(engine.Generate(20, seed: 4, sampleObservations: true), onnx.Generate(20, seed: 4, sampleObservations: true), "bits drawn against the same probabilities");
        CollectionAssert.AreNotEqual(means, onnx.Generate(20, seed: 5), "another seed draws other points");
        Assert.AreEqual("count", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => onnx.Generate(0)).ParamName);
        Assert.AreEqual("steps", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => onnx.Interpolate(a, b, steps: 1)).ParamName);
    }

    /// <summary>VaeOnnxModel, said to have VaeModel's span-based API, lacked its InterpolateRows.</summary>
    [TestMethod]
    public void InterpolateRowsEncodesAndDecodesThroughOnnxRuntimeAsTheEngineDoes()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Tanh, scaled: true, seed: 6);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        float[] rows = ScoringTestModels.Rows(2, d, seed: 3, low: -2f, high: 3f);

        float[] line = onnx.InterpolateRows(rows.AsSpan(0, d), rows.AsSpan(d), steps: 5);

        AssertClose(engine.InterpolateRows(rows.AsSpan(0, d), rows.AsSpan(d), steps: 5), line, relative: true, "decoded line between the rows");
        Assert.AreEqual("rowA", Assert.ThrowsExactly<ArgumentException>(() => onnx.InterpolateRows(rows.AsSpan(1, d - 1), rows.AsSpan(d), 3)).ParamName);
        Assert.AreEqual("rowB", Assert.ThrowsExactly<ArgumentException>(() => onnx.InterpolateRows(rows.AsSpan(0, d), rows, 3)).ParamName);
        Assert.AreEqual("steps", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => onnx.InterpolateRows(rows.AsSpan(0, d), rows.AsSpan(d), 1)).ParamName);
    }

    [TestMethod]
    [DataRow(4096)]
    [DataRow(1)]
    public void ADisposeDuringScoringNamesTheModelNotItsParts(int batch)
    {
        // A batch of 4096 rows runs range after range; a Dispose landing between ranges met a released session, whose
        // handle's exception named OrtSessionHandle or OnnxSession. A single row runs through bindings, which a Dispose
        // releases under it. Whether a round lands there is up to the threads.
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 3);
        float[] rows = ScoringTestModels.Rows(batch, model.InputDimension, seed: 1);
        var names = new HashSet<string?>();
        for (int round = 0; round < 20; round++)
        {
            VaeOnnxModel onnx = VaeOnnxModel.FromModel(model);
            var scorer = Task.Factory.StartNew(
                () =>
                {
                    var reconstruction = new float[rows.Length];
                    while (true)
                    {
                        onnx.Reconstruct(rows, reconstruction);
                    }
                },
                TaskCreationOptions.LongRunning);
            Thread.Sleep(round % 5);
            onnx.Dispose();
            var refused = Assert.ThrowsExactly<AggregateException>(() => scorer.Wait(TimeSpan.FromSeconds(30)));
            names.Add(Assert.IsInstanceOfType<ObjectDisposedException>(refused.InnerException).ObjectName);
        }

        CollectionAssert.AreEqual(new[] { typeof(VaeOnnxModel).FullName }, names.ToArray());
    }

    [TestMethod]
    public void ADisposeDuringABatchOnTheRunnersStopsItAtItsNextRange()
    {
        // The runners never looked at the model being disposed, and Dispose waited for their batch: it returned only once
        // the whole call had scored, successfully, after the model was disposed. 20 000 rows of the wide model are cut
        // into 16 ranges, so the call has many left when its first is written.
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 3, wide: true);
        const int rows = 20_000;
        int d = engine.InputDimension;
        float[] features = ScoringTestModels.Rows(rows, d, seed: 1);
        float[] reconstruction = new float[rows * d];
        VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine, concurrentRuns: 2);
        var call = Task.Factory.StartNew(() => onnx.Reconstruct(features, reconstruction), TaskCreationOptions.LongRunning);

        // A Bernoulli reconstruction is never 0, so a written first row means the call holds the runners and is ranging.
        var waited = Stopwatch.StartNew();
        while (Volatile.Read(ref reconstruction[0]) == 0f && !call.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Yield();
        }

        onnx.Dispose();

        var refused = Assert.ThrowsExactly<AggregateException>(() => call.Wait(TimeSpan.FromSeconds(30)));
        Assert.AreEqual(typeof(VaeOnnxModel).FullName, Assert.IsInstanceOfType<ObjectDisposedException>(refused.InnerException).ObjectName);
        Assert.AreEqual(0f, reconstruction[^1], "the batch's last range, taken after every other, was scored though the model had been disposed");
    }

    [TestMethod]
    public void ADestinationLengthWhoseProductWrapsAroundIsRefused()
    {
        // 4 294 968 rows of 1 000 features are 704 values modulo 2³², so a 704-value buffer must not pass for them.
        var options = new VaeOptions { HiddenLayerSizes = [2], LatentDimension = 1, NumberOfThreads = 1 };
        VaeModel engine = Evaluation.EvaluationModels.Wrap(VaeNetwork.Create(options, 1000, new Random(1)));
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        var latent = new float[4_294_968];

        var engineError = Assert.ThrowsExactly<ArgumentException>(() => engine.Decode(latent, new float[704]));
        var onnxError = Assert.ThrowsExactly<ArgumentException>(() => onnx.Decode(latent, new float[704]));

        StringAssert.Contains(engineError.Message, "it must hold exactly 4294968000.");
        Assert.AreEqual(engineError.Message, onnxError.Message);
    }

    [TestMethod]
    public void ArgumentChecksMatchTheEngine()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 2);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        float[] twoRows = ScoringTestModels.Rows(2, d, seed: 1);
        float[] reconstructedInPlace = ScoringTestModels.Rows(2, d, seed: 1);
        (float[] sharedLatent, float[] sharedScores) = (new float[2 * k], new float[2]);
        Action<VaeModel?, VaeOnnxModel?>[] badCalls =
        [
            (e, o) => Score(e, o, m => m.Encode(twoRows.AsSpan(1), new float[2 * k], new float[2 * k]), m => m.Encode(twoRows.AsSpan(1), new float[2 * k], new float[2 * k])),
            (e, o) => Score(e, o, m => m.Encode(twoRows, new float[k], new float[2 * k]), m => m.Encode(twoRows, new float[k], new float[2 * k])),
            (e, o) => Score(e, o, m => m.Decode(new float[2 * k], new float[d + 1]), m => m.Decode(new float[2 * k], new float[d + 1])),
            (e, o) => Score(e, o, m => m.Decode(new float[2 * k], new float[2 * d], new float[2 * d]), m => m.Decode(new float[2 * k], new float[2 * d], new float[2 * d])),
            (e, o) => Score(e, o, m => m.Reconstruct(twoRows, new float[d]), m => m.Reconstruct(twoRows, new float[d])),
            (e, o) => Score(e, o, m => m.Encode(twoRows, sharedLatent, sharedLatent), m => m.Encode(twoRows, sharedLatent, sharedLatent)),
            (e, o) => Score(e, o, m => m.ScoreRows(twoRows, sharedScores, sharedScores), m => m.ScoreRows(twoRows, sharedScores, sharedScores)),
            (e, o) => Score(e, o, m => m.Reconstruct(reconstructedInPlace, reconstructedInPlace), m => m.Reconstruct(reconstructedInPlace, reconstructedInPlace)),
        ];
        foreach (Action<VaeModel?, VaeOnnxModel?> call in badCalls)
        {
            ArgumentException fromEngine = Assert.ThrowsExactly<ArgumentException>(() => call(engine, null));
            ArgumentException fromOnnx = Assert.ThrowsExactly<ArgumentException>(() => call(null, onnx));
            Assert.AreEqual(fromEngine.Message, fromOnnx.Message);
            Assert.AreEqual(fromEngine.ParamName, fromOnnx.ParamName);
        }
    }

    [TestMethod]
    public void NonFiniteInputsAreRefusedNotScored()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Tanh, scaled: true, seed: 3);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        float[] features = ScoringTestModels.Rows(3, d, seed: 4);
        features[d + 2] = float.NaN;
        float[] latent = new float[3 * k];
        latent[2 * k] = float.PositiveInfinity;

        AssertRefused(onnx.Encode, onnx.Reconstruct, onnx.Decode);
        AssertRefused(engine.Encode, engine.Reconstruct, engine.Decode);

        void AssertRefused(EncodeCall encode, ReconstructCall reconstruct, DecodeCall decode)
        {
            ArgumentException encodeError = Assert.ThrowsExactly<ArgumentException>(() => encode(features, new float[3 * k], new float[3 * k]));
            StringAssert.Contains(encodeError.Message, "Row 1, feature 2 is NaN");
            Assert.AreEqual("features", encodeError.ParamName);
            Assert.ThrowsExactly<ArgumentException>(() => reconstruct(features, new float[3 * d]));
            ArgumentException decodeError = Assert.ThrowsExactly<ArgumentException>(() => decode(latent, new float[3 * d], new float[3 * d]));
            Assert.AreEqual("latent", decodeError.ParamName);
        }
    }

    [TestMethod]
    public void OutputsThatOverflowFromFiniteInputsAreRefusedNotReturned()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 2);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        // Row 1 overflows: standardizing divides some features by scales below 1, and this decoder's output grows
        // 1.27 times as fast as its latent input along (1, 1, 1).
        float[] features = ScoringTestModels.Rows(3, d, seed: 4);
        features.AsSpan(d, d).Fill(float.MaxValue);
        float[] latent = ScoringTestModels.Rows(3, k, seed: 5, low: -2f, high: 2f);
        latent.AsSpan(k, k).Fill(float.MaxValue);

        AssertRefused(onnx.Encode, onnx.Reconstruct, onnx.Decode, onnx.ScoreRows);
        AssertRefused(engine.Encode, engine.Reconstruct, engine.Decode, engine.ScoreRows);
        float[] farPoint = latent[k..(2 * k)];
        StringAssert.Contains(Assert.ThrowsExactly<VaeOverflowException>(() => engine.Interpolate(farPoint, farPoint, 2)).Message, "(latent points far from the prior N(0, I)).");
        StringAssert.Contains(Assert.ThrowsExactly<VaeOverflowException>(() => onnx.Interpolate(farPoint, farPoint, 2)).Message, "(latent points far from the prior N(0, I)).");

        StringAssert.Contains(
            Assert.ThrowsExactly<VaeOverflowException>(() => onnx.Transform(features, new float[3 * k], new float[3 * k], [], [], [])).Message,
            "Row 1: the latent mean overflowed float32");
        Assert.ThrowsExactly<VaeOverflowException>(() => engine.Evaluate(VaeDataset.FromArray(features, d)));
        // The scales are at least 0.25, so 1e37 stays finite when standardized (where the density check would refuse it)
        // and overflows only in the network.
        float[] survivesScaling = [.. features];
        survivesScaling.AsSpan(d, d).Fill(1e37f);
        StringAssert.StartsWith(
            Assert.ThrowsExactly<VaeOverflowException>(() => engine.EstimateLogLikelihood(VaeDataset.FromArray(survivesScaling, d), samples: 2)).Message,
            "Row 1: the log-likelihood came out as");

        void AssertRefused(EncodeCall encode, ReconstructCall reconstruct, DecodeCall decode, ScoreRowsCall scoreRows)
        {
            StringAssert.Contains(
                Assert.ThrowsExactly<VaeOverflowException>(() => encode(features, new float[3 * k], new float[3 * k])).Message,
                "Row 1: the latent mean overflowed float32");
            // Each blames the inputs it was given: a decoder given features' latent means never saw a latent point of the caller's.
            string reconstructed = Assert.ThrowsExactly<VaeOverflowException>(() => reconstruct(features, new float[3 * d])).Message;
            StringAssert.Contains(reconstructed, "Row 1: the reconstruction overflowed");
            StringAssert.Contains(reconstructed, "(features far outside the training data's range).");
            string decoded = Assert.ThrowsExactly<VaeOverflowException>(() => decode(latent, new float[3 * d], default)).Message;
            StringAssert.Contains(decoded, "Row 1: the reconstruction overflowed float32");
            StringAssert.Contains(decoded, "(latent points far from the prior N(0, I)).");
            StringAssert.Contains(Assert.ThrowsExactly<VaeOverflowException>(() => scoreRows(features, new float[3], new float[3])).Message, "Row 1: the anomaly score overflowed");
        }
    }

    private delegate void ScoreRowsCall(ReadOnlySpan<float> features, Span<float> reconstructionError, Span<float> anomalyScore);

    private delegate void EncodeCall(ReadOnlySpan<float> features, Span<float> mean, Span<float> logVariance);

    private delegate void ReconstructCall(ReadOnlySpan<float> features, Span<float> reconstruction);

    private delegate void DecodeCall(ReadOnlySpan<float> latent, Span<float> reconstruction, Span<float> logVariance);

    [TestMethod]
    public void NoRowsScoreNothingAndLargeBatchesSpanChunks()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Softplus, scaled: false, seed: 5);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine);
        onnx.Encode([], [], []);
        onnx.Decode([], []);
        onnx.Reconstruct([], []);

        const int rows = 9000; // more than one ONNX Runtime chunk
        int d = engine.InputDimension;
        float[] features = ScoringTestModels.Rows(rows, d, seed: 6);
        var (expected, actual) = (new float[rows * d], new float[rows * d]);
        engine.Reconstruct(features, expected);
        onnx.Reconstruct(features, actual);
        AssertClose(expected, actual, relative: false, "9000 rows");
    }

    [TestMethod]
    public void ARunScoresAtMost8192RowsAndSixtyFourMegabytesInItsWidestTensor()
    {
        Assert.AreEqual(8192, VaeOnnxModel.ChunkRows(784), "MNIST rows go 8192 to a run");
        Assert.AreEqual(838, VaeOnnxModel.ChunkRows(20_000), "16 777 216 values / 20 000");
        Assert.AreEqual(16, VaeOnnxModel.ChunkRows(1_000_000));
        Assert.AreEqual(1, VaeOnnxModel.ChunkRows(50_000_000), "a row wider than the bound still runs, alone");
    }

    [TestMethod]
    public void ABatchIsCutIntoRangesByItsWork()
    {
        // The MNIST model, 784-400-20: 651 200 multiply-adds a row.
        long mnist = DenseLayer.MultiplyAdds([new DenseLayer(784, 400), new DenseLayer(400, 40), new DenseLayer(20, 400), new DenseLayer(400, 784)]);
        Assert.AreEqual(651_200L, mnist);
        int mnistChunk = VaeOnnxModel.ChunkRows(784);
        Assert.AreEqual(72, BatchRanges.RangeRows(1000, mnist, runs: 2, mnistChunk), "a batch of 1000 in 14 ranges of 6 kernel steps, not 16 of 63 rows");
        Assert.AreEqual(144, BatchRanges.RangeRows(2000, mnist, runs: 2, mnistChunk), "16 ranges of 132 rows would leave one run 112 rows more than the other");
        Assert.AreEqual(60, BatchRanges.RangeRows(720, mnist, runs: 2, mnistChunk), "12 ranges of 60 rows, 6 a run, end sooner than 15 of 48, which leave one run an extra range");
        Assert.AreEqual(24, BatchRanges.RangeRows(348, mnist, runs: 2, mnistChunk), "15 ranges of 24 rows end as soon as 10 of 36; the shorter wins");
        Assert.AreEqual(300, BatchRanges.RangeRows(4096, mnist, runs: 2, mnistChunk), "7 ranges a run, not 3 that would end 48 rows sooner were the cores equally fast");
        Assert.AreEqual(6252, BatchRanges.RangeRows(100_000, mnist, runs: 2, mnistChunk), "a large batch in 16 ranges");
        Assert.AreEqual(8184, BatchRanges.RangeRows(1_000_000, mnist, runs: 2, mnistChunk), "no range longer than the last whole kernel step of an ONNX Runtime chunk");
        Assert.AreEqual(24, BatchRanges.RangeRows(100, mnist, runs: 2, mnistChunk), "a small batch in ranges of at least 16 million multiply-adds");
        Assert.IsGreaterThanOrEqualTo(24, BatchRanges.RangeRows(24, mnist, runs: 2, mnistChunk), "a batch with work for one range runs whole");
        Assert.AreEqual(1, BatchRanges.RangeRows(10, 1_000_000_000, runs: 2, chunkRows: 3), "rows too wide for a kernel step per chunk are cut as they come");

        // A 13-16-2 tabular model: 512 multiply-adds a row, so a batch is cut only into ONNX Runtime chunks.
        long tabular = DenseLayer.MultiplyAdds([new DenseLayer(13, 16), new DenseLayer(16, 4), new DenseLayer(2, 16), new DenseLayer(16, 13)]);
        Assert.IsGreaterThanOrEqualTo(1000, BatchRanges.RangeRows(1000, tabular, runs: 2, VaeOnnxModel.ChunkRows(16)));
        Assert.IsGreaterThanOrEqualTo(8192, BatchRanges.RangeRows(8192, tabular, runs: 2, VaeOnnxModel.ChunkRows(16)), "a chunk's worth of rows runs whole");
        Assert.AreEqual(8184, BatchRanges.RangeRows(1_000_000, tabular, runs: 2, VaeOnnxModel.ChunkRows(16)));
    }

    [TestMethod]
    public void ASplitBatchIsCutIntoWholeKernelStepsOfWorkWithinItsBounds()
    {
        long mnist = DenseLayer.MultiplyAdds([new DenseLayer(784, 400), new DenseLayer(400, 40), new DenseLayer(20, 400), new DenseLayer(400, 784)]);
        foreach (int chunkRows in new[] { VaeOnnxModel.ChunkRows(784), VaeOnnxModel.ChunkRows(20_000) })
        {
            foreach (int runs in new[] { 2, 3 })
            {
                for (int rows = 25; rows <= 30_000; rows += 37)
                {
                    int length = BatchRanges.RangeRows(rows, mnist, runs, chunkRows);
                    string where = $"{rows} rows, {runs} runs, chunks of {chunkRows}: ranges of {length}";
                    Assert.AreEqual(0, length % 12, where);
                    Assert.IsGreaterThanOrEqualTo(24, length, where);
                    Assert.IsLessThanOrEqualTo(chunkRows, length, where);
                    if (length < chunkRows - 11)
                    {
                        Assert.IsLessThanOrEqualTo(runs * 8, (rows + length - 1) / length, where);
                    }
                }
            }
        }
    }

    [TestMethod]
    [DataRow(1000)]
    [DataRow(257)]
    public void ABatchSplitIntoConcurrentRunsScoresLikeOneRun(int rows)
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Tanh, scaled: true, seed: 5, wide: true);
        Assert.IsLessThan(rows, BatchRanges.RangeRows(rows, DenseLayer.MultiplyAdds(engine.Network.Layers), runs: 3, VaeOnnxModel.ChunkRows(engine.Network.MaxWidth)), "the batch must be split");
        using VaeOnnxModel whole = VaeOnnxModel.FromModel(engine, concurrentRuns: 1);
        using VaeOnnxModel split = VaeOnnxModel.FromModel(engine, concurrentRuns: 3);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        float[] features = ScoringTestModels.Rows(rows, d, seed: 8, low: -3f, high: 5f);
        float[] latent = ScoringTestModels.Rows(rows, k, seed: 9, low: -2f, high: 2f);
        float[][] Outputs(VaeOnnxModel model)
        {
            float[][] o = [new float[rows * k], new float[rows * k], new float[rows * d], new float[rows * d], new float[rows * d], new float[rows * d], new float[rows], new float[rows], new float[rows]];
            model.Encode(features, o[0], o[1]);
            model.Decode(latent, o[2], o[3]);
            model.Reconstruct(features, o[4]);
            model.Transform(features, default, default, o[5], o[6], o[7]);
            model.Transform(features, default, default, default, default, o[8]);
            return o;
        }

        float[][] expected = Outputs(whole);
        float[][] actual = Outputs(split);
        for (int i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], actual[i], relative: true, $"output {i}, {rows} rows");
            Assert.IsTrue(actual[i].All(v => v != 0f), $"output {i} must be written for every row");
        }

        Assert.AreEqual("concurrentRuns", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VaeOnnxModel.FromModel(engine, concurrentRuns: -1)).ParamName);
    }

    [TestMethod]
    public void ABatchSplitIntoConcurrentRunsNamesItsFirstBadRowWhicheverRunMeetsIt()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 6, wide: true);
        const int rows = 1000;
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        Assert.IsLessThan(rows / 4, BatchRanges.RangeRows(rows, DenseLayer.MultiplyAdds(engine.Network.Layers), runs: 3, VaeOnnxModel.ChunkRows(engine.Network.MaxWidth)), "the batch must be split");
        using VaeOnnxModel split = VaeOnnxModel.FromModel(engine, concurrentRuns: 3);

        // Rows 430 and 950 lie in different ranges, which different runs may meet in either order.
        float[] features = ScoringTestModels.Rows(rows, d, seed: 10);
        features[(950 * d) + 4] = float.NaN;
        features[(430 * d) + 1] = float.PositiveInfinity;
        float[] latent = ScoringTestModels.Rows(rows, k, seed: 11, low: -2f, high: 2f);
        latent[(900 * k) + 2] = float.NaN;
        latent[(300 * k) + 1] = float.NegativeInfinity;
        string[] refusals =
        [
            Assert.ThrowsExactly<ArgumentException>(() => split.Encode(features, new float[rows * k], new float[rows * k])).Message,
            Assert.ThrowsExactly<ArgumentException>(() => split.Reconstruct(features, new float[rows * d])).Message,
            Assert.ThrowsExactly<ArgumentException>(() => split.Transform(features, new float[rows * k], [], [], [], [])).Message,
            Assert.ThrowsExactly<ArgumentException>(() => split.Transform(features, [], [], [], [], [])).Message,
            Assert.ThrowsExactly<ArgumentException>(() => split.Transform(features, [], [], [], [], new float[rows])).Message,
            Assert.ThrowsExactly<ArgumentException>(() => split.ScoreRows(features, new float[rows], new float[rows])).Message,
            Assert.ThrowsExactly<ArgumentException>(() => split.ScoreRows(features, [], [])).Message,
        ];
        foreach (string refusal in refusals)
        {
            StringAssert.StartsWith(refusal, "Row 430, feature 1 is Infinity");
        }

        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => split.Decode(latent, new float[rows * d])).Message, "Row 300, latent value 1 is -Infinity");

        // The loss reads this Bernoulli model's features as probabilities: one past 1 is refused once its run has met it,
        // and it is still named before a non-finite feature in a later row, as a dataset's first refused row is.
        float[] outsideUnitInterval = ScoringTestModels.Rows(rows, d, seed: 12);
        outsideUnitInterval[(820 * d) + 3] = 7f;
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => split.ScoreRows(outsideUnitInterval, new float[rows], [])).Message, "Row 820, feature 3 is 7");
        outsideUnitInterval[(990 * d) + 5] = float.NaN;
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => split.ScoreRows(outsideUnitInterval, new float[rows], [])).Message, "Row 820, feature 3 is 7");

        // Finite features far outside the training range overflow in row 700 only; a refused feature anywhere outranks it.
        float[] overflowing = ScoringTestModels.Rows(rows, d, seed: 13);
        overflowing.AsSpan(700 * d, d).Fill(float.MaxValue);
        StringAssert.StartsWith(Assert.ThrowsExactly<VaeOverflowException>(() => split.Reconstruct(overflowing, new float[rows * d])).Message, "Row 700: ");
        overflowing[(980 * d) + 2] = float.NaN;
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => split.Reconstruct(overflowing, new float[rows * d])).Message, "Row 980, feature 2 is NaN");
    }

    [TestMethod]
    public void CallersOnSeveralThreadsAtOnceEachGetTheirOwnRowsScored()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 11, wide: true);
        using VaeOnnxModel whole = VaeOnnxModel.FromModel(engine, concurrentRuns: 1);
        using VaeOnnxModel shared = VaeOnnxModel.FromModel(engine, concurrentRuns: 2);
        const int callers = 4;
        const int rows = 300;
        int d = engine.InputDimension;
        float[][] features = [.. Enumerable.Range(0, callers).Select(caller => ScoringTestModels.Rows(rows, d, seed: 40 + caller))];
        float[][] expected = [.. features.Select(_ => new float[rows * d])];
        float[][] actual = [.. features.Select(_ => new float[rows * d])];
        for (int caller = 0; caller < callers; caller++)
        {
            whole.Reconstruct(features[caller], expected[caller]);
        }

        // Whichever caller finds the model's runners free splits its batch across them; the others run whole.
        using var start = new Barrier(callers);
        Task[] calls = [.. Enumerable.Range(0, callers).Select(caller => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int repeat = 0; repeat < 5; repeat++)
                {
                    shared.Reconstruct(features[caller], actual[caller]);
                }
            },
            TaskCreationOptions.LongRunning))];
        Task.WaitAll(calls);
        for (int caller = 0; caller < callers; caller++)
        {
            AssertClose(expected[caller], actual[caller], relative: false, $"caller {caller}");
        }
    }

    [TestMethod]
    public void PropertiesDescribeTheModelAndTheTrainableModelIsTheEngine()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.LeakyRelu, scaled: true, seed: 7);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine, intraOpThreads: 2);
        Assert.AreEqual(engine.InputDimension, onnx.InputDimension);
        Assert.AreEqual(engine.LatentDimension, onnx.LatentDimension);
        Assert.AreEqual(engine.Likelihood, onnx.Likelihood);
        Assert.AreEqual(Vae.MLNet.Onnx.OnnxTensorNames.Default, onnx.TensorNames);
        Assert.AreEqual(VaeInputScaling.Standardize, onnx.Manifest.InputScaling);
        Assert.AreSame(engine, onnx.ToTrainableModel());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VaeOnnxModel.FromModel(engine, intraOpThreads: -1));
    }

    private static void Score(VaeModel? engine, VaeOnnxModel? onnx, Action<VaeModel> withEngine, Action<VaeOnnxModel> withOnnx)
    {
        if (engine is not null)
        {
            withEngine(engine);
        }
        else
        {
            withOnnx(onnx!);
        }
    }

    internal static void AssertClose(float[] expected, float[] actual, bool relative, string what)
    {
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = 1e-5f * (relative ? Math.Max(1f, Math.Abs(expected[i])) : 1f);
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
            {
                Assert.Fail($"{what}: value {i} is {actual[i]} through ONNX Runtime but {expected[i]} in the engine (tolerance {tolerance}).");
            }
        }
    }
}
