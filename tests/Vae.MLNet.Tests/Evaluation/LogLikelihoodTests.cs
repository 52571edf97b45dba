using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests.Evaluation;

[TestClass]
public sealed class LogLikelihoodTests
{
    private static readonly float[] Weights = [0.8f, -1.5f];
    private static readonly float[] Bias = [0.3f, 0.1f];
    private static readonly float[] Offset = [1f, -2f];
    private static readonly float[] Scale = [0.5f, 4f];
    private static readonly float[] Rows = [1.4f, -2.2f, 3f, -1.9f, -1f, -2f];

    [TestMethod]
    [DataRow(VaeLikelihood.Gaussian, 0.5f, 0.5f, 7)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance, 0.3f, 1.7f, 7)]
    [DataRow(VaeLikelihood.Gaussian, 0.5f, 0.5f, 1000)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance, 0.3f, 1.7f, 5000)]
    public void AGaussianWithTheExactPosteriorMatchesTheClosedFormDensityInOriginalUnits(VaeLikelihood likelihood, float firstVariance, float secondVariance, int samples)
    {
        // Every importance weight is the density itself, so the estimate is exact however many samples: 1000 and 5000
        // (the default) end in a pass of fewer samples a row than the passes before, which must be counted as they are.
        float[] variances = [firstVariance, secondVariance];
        VaeModel model = LinearGaussian(likelihood, variances);
        VaeLogLikelihoodEstimate estimate = model.EstimateLogLikelihood(VaeDataset.FromArray(Rows, 2), samples);
        AssertMatchesClosedForm(estimate, variances);
    }

    [TestMethod]
    public void ManySamplesApproachTheNumericalIntegralOverAOneDimensionalLatent()
    {
        var options = new VaeOptions { HiddenLayerSizes = [8], LatentDimension = 1, Likelihood = VaeLikelihood.Bernoulli };
        VaeModel model = EvaluationModels.Wrap(VaeNetwork.Create(options, inputDimension: 4, new Random(5)));
        float[] patterns = Enumerable.Range(0, 16).SelectMany(p => Enumerable.Range(0, 4).Select(j => (float)((p >> j) & 1))).ToArray();

        // p(x) = ∫ N(z; 0, 1) Π p_j(z)^x_j (1 − p_j(z))^(1 − x_j) dz by the trapezoid rule on [−10, 10].
        const int points = 4001;
        float[] grid = Enumerable.Range(0, points).Select(i => -10f + (20f * i / (points - 1))).ToArray();
        var probabilities = new float[points * 4];
        model.Decode(grid, probabilities);
        var integral = new double[16];
        for (int i = 0; i < points; i++)
        {
            double weight = (i == 0 || i == points - 1 ? 0.5 : 1.0) * (20.0 / (points - 1)) * Math.Exp(-0.5 * grid[i] * grid[i]) / Math.Sqrt(2 * Math.PI);
            for (int p = 0; p < 16; p++)
            {
                double likelihood = 1;
                for (int j = 0; j < 4; j++)
                {
                    double q = probabilities[i * 4 + j];
                    likelihood *= patterns[p * 4 + j] == 1f ? q : 1 - q;
                }

                integral[p] += weight * likelihood;
            }
        }

        VaeLogLikelihoodEstimate estimate = model.EstimateLogLikelihood(VaeDataset.FromArray(patterns, 4), samples: 100_000, seed: 1);
        for (int p = 0; p < 16; p++)
        {
            Assert.AreEqual(Math.Log(integral[p]), estimate.PerRow[p], 0.01, $"pattern {p}");
        }

        Assert.AreEqual(1.0, integral.Sum(), 1e-4, "the 16 patterns' probabilities should sum to 1");
    }

    [TestMethod]
    public void SamplesOfZeroWeightAddNothingWhereverTheyFall()
    {
        // The encoder gives the prior; the decoder's logit is 0.5 for z ≤ 0 and −∞ in float for z > 0, where p(x = 1 | z)
        // is 0, so p(x = 1) = ½·σ(0.5). Seed 4's first sample has z > 0.
        var network = new VaeNetwork(
            1, 1, VaeActivation.Relu, 0.01f, VaeLikelihood.Bernoulli, 1f,
            [],
            EvaluationModels.Layer(1, 2, [0f, 0f], [0f, 0f]),
            [EvaluationModels.Layer(1, 1, [1e38f], [0f])],
            EvaluationModels.Layer(1, 1, [-1e10f], [0.5f]));
        VaeModel model = EvaluationModels.Wrap(network);
        var first = new float[1];
        new GaussianNoise(4).Fill(first);
        Assert.IsGreaterThan(0f, first[0]);

        double expected = Math.Log(0.5 / (1 + Math.Exp(-0.5)));
        foreach (int seed in new[] { 1, 4 })
        {
            Assert.AreEqual(expected, model.EstimateLogLikelihood(VaeDataset.FromArray([1f], 1), samples: 4000, seed).Mean, 0.05, $"seed {seed}");
        }
    }

    [TestMethod]
    public void OneSampleAveragesToTheElboWithItsConstantsAndJacobian()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Gaussian;
        VaeLogLikelihoodEstimate single = model.EstimateLogLikelihood(data, samples: 1, seed: 4);
        VaeEvaluation loss = model.Evaluate(data, sampleLatent: true, seed: 9);

        // −ELBO as trained leaves out D/2·log(2πσ²) and is over standardized features; add both back by hand.
        double logJacobian = 0;
        float[] values = data.ToArray();
        for (int j = 0; j < 6; j++)
        {
            double[] column = Enumerable.Range(0, data.RowCount).Select(r => (double)values[r * 6 + j]).ToArray();
            double mean = column.Average();
            logJacobian -= 0.5 * Math.Log(column.Average(v => (v - mean) * (v - mean)));
        }

        double elbo = -loss.NegativeElbo - (3 * Math.Log(2 * Math.PI * 0.2)) + logJacobian;
        Assert.AreEqual(elbo, single.Mean, 4 * single.StandardError!.Value);
        Assert.IsTrue(Math.Abs(logJacobian) > 20 * single.StandardError.Value, "the Jacobian must matter at this tolerance");
        Assert.AreEqual(elbo, loss.EvidenceLowerBound, 1e-9 * Math.Abs(elbo), "the evaluation's own bound adds the same constants and Jacobian");
    }

    [TestMethod]
    public void AnEvaluationSaysWhetherItsLatentsWereSampledForItsBoundIsNoneAtTheMeans()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;

        VaeEvaluation atMean = model.Evaluate(data);
        VaeEvaluation sampled = model.Evaluate(data, sampleLatent: true, seed: 9);

        Assert.IsFalse(atMean.LatentsSampled);
        Assert.IsTrue(sampled.LatentsSampled);
        StringAssert.Contains(atMean.ToString(), "LatentsSampled = False");
        StringAssert.Contains(sampled.ToString(), "LatentsSampled = True");

        // Decoded at z = μ the loss is lower, so its negation lies above the ELBO it could be taken for.
        Assert.IsGreaterThan(sampled.EvidenceLowerBound, atMean.EvidenceLowerBound);
    }

    [TestMethod]
    public void ABernoulliModelsEvidenceLowerBoundIsItsNegatedLoss()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        VaeEvaluation loss = model.Evaluate(data, sampleLatent: true, seed: 9);

        Assert.AreEqual(-loss.NegativeElbo, loss.EvidenceLowerBound);
    }

    [TestMethod]
    public void MoreSamplesGiveAHigherBoundBeyondTheirNoise()
    {
        (VaeModel model, VaeDataset rows) = EvaluationModels.Bernoulli;
        double[] one = [.. model.EstimateLogLikelihood(rows, samples: 1).PerRow];
        double[] ten = [.. model.EstimateLogLikelihood(rows, samples: 10).PerRow];
        double[] hundred = [.. model.EstimateLogLikelihood(rows, samples: 100).PerRow];

        // The bound rises in expectation; each estimate is random, so the per-row gains are judged against their
        // standard error: K = 10 must gain clearly over K = 1, and K = 100 must not lose to K = 10 beyond noise.
        (double gainOverOne, double oneError) = MeanAndStandardError(ten.Zip(one, (a, b) => a - b));
        (double gainOverTen, double tenError) = MeanAndStandardError(hundred.Zip(ten, (a, b) => a - b));
        Assert.IsGreaterThan(3 * oneError, gainOverOne, $"K = 10 over K = 1: {gainOverOne} ± {oneError}");
        Assert.IsGreaterThan(-3 * tenError, gainOverTen, $"K = 100 over K = 10: {gainOverTen} ± {tenError}");
        Assert.IsTrue(hundred.All(v => v < 0), "a log-probability of binary data is negative");
    }

    [TestMethod]
    public void ASeedFixesTheEstimateAndProgressCountsRows()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        VaeDataset rows = data.Subset(Enumerable.Range(0, 20));
        var progress = new SynchronousProgress<int>();
        VaeLogLikelihoodEstimate first = model.EstimateLogLikelihood(rows, samples: 30, seed: 2, progress);
        VaeLogLikelihoodEstimate again = model.EstimateLogLikelihood(rows, samples: 30, seed: 2);
        VaeLogLikelihoodEstimate other = model.EstimateLogLikelihood(rows, samples: 30, seed: 3);
        CollectionAssert.AreEqual(first.PerRow.ToArray(), again.PerRow.ToArray());
        CollectionAssert.AreNotEqual(first.PerRow.ToArray(), other.PerRow.ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(1, 20).ToArray(), progress.Reports.ToArray());
        Assert.AreEqual(first.PerRow.Average(), first.Mean, 1e-12);
        Assert.AreEqual(30, first.Samples);
    }

    /// <summary>The standard error is the documented sample standard deviation over √rows, not the population one.</summary>
    [TestMethod]
    public void TheStandardErrorIsTheSampleStandardDeviationOverTheRootOfTheRowCount()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        VaeLogLikelihoodEstimate estimate = model.EstimateLogLikelihood(data.Subset(Enumerable.Range(0, 20)), samples: 5, seed: 2);

        double expected = MeanAndStandardError(estimate.PerRow).StandardError;
        Assert.AreEqual(expected, estimate.StandardError!.Value, 1e-12 * expected);
    }

    [TestMethod]
    public void ASingleRowHasNoStandardError()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        VaeLogLikelihoodEstimate estimate = model.EstimateLogLikelihood(data.Subset([0]), samples: 5, seed: 2);

        Assert.AreEqual(1, estimate.PerRow.Count);
        Assert.IsNull(estimate.StandardError);
    }

    [TestMethod]
    public void AModelOfRowsTooWideFor512AtOnceEstimatesOneRowAPass()
    {
        // 512 rows of 5 million features' scratch are more values than one array holds: sizing the buffers overflowed.
        const int d = 5_000_000;
        var options = new VaeOptions { HiddenLayerSizes = [1], LatentDimension = 1, Likelihood = VaeLikelihood.Gaussian };
        VaeModel model = EvaluationModels.Wrap(VaeNetwork.Create(options, d, new Random(6)));
        VaeDataset row = VaeDataset.FromArray(new float[d], d);

        long before = GC.GetAllocatedBytesForCurrentThread();
        VaeLogLikelihoodEstimate estimate = model.EstimateLogLikelihood(row, samples: 2);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsTrue(double.IsFinite(estimate.PerRow[0]));
        Assert.IsLessThan(512L << 20, allocated, "the buffers of one row a pass, not of 512");
    }

    [TestMethod]
    public void RejectsBadArguments()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        Assert.AreEqual("samples", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.EstimateLogLikelihood(data, samples: 0)).ParamName);
        Assert.AreEqual("data", Assert.ThrowsExactly<ArgumentNullException>(() => model.EstimateLogLikelihood(null!)).ParamName);
        VaeDataset wrongWidth = VaeDataset.FromArray(new float[10], featureCount: 10);
        Assert.AreEqual("data", Assert.ThrowsExactly<ArgumentException>(() => model.EstimateLogLikelihood(wrongWidth)).ParamName);
        VaeDataset notBinary = VaeDataset.FromArray(Enumerable.Repeat(0.5f, 12).ToArray(), featureCount: 12);
        var error = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(notBinary, samples: 2));
        StringAssert.Contains(error.Message, "binarize");
        var missing = new OwnDataset(data, rowCount: 5, nanRow: 3);
        var missingError = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(missing, samples: 2));
        Assert.AreEqual((3L, 1), (missingError.Row, missingError.Column));
        StringAssert.Contains(missingError.Message, "missing values");
        Assert.IsFalse(missingError.Message.Contains("binarize", StringComparison.Ordinal), missingError.Message);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => model.EstimateLogLikelihood(data, samples: 2, cancellationToken: cancelled.Token));
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void CancellationStopsARowMidwayThroughItsSamples()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // int.MaxValue samples would take minutes for the one row, and the count must not wrap either.
        Assert.ThrowsExactly<OperationCanceledException>(
            () => model.EstimateLogLikelihood(data.Subset([0]), samples: int.MaxValue, cancellationToken: cancellation.Token));
    }

    [TestMethod]
    public void DataItCannotScoreIsRefusedBeforeAnyRowIsEstimated()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        float[] rows = data.Subset(Enumerable.Range(0, 600).Select(i => i % data.RowCount).ToArray()).ToArray();
        rows[^1] = 0.5f;
        var progress = new SynchronousProgress<int>();

        var error = Assert.ThrowsExactly<VaeDataException>(
            () => model.EstimateLogLikelihood(VaeDataset.FromArray(rows, data.FeatureCount), samples: 2, progress: progress));

        StringAssert.StartsWith(error.Message, $"Row 599, feature {data.FeatureCount - 1} is 0.5; a Bernoulli model");
        Assert.AreEqual(599L, error.Row);
        Assert.IsEmpty(progress.Reports, "the row past the first batch was found before the first row was estimated");

        // A finite feature the scaling (here × 4) takes past float32 is far out of range, not missing.
        var scaledPast = Assert.ThrowsExactly<VaeDataException>(
            () => LinearGaussian(VaeLikelihood.Gaussian, [0.5f, 0.25f]).EstimateLogLikelihood(VaeDataset.FromArray([1f, 1e38f], 2), samples: 2));
        StringAssert.StartsWith(scaledPast.Message, "Row 0, feature 1 is 1E+38, which the model's scaling takes beyond float32's range");
        Assert.DoesNotContain("impute", scaledPast.Message);
    }

    [TestMethod]
    public void ABernoulliModelWhoseScalingMovesZeroAndOneIsNotToldToBinarize()
    {
        // Trained on a second feature that ranged over [0, 4]: binarized data's 1 becomes 0.25 there.
        VaeModel model = ScaledBernoulli(new FeatureScaling([0f, 0f], [1f, 0.25f], clipsToUnitInterval: true));

        var error = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(VaeDataset.FromArray([1f, 1f], 2), samples: 2));

        StringAssert.StartsWith(error.Message, "Row 0, feature 1 is 0.25 after the model's scaling; a Bernoulli model's log p(x) is defined for features that are exactly 0 or 1, and this model's MinMax scaling maps 0 and 1 in this column to 0 and 0.25, so no binarization of the data gives such features.");
        Assert.DoesNotContain("binarize the data", error.Message, "binarizing cannot help");
    }

    [TestMethod]
    [DataRow(7f)]
    [DataRow(-5f)]
    public void ABernoulliModelRefusesValuesItsClipWouldTakeForZeroOrOne(float value)
    {
        // Min-max scaling learned on bits keeps them, and the clip to [0, 1] that follows would score 7 as 1 and −5 as 0.
        VaeModel model = ScaledBernoulli(new FeatureScaling([0f, 0f], [1f, 1f], clipsToUnitInterval: true));

        var error = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(VaeDataset.FromArray([1f, value], 2), samples: 2));

        StringAssert.StartsWith(error.Message, $"Row 0, feature 1 is {value.ToString(CultureInfo.InvariantCulture)}; a Bernoulli model's log p(x) is defined for features that are exactly 0 or 1, so ");
    }

    [TestMethod]
    public void ABernoulliModelsScalingAddsNoJacobian()
    {
        // A Bernoulli log p(x) is the probability of the scaled bits, not a density: min-max scaling of [0, 2] onto
        // [0, 1] gives the estimate of the same network on the bits themselves.
        var options = new VaeOptions { HiddenLayerSizes = [3], LatentDimension = 1, InputScaling = VaeInputScaling.MinMax, NumberOfThreads = 1 };
        var network = VaeNetwork.Create(options, inputDimension: 2, new Random(1));
        var history = new VaeTrainingHistory([], null, false, GemmBackend.Managed);
        var scaled = new VaeModel(network, new FeatureScaling([0f, 0f], [0.5f, 0.5f], clipsToUnitInterval: true), options, history, featureNames: null);
        VaeModel unscaled = EvaluationModels.Wrap(network);

        double onBits = unscaled.EstimateLogLikelihood(VaeDataset.FromArray([0f, 1f, 1f, 1f], 2), samples: 4, seed: 3).Mean;
        double onTwos = scaled.EstimateLogLikelihood(VaeDataset.FromArray([0f, 2f, 2f, 2f], 2), samples: 4, seed: 3).Mean;

        Assert.AreEqual(onBits, onTwos, 1e-9);
    }

    [TestMethod]
    public void ACategoricalColumnAddsTheLogProbabilityOfItsCategoryAndNoGaussianNormalizer()
    {
        // Every importance weight is p(x | z) = p(x), N(x'; 0.3, 0.5)·0.5 (the Jacobian of the scale 0.5) for the
        // number, softmax(1, −1) for the category.
        VaeDataset data = CsvDatasetReader.Read(new StringReader("3,b\n-1,a\n"), new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1] });

        VaeLogLikelihoodEstimate estimate = NumberAndCategory(data.CategoricalFeatures!, numberScale: 0.5f).EstimateLogLikelihood(data, samples: 3);

        double logSumExp = Math.Log(Math.Exp(1) + Math.Exp(-1));
        (double Number, double LogProbability)[] rows = [(3, -1 - logSumExp), (-1, 1 - logSumExp)];
        for (int r = 0; r < 2; r++)
        {
            double scaled = (rows[r].Number - 1) * 0.5;
            double expected = (-0.5 * Math.Log(2 * Math.PI * 0.5)) - ((scaled - 0.3) * (scaled - 0.3) / (2 * 0.5)) + Math.Log(0.5) + rows[r].LogProbability;
            Assert.AreEqual(expected, estimate.PerRow[r], 1e-5, $"row {r}");
        }
    }

    [TestMethod]
    public void AModelOfGrayPixelsEstimatesBinarizedOnesWhichItsClipLeavesAsTheyAre()
    {
        // Min-max scaling learned on pixels from 0.2 to 0.8 takes a binarized 0 to −1/3 and a 1 to 4/3, which the clip
        // returns to 0 and 1; a 0.5 is gray, and the model of the second pixel, always 1 in training, keeps it at 1.
        VaeModel model = ScaledBernoulli(new FeatureScaling([0.2f, 0f], [1f / 0.6f, 1f], clipsToUnitInterval: true));

        VaeLogLikelihoodEstimate estimate = model.EstimateLogLikelihood(VaeDataset.FromArray([0f, 1f, 1f, 0f], 2), samples: 2);
        var gray = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(VaeDataset.FromArray([0.5f, 1f], 2), samples: 2));

        // 0.8 scales to exactly 1, the bit a 1 of the data is seen as: taken too, it would count the bit twice.
        var trainingEnd = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(VaeDataset.FromArray([0.8f, 1f], 2), samples: 2));

        Assert.HasCount(2, estimate.PerRow);
        Assert.IsTrue(estimate.PerRow.All(double.IsFinite));
        StringAssert.StartsWith(gray.Message, "Row 0, feature 0 is 0.5; a Bernoulli model's log p(x) is defined for features that are exactly 0 or 1, so binarize the data first");
        StringAssert.StartsWith(trainingEnd.Message, "Row 0, feature 0 is 0.8; ");
    }

    [TestMethod]
    [DataRow(1f, 0f, "0")]
    [DataRow(0.3f, 1f, "0.7")]
    public void AnOlderModelOfAColumnConstantInTrainingSaysWhyItDoesNotKeepZeroAndOne(float constant, float refused, string scaledOne)
    {
        // Before such a column kept its value, min-max scaling took a column always c to 0: for c = 1 a 0 below it clipped to 0 too, for c = 0.3 a 1 went to 0.7.
        VaeModel model = ScaledBernoulli(
            new FeatureScaling([0f, constant], [1f, 1f], clipsToUnitInterval: true), new VaeFeatureRanges([0f, constant], [1f, constant], [true, constant == 1f]));

        VaeLogLikelihoodEstimate trainingLike = model.EstimateLogLikelihood(VaeDataset.FromArray([0f, constant], 2), samples: 2);
        var bits = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(VaeDataset.FromArray([0f, refused], 2), samples: 2));

        Assert.HasCount(1, trainingLike.PerRow);
        StringAssert.Contains(bits.Message, $"maps 0 and 1 in this column to 0 and {scaledOne}");
        StringAssert.EndsWith(bits.Message, $"The column was {constant.ToString(CultureInfo.InvariantCulture)} throughout training, and this model, trained before such a column kept its value, maps it to 0; "
            + "a model trained anew from the start keeps it (training further keeps a model's scaling).");
    }

    [TestMethod]
    public void ARowOfNoCategoryOrOfTwoIsRefusedAsItsEstimateWouldLeaveTheColumnOut()
    {
        VaeDataset known = CsvDatasetReader.Read(new StringReader("3,b\n-1,a\n"), new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1] });
        VaeModel model = NumberAndCategory(known.CategoricalFeatures!, numberScale: 0.5f);
        VaeDataset unseen = CsvDatasetReader.Read(
            new StringReader("3,b\n-1,c\n"), new CsvDatasetOptions { HasHeader = false, Categories = known.CategoricalFeatures, UnknownCategoriesAsNone = true });

        var none = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(unseen, samples: 2));
        var both = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(VaeDataset.FromArray([3f, 1f, 1f], 3), samples: 2));

        Assert.AreEqual(
            "Row 1: the categorical column at feature 1 holds none of its categories (its one-hot features are all 0), so the row's loss leaves the column out and bounds the log p(x) of its other columns only. "
                + "Leave out the rows that hold no category of a column (CsvDatasetOptions.UnknownCategoriesAsNone reads a category the model was not trained on as none).",
            none.Message);
        Assert.AreEqual(1L, none.Row);
        StringAssert.StartsWith(both.Message, "Row 0: the categorical column at feature 1 holds more than one of its categories");
    }

    [TestMethod]
    public void TheFirstUnscorableRowIsNamedWhicheverCheckRefusesIt()
    {
        // Row 0 splits its category in half, which the one-hot check refuses; row 1 fails a check made before that one:
        // it reads NaN, or a number the scaling (× 4) takes past float32.
        VaeDataset categories = CsvDatasetReader.Read(new StringReader("3,b\n-1,a\n"), new CsvDatasetOptions { HasHeader = false, CategoricalColumnIndices = [1] });
        VaeModel model = NumberAndCategory(categories.CategoricalFeatures!, numberScale: 4f);
        VaeDataset[] laterRowsFailEarlierChecks =
        [
            new OwnDataset(VaeDataset.FromArray([3f, 0.5f, 0.5f, -1f, 1f, 0f], 3), rowCount: 2, nanRow: 1),
            VaeDataset.FromArray([3f, 0.5f, 0.5f, 1e38f, 1f, 0f], 3),
        ];

        foreach (VaeDataset data in laterRowsFailEarlierChecks)
        {
            var error = Assert.ThrowsExactly<VaeDataException>(() => model.EstimateLogLikelihood(data, samples: 2));
            StringAssert.StartsWith(error.Message, "Row 0, feature 1 is 0.5, but it is a one-hot feature of a categorical column");
        }

        // A Bernoulli model's feature that is neither 0 nor 1, before a NaN, which is looked for first.
        (VaeModel bernoulli, VaeDataset binary) = EvaluationModels.Bernoulli;
        float[] rows = binary.Subset([0, 1]).ToArray();
        rows[1] = 0.5f;
        var notBinary = Assert.ThrowsExactly<VaeDataException>(
            () => bernoulli.EstimateLogLikelihood(new OwnDataset(VaeDataset.FromArray(rows, binary.FeatureCount), rowCount: 2, nanRow: 1), samples: 2));
        StringAssert.StartsWith(notBinary.Message, "Row 0, feature 1 is 0.5; a Bernoulli model");
    }

    /// <summary>An untrained Bernoulli model of two features with <paramref name="scaling"/>, and the training <paramref name="ranges"/> when given.</summary>
    private static VaeModel ScaledBernoulli(FeatureScaling scaling, VaeFeatureRanges? ranges = null)
    {
        var options = new VaeOptions { HiddenLayerSizes = [3], LatentDimension = 1, InputScaling = VaeInputScaling.MinMax, NumberOfThreads = 1 };
        var network = VaeNetwork.Create(options, inputDimension: 2, new Random(1));
        return new VaeModel(network, scaling, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null, ranges);
    }

    /// <summary>
    /// A Gaussian model (variance 0.5) of a number, standardized by (x − 1)·<paramref name="numberScale"/>, followed by
    /// the two one-hot features of <paramref name="categories"/>, whose decoder ignores z, decoding 0.3 for the number
    /// and logits (1, −1), and whose encoder outputs the prior.
    /// </summary>
    private static VaeModel NumberAndCategory(IReadOnlyList<VaeCategoricalFeature> categories, float numberScale)
    {
        var options = new VaeOptions { HiddenLayerSizes = [], LatentDimension = 1, Likelihood = VaeLikelihood.Gaussian, GaussianVariance = 0.5f, InputScaling = VaeInputScaling.Standardize, NumberOfThreads = 1 };
        var network = new VaeNetwork(
            3,
            1,
            VaeActivation.Relu,
            0.01f,
            VaeLikelihood.Gaussian,
            0.5f,
            [],
            EvaluationModels.Layer(3, 2, new float[6], [0f, 0f]),
            [],
            EvaluationModels.Layer(1, 3, new float[3], [0.3f, 1f, -1f]),
            CategoricalGroups.Of(categories, 3));
        return new VaeModel(
            network, new FeatureScaling([1f, 0f, 0f], [numberScale, 1f, 1f]), options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null, categoricalFeatures: categories);
    }

    /// <summary>
    /// z ~ N(0, 1), x' | z ~ N(w z + b, diag(v)) on scaled features x' = (x − offset)·scale, with an encoder that outputs
    /// the exact posterior: then every importance weight equals p(x), so any number of samples gives log p(x) exactly.
    /// </summary>
    private static VaeModel LinearGaussian(VaeLikelihood likelihood, float[] variances)
    {
        double precision = 1 + (Weights[0] * Weights[0] / variances[0]) + (Weights[1] * Weights[1] / variances[1]);
        double posteriorVariance = 1 / precision;
        float[] encoderWeights = [(float)(posteriorVariance * Weights[0] / variances[0]), 0f, (float)(posteriorVariance * Weights[1] / variances[1]), 0f];
        float encoderBias = (float)(-posteriorVariance * ((Weights[0] * Bias[0] / variances[0]) + (Weights[1] * Bias[1] / variances[1])));
        DenseLayer encoder = EvaluationModels.Layer(2, 2, encoderWeights, [encoderBias, (float)Math.Log(posteriorVariance)]);
        DenseLayer decoder = likelihood == VaeLikelihood.Gaussian
            ? EvaluationModels.Layer(1, 2, Weights, Bias)
            : EvaluationModels.Layer(1, 4, [.. Weights, 0f, 0f], [.. Bias, MathF.Log(variances[0]), MathF.Log(variances[1])]);
        var network = new VaeNetwork(2, 1, VaeActivation.Relu, 0.01f, likelihood, variances[0], [], encoder, [], decoder);
        return EvaluationModels.Wrap(network, new FeatureScaling(Offset, Scale));
    }

    /// <summary>log N(x'; b, w wᵀ + diag(v)) + log |scale₁ scale₂|, with the 2×2 covariance inverted by hand.</summary>
    private static void AssertMatchesClosedForm(VaeLogLikelihoodEstimate estimate, float[] variances)
    {
        double s11 = (Weights[0] * Weights[0]) + variances[0];
        double s22 = (Weights[1] * Weights[1]) + variances[1];
        double s12 = Weights[0] * Weights[1];
        double determinant = (s11 * s22) - (s12 * s12);
        for (int r = 0; r < 3; r++)
        {
            double r1 = ((Rows[2 * r] - Offset[0]) * Scale[0]) - Bias[0];
            double r2 = ((Rows[2 * r + 1] - Offset[1]) * Scale[1]) - Bias[1];
            double quadratic = ((s22 * r1 * r1) - (2 * s12 * r1 * r2) + (s11 * r2 * r2)) / determinant;
            double expected = -Math.Log(2 * Math.PI) - (0.5 * Math.Log(determinant)) - (0.5 * quadratic) + Math.Log(Scale[0] * Scale[1]);
            Assert.AreEqual(expected, estimate.PerRow[r], 1e-4, $"row {r}");
        }
    }

    private static (double Mean, double StandardError) MeanAndStandardError(IEnumerable<double> values)
    {
        double[] v = [.. values];
        double mean = v.Average();
        return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1) / v.Length));
    }
}
