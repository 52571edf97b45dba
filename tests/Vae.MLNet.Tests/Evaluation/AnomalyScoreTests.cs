using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Evaluation;

[TestClass]
public sealed class AnomalyScoreTests
{
    [TestMethod]
    public void EvaluateNamesEmptyDataAndTheRowOfADatasetThatHandsOutNaN()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Gaussian;

        var empty = Assert.ThrowsExactly<ArgumentException>(() => model.Evaluate(new OwnDataset(data, rowCount: 0, nanRow: null)));
        var notFinite = Assert.ThrowsExactly<VaeDataException>(() => model.Evaluate(new OwnDataset(data, data.RowCount, nanRow: 7)));

        // A dataset of one's own that reports a negative count is refused by the same checks, not by an overflow.
        var negative = new OwnDataset(data, rowCount: -3, nanRow: null);
        var negativeEvaluated = Assert.ThrowsExactly<ArgumentException>(() => model.Evaluate(negative));
        var negativeEstimated = Assert.ThrowsExactly<ArgumentException>(() => model.EstimateLogLikelihood(negative, samples: 2));
        var negativeTrained = Assert.ThrowsExactly<VaeDataException>(() => new VaeTrainer(model.Options).Fit(negative));

        Assert.AreEqual("data", empty.ParamName);
        StringAssert.StartsWith(negativeEvaluated.Message, "The data reports -3 rows; pass at least one.");
        StringAssert.StartsWith(negativeEstimated.Message, "The data reports -3 rows; pass at least one.");
        StringAssert.StartsWith(negativeTrained.Message, "The dataset reports -3 rows of 6 features;");
        Assert.AreEqual(7L, notFinite.Row);
        Assert.AreEqual(1, notFinite.Column);

        // An unscaled Bernoulli model checks the range first; NaN still gets the missing-value advice, not the range's.
        (VaeModel bernoulli, VaeDataset binary) = EvaluationModels.Bernoulli;
        var missing = Assert.ThrowsExactly<VaeDataException>(() => bernoulli.Evaluate(new OwnDataset(binary, binary.RowCount, nanRow: 7)));
        Assert.AreEqual((7L, 1), (missing.Row, missing.Column));
        StringAssert.Contains(missing.Message, "impute or drop missing values");
        Assert.DoesNotContain("[0, 1]", missing.Message);
    }

    [TestMethod]
    [DataRow(float.PositiveInfinity)]
    [DataRow(float.NegativeInfinity)]
    public void AnInfiniteFeatureIsRefusedByAModelWhoseScalingClipsToTheUnitInterval(float infinity)
    {
        (VaeModel bernoulli, VaeDataset binary) = EvaluationModels.Bernoulli;
        int d = binary.FeatureCount;
        VaeModel clipping = EvaluationModels.Wrap(bernoulli.Network, new FeatureScaling(new float[d], Enumerable.Repeat(1f, d).ToArray()).For(VaeLikelihood.Bernoulli));
        var data = new OwnDataset(binary, binary.RowCount, nanRow: 7, infinity);

        var evaluated = Assert.ThrowsExactly<VaeDataException>(() => clipping.Evaluate(data));
        var estimated = Assert.ThrowsExactly<VaeDataException>(() => clipping.EstimateLogLikelihood(data, samples: 2));

        foreach (VaeDataException refused in new[] { evaluated, estimated })
        {
            Assert.AreEqual((7L, 1), (refused.Row, refused.Column));
            StringAssert.Contains(refused.Message, "Infinity; every feature must be a finite number");
            Assert.DoesNotContain("after the model's scaling", refused.Message);
        }
    }

    [TestMethod]
    public void ScoresAverageToEvaluateAndDifferByTheKullbackLeibler()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Gaussian;
        float[] features = data.ToArray();
        int rows = data.RowCount;
        var anomalyScore = new float[rows];
        var reconstruction = new float[rows];
        model.ScoreRows(features, reconstruction, anomalyScore);

        VaeEvaluation evaluation = model.Evaluate(data);
        Assert.AreEqual(evaluation.Reconstruction, reconstruction.Average(v => (double)v), 1e-4 * Math.Abs(evaluation.Reconstruction));
        Assert.AreEqual(evaluation.NegativeElbo, anomalyScore.Average(v => (double)v), 1e-4 * Math.Abs(evaluation.NegativeElbo));

        var mean = new float[rows * 2];
        var logVariance = new float[rows * 2];
        model.Encode(features, mean, logVariance);
        for (int r = 0; r < rows; r += 37)
        {
            double kl = 0;
            for (int k = 0; k < 2; k++)
            {
                double m = mean[r * 2 + k];
                double s = logVariance[r * 2 + k];
                kl += 0.5 * ((m * m) + Math.Exp(s) - 1 - s);
            }

            Assert.AreEqual(kl, anomalyScore[r] - reconstruction[r], 1e-4, $"row {r}");
        }
    }

    [TestMethod]
    public void ADatasetScoresAsItsRowsDoAcrossChunksAndNamesTheRowOfABadFeature()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Gaussian;
        float[] features = data.ToArray();
        int copies = (VaeDataset.ChunkRows / data.RowCount) + 2;
        var many = VaeDataset.FromArray([.. Enumerable.Repeat(features, copies).SelectMany(rows => rows)], data.FeatureCount);
        var reconstructionError = new float[many.RowCount];
        var anomalyScore = new float[many.RowCount];
        model.ScoreRows(many.ToArray(), reconstructionError, anomalyScore);

        VaeRowScores scores = model.ScoreRows(many);

        Assert.IsGreaterThan(VaeDataset.ChunkRows, many.RowCount);
        CollectionAssert.AreEqual(reconstructionError, scores.ReconstructionError);
        CollectionAssert.AreEqual(anomalyScore, scores.AnomalyScore);
        int lateRow = VaeDataset.ChunkRows + 5;
        var notFinite = Assert.ThrowsExactly<VaeDataException>(() => model.ScoreRows(new OwnDataset(many, many.RowCount, nanRow: lateRow)));
        Assert.AreEqual((lateRow, 1), ((int)notFinite.Row!, notFinite.Column));
        Assert.AreEqual("data", Assert.ThrowsExactly<ArgumentException>(() => model.ScoreRows(new OwnDataset(data, 0, nanRow: null))).ParamName);

        (VaeModel bernoulli, VaeDataset binary) = EvaluationModels.Bernoulli;
        var outside = Assert.ThrowsExactly<VaeDataException>(() => bernoulli.ScoreRows(new OwnDataset(binary, binary.RowCount, nanRow: 3, badValue: 1.5f)));
        Assert.AreEqual((3L, 1), (outside.Row, outside.Column));
        StringAssert.Contains(outside.Message, "[0, 1]");
    }

    [TestMethod]
    public void AnOutlierScoresHigherThanAlmostAllTrainingRows()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        float[] typical = data.Subset(Enumerable.Range(0, 50)).ToArray();

        // Alternating bits contradict the two-block structure the model learned.
        float[] outlier = Enumerable.Range(0, 12).Select(j => (float)(j % 2)).ToArray();
        float[] features = [.. typical, .. outlier];
        var anomalyScore = new float[51];
        var reconstruction = new float[51];
        model.ScoreRows(features, reconstruction, anomalyScore);

        // A typical row can be as ambiguous as the outlier (three of a block's six bits flipped happens in about one
        // block in fifty), so the outlier must beat all but two typical rows, and their mean by a wide margin.
        float[] typicalScores = [.. anomalyScore[..50].Order()];
        Assert.IsGreaterThan(typicalScores[47], anomalyScore[50], $"typical rows scored {string.Join(", ", typicalScores)}");
        Assert.IsGreaterThan(typicalScores.Average() + 3, anomalyScore[50]);
    }

    [TestMethod]
    public void AFlipInAColumnThatWasAlwaysOneStandsOutUnderMinMaxScaling()
    {
        // Min-max scaling mapped a column constant at 1 to 0, and a flipped 0 to −1, which the clip made 0 again: the
        // same input as the 1, scored the same.
        var random = new Random(4);
        float[] features = [.. Enumerable.Range(0, 200).SelectMany(_ => new[] { random.Next(2), random.Next(2), 1f })];
        // With 4 hidden units some seeds learned the constant column barely (seed 6 of 0 to 11 scored the flip 1.1 above
        // the 1), leaving the margin to the seed and the kernel's order of sums; with 8 every one of them scores it
        // more than 2.9 above on each kernel.
        var options = new VaeOptions { HiddenLayerSizes = [8], LatentDimension = 1, Epochs = 60, LearningRate = 1e-2f, InputScaling = VaeInputScaling.MinMax, NumberOfThreads = 1, Seed = 1 };
        VaeModel model = new VaeTrainer(options).Fit(VaeDataset.FromArray(features, 3));

        var anomalyScore = new float[2];
        model.ScoreRows([1f, 0f, 1f, 1f, 0f, 0f], new float[2], anomalyScore);

        Assert.IsGreaterThan(anomalyScore[0] + 1, anomalyScore[1], $"scored {anomalyScore[0]} with the column's 1, {anomalyScore[1]} with a 0");
    }

    [TestMethod]
    public void RejectsMisshapenBuffersAndNonFiniteFeatures()
    {
        (VaeModel model, _) = EvaluationModels.Bernoulli;
        var one = new float[1];
        Assert.AreEqual("features", Assert.ThrowsExactly<ArgumentException>(() => model.ScoreRows(new float[13], one, one)).ParamName);
        Assert.AreEqual("anomalyScore", Assert.ThrowsExactly<ArgumentException>(() => model.ScoreRows(new float[12], one, new float[2])).ParamName);
        Assert.AreEqual("reconstructionError", Assert.ThrowsExactly<ArgumentException>(() => model.ScoreRows(new float[12], new float[2], one)).ParamName);
        float[] bad = new float[12];
        bad[3] = float.NaN;
        Assert.AreEqual("features", Assert.ThrowsExactly<ArgumentException>(() => model.ScoreRows(bad, one, new float[1])).ParamName);
    }
}
