using System.Diagnostics;
using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Scoring;

[TestClass]
public sealed class WeightPartsTests
{
    // The processors the cut counts on: a cut scores the same on one, so a runner of one core tests it too.
    private const int Processors = 2;

    public static IEnumerable<object[]> AllKinds => ScoringTestModels.AllKinds;

    [TestMethod]
    [DynamicData(nameof(AllKinds))]
    public void RowsTooFewToCutIntoRangesAreCutByWeightsAndScoreAsTheEngineDoes(VaeLikelihood likelihood, VaeActivation activation, bool scaled)
    {
        VaeModel engine = ScoringTestModels.Create(likelihood, activation, scaled, seed: 21, wide: true);
        using VaeOnnxModel onnx = TwoRuns(engine);
        AssertCutRowsScoreAsTheEngine(engine, onnx, $"{likelihood} {activation}{(scaled ? " scaled" : string.Empty)}");
    }

    [TestMethod]
    public void AModelOfCategoricalColumnsIsCutBetweenThemAndScoresAsTheEngineDoes()
    {
        VaeModel engine = CategoricalModel();

        // The middle of the features, 6, lies inside the sizes column, so the decoder's parts meet at its first feature.
        WeightParts parts = WeightParts.For(engine.Network, runs: 2)!;
        CollectionAssert.AreEqual(new[] { new FeatureRun(0, 4), new FeatureRun(4, 8) }, parts.DecodedFeatures);
        using VaeOnnxModel onnx = TwoRuns(engine);
        AssertCutRowsScoreAsTheEngine(engine, onnx, "categorical columns");
    }

    [TestMethod]
    [DynamicData(nameof(AllKinds))]
    public void ARowCutByWeightsScoresAsInABatchScoredWholeUpToTheRoundingOfItsLoss(VaeLikelihood likelihood, VaeActivation activation, bool scaled)
    {
        VaeModel engine = ScoringTestModels.Create(likelihood, activation, scaled, seed: 23, wide: true);
        using VaeOnnxModel onnx = TwoRuns(engine);
        AssertCutRowsScoreAsInABatchScoredWhole(onnx, $"{likelihood} {activation}{(scaled ? " scaled" : string.Empty)}");
    }

    [TestMethod]
    public void ARowOfCategoricalColumnsCutByWeightsScoresAsInABatchScoredWholeUpToTheRoundingOfItsLoss()
    {
        using VaeOnnxModel onnx = TwoRuns(CategoricalModel());
        AssertCutRowsScoreAsInABatchScoredWhole(onnx, "categorical columns");
    }

    [TestMethod]
    public void ARowCutByWeightsIsRefusedForABadValueOrAnOverflowAsAWholeRowIs()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Relu, scaled: false, seed: 22, wide: true);
        using VaeOnnxModel onnx = TwoRuns(engine);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        float[] features = ScoringTestModels.Rows(1, d, seed: 23);
        features[4] = float.NaN;
        float[] latent = ScoringTestModels.Rows(1, k, seed: 24);
        latent[1] = float.NegativeInfinity;
        long before = onnx.BatchesCutByWeights;
        string[] refusals =
        [
            Assert.ThrowsExactly<ArgumentException>(() => onnx.Encode(features, new float[k], new float[k])).Message,
            Assert.ThrowsExactly<ArgumentException>(() => onnx.Reconstruct(features, new float[d])).Message,
            Assert.ThrowsExactly<ArgumentException>(() => onnx.Transform(features, new float[k], [], [], [], [])).Message,
            Assert.ThrowsExactly<ArgumentException>(() => onnx.ScoreRows(features, new float[1], new float[1])).Message,
        ];
        foreach (string refusal in refusals)
        {
            StringAssert.StartsWith(refusal, "Row 0, feature 4 is NaN");
        }

        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => onnx.Decode(latent, new float[d])).Message, "Row 0, latent value 1 is -Infinity");

        // Finite values far outside the training range overflow.
        float[] overflowing = [.. Enumerable.Repeat(float.MaxValue, d)];
        StringAssert.StartsWith(Assert.ThrowsExactly<VaeOverflowException>(() => onnx.Reconstruct(overflowing, new float[d])).Message, "Row 0: ");
        StringAssert.StartsWith(Assert.ThrowsExactly<VaeOverflowException>(() => onnx.Encode(overflowing, new float[k], new float[k])).Message, "Row 0: ");
        Assert.AreEqual(before + 7, onnx.BatchesCutByWeights, "each refused call must have been cut by weights");
    }

    [TestMethod]
    public void ARowWhoseWorkLiesBetweenTheLayersACutSharesOutIsScoredWhole()
    {
        // 836 thousand multiply-adds a row, of which the first hidden layer and the decoder head hold 6 thousand each:
        // every part would compute the two 640 × 640 layers whole.
        AssertScoredWholeAsTheEngine(hiddenLayerSizes: [640, 640], rows: 1, seed: 5);
    }

    [TestMethod]
    public void ABatchOfManyRowsOfNarrowLayersIsScoredWhole()
    {
        // The first hidden layer and the decoder head hold 576 multiply-adds a row each: 2 000 rows give each of two
        // parts over a million, yet too little work for two ranges.
        AssertScoredWholeAsTheEngine(hiddenLayerSizes: [64], rows: 2000, seed: 7);
    }

    [TestMethod]
    public void RunsOfSeveralThreadsEachScoreARowWhole()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 25, wide: true);
        float[] row = ScoringTestModels.Rows(1, engine.InputDimension, seed: 26);
        float[] expected = new float[engine.InputDimension];
        engine.Reconstruct(row, expected);

        // Runs of ONNX Runtime's own threads (0), or of two threads each, outnumber the processors, and the parts of a
        // cut would wait for cores (a row took milliseconds); runs of one thread each, as many as the processors, cut.
        foreach ((int intraOpThreads, int runs, long cut) in new[] { (0, 2, 0L), (2, Processors, 0L), (1, 2, 1L) })
        {
            using VaeOnnxModel onnx = VaeOnnxModel.FromModelOn(Processors, engine, intraOpThreads, runs);
            float[] reconstruction = new float[engine.InputDimension];
            onnx.Reconstruct(row, reconstruction);

            string where = $"{runs} runs of {intraOpThreads} intra-op thread(s)";
            Assert.AreEqual(cut, onnx.BatchesCutByWeights, where);
            VaeOnnxModelScoringTests.AssertClose(expected, reconstruction, relative: true, where);
        }
    }

    [TestMethod]
    public void ARowIsScoredWholeWhileAnotherCallIsScoringAndCutAgainOnceItIsAlone()
    {
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: false, seed: 27, wide: true);
        using VaeOnnxModel onnx = TwoRuns(engine);
        float[] row = ScoringTestModels.Rows(1, engine.InputDimension, seed: 28);
        float[] reconstruction = new float[engine.InputDimension];

        // The other thread scores batches too small for two ranges, each whole on its own thread for a millisecond or so.
        const int OtherRows = 30;
        float[] batch = ScoringTestModels.Rows(OtherRows, engine.InputDimension, seed: 29);
        int completed = 0;
        bool stop = false;
        var other = new Thread(() =>
        {
            float[] errors = new float[OtherRows];
            while (!Volatile.Read(ref stop))
            {
                onnx.ScoreRows(batch, errors, default);
                Interlocked.Increment(ref completed);
            }
        });
        other.Start();
        int besideOther = 0;
        try
        {
            var clock = Stopwatch.StartNew();
            while (besideOther < 20 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                int before = Volatile.Read(ref completed);
                bool otherScoring = onnx.CallsScoring > 0;
                long cuts = onnx.BatchesCutByWeights;
                onnx.Reconstruct(row, reconstruction);
                bool otherStillScoring = onnx.CallsScoring > 0;

                // One call of the other thread's then spanned this one, from before it began until after it ended: the
                // thread has not come back from it, and it still counts. A call that has ended but whose thread has not yet
                // counted it, descheduled under load, may have left this one alone, and cut.
                if (otherScoring && otherStillScoring && Volatile.Read(ref completed) == before)
                {
                    besideOther++;
                    Assert.AreEqual(cuts, onnx.BatchesCutByWeights, "a row scored beside another call must be scored whole");
                }
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            other.Join();
        }

        Assert.AreEqual(20, besideOther, "rows should have been scored while the other thread's calls were");

        // Alone for longer than the runners poll after a batch, a row is cut again.
        Thread.Sleep(10);
        long alone = onnx.BatchesCutByWeights;
        onnx.Reconstruct(row, reconstruction);
        Assert.AreEqual(alone + 1, onnx.BatchesCutByWeights);
    }

    [TestMethod]
    public void ANetworkIsCutIntoPartsOfAboutEqualWidthThatTogetherCoverIt()
    {
        VaeNetwork mnist = Network(784, [400], categories: null);
        WeightParts two = WeightParts.For(mnist, runs: 2)!;
        CollectionAssert.AreEqual(new[] { new FeatureRun(0, 200), new FeatureRun(200, 200) }, two.HiddenColumns);
        CollectionAssert.AreEqual(new[] { new FeatureRun(0, 392), new FeatureRun(392, 392) }, two.DecodedFeatures);
        WeightParts three = WeightParts.For(mnist, runs: 3)!;
        CollectionAssert.AreEqual(new[] { new FeatureRun(0, 133), new FeatureRun(133, 133), new FeatureRun(266, 134) }, three.HiddenColumns);
        CollectionAssert.AreEqual(new[] { new FeatureRun(0, 261), new FeatureRun(261, 261), new FeatureRun(522, 262) }, three.DecodedFeatures);

        // A cut inside a categorical group moves to its nearer end: 5 to the group's start at 4, and 10 to its end at 11.
        VaeNetwork categorical = Network(15, [30], new CategoricalGroups([new FeatureRun(4, 3), new FeatureRun(8, 3)], 15));
        CollectionAssert.AreEqual(new[] { new FeatureRun(0, 4), new FeatureRun(4, 7), new FeatureRun(11, 4) }, WeightParts.For(categorical, runs: 3)!.DecodedFeatures);
    }

    [TestMethod]
    public void ANetworkTooNarrowToGiveEveryPartSomeIsNotCut()
    {
        Assert.IsNull(WeightParts.For(Network(784, [], categories: null), runs: 2), "no hidden layer");
        Assert.IsNull(WeightParts.For(Network(784, [2], categories: null), runs: 3), "a first hidden layer narrower than the parts");
        Assert.IsNull(WeightParts.For(Network(2, [64], categories: null), runs: 3), "fewer features than parts");
        Assert.IsNull(WeightParts.For(Network(6, [64], new CategoricalGroups([new FeatureRun(0, 6)], 6)), runs: 2), "one categorical group of every feature");
        Assert.IsNotNull(WeightParts.For(Network(2, [2], categories: null), runs: 2));
    }

    [TestMethod]
    public void FeaturesThatHoldPartOfACategoricalGroupHaveNoGroupsOfTheirOwn()
    {
        var categories = new CategoricalGroups([new FeatureRun(2, 3), new FeatureRun(6, 2)], 9);
        CategoricalGroups within = categories.Within(new FeatureRun(2, 6));
        Assert.AreEqual(6, within.InputDimension);
        CollectionAssert.AreEqual(new[] { new FeatureRun(0, 3), new FeatureRun(4, 2) }, within.Groups);
        Assert.AreEqual("features", Assert.ThrowsExactly<ArgumentException>(() => categories.Within(new FeatureRun(3, 6))).ParamName);
        Assert.AreEqual("features", Assert.ThrowsExactly<ArgumentException>(() => categories.Within(new FeatureRun(0, 7))).ParamName);
    }

    /// <summary>
    /// Batches of 1, 2 and 5 rows, each cut by weights, give the engine's outputs through every call that encodes,
    /// decodes, does both or scores the loss.
    /// </summary>
    private static void AssertCutRowsScoreAsTheEngine(VaeModel engine, VaeOnnxModel onnx, string what)
    {
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        foreach (int rows in new[] { 1, 2, 5 })
        {
            float[] features = ScoringTestModels.Rows(rows, d, seed: 30 + rows, low: -1f, high: 2f);
            float[] expectedMean = new float[rows * k];
            float[] expectedLogVariance = new float[rows * k];
            float[] expectedReconstruction = new float[rows * d];
            float[] expectedReconstructionLogVariance = engine.Likelihood == VaeLikelihood.GaussianLearnedVariance ? new float[rows * d] : [];
            engine.Encode(features, expectedMean, expectedLogVariance);
            engine.Decode(expectedMean, expectedReconstruction, expectedReconstructionLogVariance);

            long before = onnx.BatchesCutByWeights;
            float[] mean = new float[rows * k];
            float[] logVariance = new float[rows * k];
            float[] reconstruction = new float[rows * d];
            onnx.Transform(features, mean, logVariance, reconstruction, default, default);
            string where = $"{what}, {rows} row(s)";
            VaeOnnxModelScoringTests.AssertClose(expectedMean, mean, relative: true, where + ", means");
            VaeOnnxModelScoringTests.AssertClose(expectedLogVariance, logVariance, relative: true, where + ", log-variances");
            VaeOnnxModelScoringTests.AssertClose(expectedReconstruction, reconstruction, relative: true, where + ", reconstruction");

            float[] reconstructed = new float[rows * d];
            onnx.Reconstruct(features, reconstructed);
            VaeOnnxModelScoringTests.AssertClose(expectedReconstruction, reconstructed, relative: true, where + ", Reconstruct");
            float[] withLogVarianceOnly = new float[rows * d];
            onnx.Transform(features, default, logVariance, withLogVarianceOnly, default, default);
            VaeOnnxModelScoringTests.AssertClose(expectedReconstruction, withLogVarianceOnly, relative: true, where + ", reconstruction beside the log-variances");

            float[] meanOnly = new float[rows * k];
            onnx.Transform(features, meanOnly, default, default, default, default);
            VaeOnnxModelScoringTests.AssertClose(expectedMean, meanOnly, relative: true, where + ", Transform of the means alone");
            float[] encodedMean = new float[rows * k];
            float[] encodedLogVariance = new float[rows * k];
            onnx.Encode(features, encodedMean, encodedLogVariance);
            VaeOnnxModelScoringTests.AssertClose(expectedMean, encodedMean, relative: true, where + ", Encode means");
            VaeOnnxModelScoringTests.AssertClose(expectedLogVariance, encodedLogVariance, relative: true, where + ", Encode log-variances");
            onnx.Encode(features, encodedMean, default);
            VaeOnnxModelScoringTests.AssertClose(expectedMean, encodedMean, relative: true, where + ", Encode of the means alone");

            float[] decoded = new float[rows * d];
            float[] decodedLogVariance = new float[expectedReconstructionLogVariance.Length];
            onnx.Decode(expectedMean, decoded, decodedLogVariance);
            VaeOnnxModelScoringTests.AssertClose(expectedReconstruction, decoded, relative: true, where + ", Decode");
            VaeOnnxModelScoringTests.AssertClose(expectedReconstructionLogVariance, decodedLogVariance, relative: true, where + ", Decode log-variances");
            onnx.Decode(expectedMean, decoded);
            VaeOnnxModelScoringTests.AssertClose(expectedReconstruction, decoded, relative: true, where + ", Decode without log-variances");

            AssertCutLossesScoreAsTheEngine(engine, onnx, rows, where);
            Assert.AreEqual(before + 11, onnx.BatchesCutByWeights, where + ": each call must be cut by weights");
        }
    }

    /// <summary>
    /// Scores a batch of enough rows to cut into ranges, each range whole through the autoencoder graph, then every third
    /// of its rows alone, cut by weights, as docs/architecture.md ("Determinism") says they compare: the latents and
    /// reconstruction to the bit, as no layer is of a width that ONNX Runtime rounds by a value's place in the batch,
    /// and the reconstruction error and anomaly score, summed in another order, within a relative 1e-6.
    /// </summary>
    private static void AssertCutRowsScoreAsInABatchScoredWhole(VaeOnnxModel onnx, string what)
    {
        const int BatchRows = 400;
        int d = onnx.InputDimension;
        int k = onnx.LatentDimension;
        float[] features = ScoringTestModels.Rows(BatchRows, d, seed: 50);
        float[][] batch = [new float[BatchRows * k], new float[BatchRows * k], new float[BatchRows * d], new float[BatchRows], new float[BatchRows]];
        long before = onnx.BatchesCutByWeights;
        onnx.Transform(features, batch[0], batch[1], batch[2], batch[3], batch[4]);
        Assert.AreEqual(before, onnx.BatchesCutByWeights, $"{what}: the batch must be cut into ranges, not by weights");

        string[] outputs = ["latent means", "latent log-variances", "reconstruction", "reconstruction error", "anomaly score"];
        int scoredAlone = 0;
        for (int row = 0; row < BatchRows; row += 3, scoredAlone++)
        {
            float[][] alone = [new float[k], new float[k], new float[d], new float[1], new float[1]];
            onnx.Transform(features.AsSpan(row * d, d), alone[0], alone[1], alone[2], alone[3], alone[4]);
            for (int output = 0; output < 3; output++)
            {
                int width = alone[output].Length;
                CollectionAssert.AreEqual(
                    batch[output].AsSpan(row * width, width).ToArray().Select(BitConverter.SingleToInt32Bits).ToArray(),
                    alone[output].Select(BitConverter.SingleToInt32Bits).ToArray(),
                    $"{what}, row {row}: the {outputs[output]} alone, cut by weights, differ from the batch's");
            }

            for (int output = 3; output < outputs.Length; output++)
            {
                float inBatch = batch[output][row];
                float cut = alone[output][0];
                Assert.IsLessThanOrEqualTo(
                    1e-6,
                    Math.Abs(cut - inBatch) / Math.Abs(inBatch),
                    string.Create(CultureInfo.InvariantCulture, $"{what}, row {row}: the {outputs[output]} alone, cut by weights, is {cut:R}, in the batch {inBatch:R}"));
            }
        }

        Assert.AreEqual(before + scoredAlone, onnx.BatchesCutByWeights, $"{what}: each row alone must be cut by weights");
    }

    /// <summary>
    /// <paramref name="rows"/> rows' reconstruction errors and anomaly scores, alone and beside the other outputs, as the
    /// engine scores them: three calls, each cut by weights. The features lie in [0, 1], where every likelihood's loss
    /// reads them.
    /// </summary>
    private static void AssertCutLossesScoreAsTheEngine(VaeModel engine, VaeOnnxModel onnx, int rows, string where)
    {
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        float[] features = ScoringTestModels.Rows(rows, d, seed: 40 + rows);
        float[] expectedError = new float[rows];
        float[] expectedScore = new float[rows];
        float[] expectedMean = new float[rows * k];
        float[] expectedLogVariance = new float[rows * k];
        float[] expectedReconstruction = new float[rows * d];
        engine.ScoreRows(features, expectedError, expectedScore);
        engine.Encode(features, expectedMean, expectedLogVariance);
        engine.Decode(expectedMean, expectedReconstruction);

        float[] error = new float[rows];
        float[] score = new float[rows];
        onnx.ScoreRows(features, error, score);
        VaeOnnxModelScoringTests.AssertClose(expectedError, error, relative: true, where + ", ScoreRows errors");
        VaeOnnxModelScoringTests.AssertClose(expectedScore, score, relative: true, where + ", ScoreRows anomaly scores");
        float[] scoreOnly = new float[rows];
        onnx.ScoreRows(features, default, scoreOnly);
        VaeOnnxModelScoringTests.AssertClose(expectedScore, scoreOnly, relative: true, where + ", ScoreRows of the anomaly scores alone");

        float[] mean = new float[rows * k];
        float[] logVariance = new float[rows * k];
        float[] reconstruction = new float[rows * d];
        onnx.Transform(features, mean, logVariance, reconstruction, error, score);
        VaeOnnxModelScoringTests.AssertClose(expectedMean, mean, relative: true, where + ", means beside the loss");
        VaeOnnxModelScoringTests.AssertClose(expectedLogVariance, logVariance, relative: true, where + ", log-variances beside the loss");
        VaeOnnxModelScoringTests.AssertClose(expectedReconstruction, reconstruction, relative: true, where + ", reconstruction beside the loss");
        VaeOnnxModelScoringTests.AssertClose(expectedError, error, relative: true, where + ", Transform errors");
        VaeOnnxModelScoringTests.AssertClose(expectedScore, score, relative: true, where + ", Transform anomaly scores");
    }

    /// <summary>
    /// Scores <paramref name="rows"/> rows of an untrained Gaussian model of <paramref name="hiddenLayerSizes"/> on two
    /// runs through <c>Transform</c>, <c>Encode</c> and <c>Decode</c>, and requires every call scored whole, as the
    /// engine scores the rows.
    /// </summary>
    private static void AssertScoredWholeAsTheEngine(int[] hiddenLayerSizes, int rows, int seed)
    {
        var options = new VaeOptions { HiddenLayerSizes = hiddenLayerSizes, LatentDimension = 3, Likelihood = VaeLikelihood.Gaussian, Gemm = GemmBackend.Managed, NumberOfThreads = 1 };
        VaeNetwork network = VaeNetwork.Create(options, ScoringTestModels.InputDimension, new Random(seed));
        var engine = new VaeModel(network, scaling: null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);
        using VaeOnnxModel onnx = TwoRuns(engine);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        float[] features = ScoringTestModels.Rows(rows, d, seed: seed + 1);
        float[] expectedMean = new float[rows * k];
        float[] expectedReconstruction = new float[rows * d];
        engine.Encode(features, expectedMean, new float[rows * k]);
        engine.Decode(expectedMean, expectedReconstruction);

        float[] mean = new float[rows * k];
        float[] reconstruction = new float[rows * d];
        float[] encoded = new float[rows * k];
        float[] decoded = new float[rows * d];
        onnx.Transform(features, mean, new float[rows * k], reconstruction, default, default);
        onnx.Encode(features, encoded, default);
        onnx.Decode(expectedMean, decoded);

        Assert.AreEqual(0, onnx.BatchesCutByWeights);
        VaeOnnxModelScoringTests.AssertClose(expectedMean, mean, relative: true, "Transform means");
        VaeOnnxModelScoringTests.AssertClose(expectedReconstruction, reconstruction, relative: true, "Transform reconstruction");
        VaeOnnxModelScoringTests.AssertClose(expectedMean, encoded, relative: true, "Encode");
        VaeOnnxModelScoringTests.AssertClose(expectedReconstruction, decoded, relative: true, "Decode");
    }

    /// <summary>A learned-variance model of 12 features, two of its columns categorical (4-8 and 9-10), standardized, with layers wide enough to cut a row.</summary>
    private static VaeModel CategoricalModel()
    {
        const int width = 12;
        var sizes = new VaeCategoricalFeature("size", 4, ["S", "M", "L", "XL", "XXL"]);
        var colours = new VaeCategoricalFeature("colour", 9, ["red", "blue"]);
        var options = new VaeOptions
        {
            HiddenLayerSizes = [14000],
            DecoderHiddenLayerSizes = [64, 7000],
            LatentDimension = 4,
            Activation = VaeActivation.Softplus,
            Likelihood = VaeLikelihood.GaussianLearnedVariance,
            InputScaling = VaeInputScaling.Standardize,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
        };
        CategoricalGroups categories = CategoricalGroups.Of([sizes, colours], width);
        VaeNetwork network = VaeNetwork.Create(options, width, new Random(3), categories);
        var random = new Random(4);
        var scaling = new FeatureScaling(
            [.. Enumerable.Range(0, width).Select(_ => (float)(random.NextDouble() - 0.5))],
            [.. Enumerable.Range(0, width).Select(_ => (float)(0.5 + random.NextDouble()))]).Leaving(categories);
        return new VaeModel(network, scaling, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null, categoricalFeatures: [sizes, colours]);
    }

    private static VaeNetwork Network(int inputDimension, int[] hidden, CategoricalGroups? categories) =>
        VaeNetwork.Create(new VaeOptions { HiddenLayerSizes = hidden, LatentDimension = 2 }, inputDimension, new Random(1), categories);

    /// <summary>Scores <paramref name="engine"/> on two runs of one thread each, cutting rows by weights whatever the processors here.</summary>
    private static VaeOnnxModel TwoRuns(VaeModel engine) => VaeOnnxModel.FromModelOn(Processors, engine, intraOpThreads: 1, concurrentRuns: 2);
}
