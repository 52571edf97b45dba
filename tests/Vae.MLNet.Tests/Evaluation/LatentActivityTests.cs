using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Evaluation;

[TestClass]
public sealed class LatentActivityTests
{
    [TestMethod]
    public void TheActivityIsTheVarianceOfEachLatentMeanAcrossTheRows()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        int k = model.LatentDimension;
        var means = new float[data.RowCount * k];
        model.Encode(data.ToArray(), means, default);

        VaeLatentActivity activity = model.MeasureLatentActivity(data);

        Assert.HasCount(k, activity.MeanVariances);
        for (int u = 0; u < k; u++)
        {
            double[] column = [.. Enumerable.Range(0, data.RowCount).Select(r => (double)means[(r * k) + u])];
            double average = column.Average();
            double variance = column.Sum(value => (value - average) * (value - average)) / column.Length;
            Assert.AreEqual(variance, activity.MeanVariances[u], 1e-9 * Math.Max(1, variance), $"dimension {u}");
        }

        Assert.AreEqual(2, activity.ActiveDimensions, "one dimension for each of the two hidden bits the features copy");
    }

    /// <summary>vae pictures chooses the latent scatter's dimensions from the means it plots, not by encoding its rows again.</summary>
    [TestMethod]
    public void MeansEncodedAlreadyGiveTheVariancesTheMeasureGives()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        var means = new float[data.RowCount * model.LatentDimension];
        model.Encode(data.ToArray(), means, default);

        double[] variances = VaeLatentActivity.MeanVariancesOf(means, model.LatentDimension);

        CollectionAssert.AreEqual(model.MeasureLatentActivity(data).MeanVariances.ToArray(), variances);
    }

    [TestMethod]
    public void TheMostVariedDimensionsComeMostVariedFirstAndTiesInTheirOrder()
    {
        var activity = new VaeLatentActivity([0.003, 0.5, 0.0109, 0.5, 0.2], new double[5]);

        CollectionAssert.AreEqual(new[] { 1, 3, 4 }, activity.MostVaried(3));
        CollectionAssert.AreEqual(new[] { 1, 3, 4, 2, 0 }, activity.MostVaried(5));
        Assert.AreEqual("count", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => activity.MostVaried(0)).ParamName);
        Assert.AreEqual("count", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => activity.MostVaried(6)).ParamName);
    }

    [TestMethod]
    public void EachDimensionsKlIsItsTermAveragedOverTheRowsAndTheyAddUpToTheEvaluatedKl()
    {
        (VaeModel model, VaeDataset data) = EvaluationModels.Bernoulli;
        int k = model.LatentDimension;
        var means = new float[data.RowCount * k];
        var logVariances = new float[data.RowCount * k];
        model.Encode(data.ToArray(), means, logVariances);

        VaeLatentActivity activity = model.MeasureLatentActivity(data);

        Assert.HasCount(k, activity.MeanKullbackLeibler);
        for (int u = 0; u < k; u++)
        {
            double expected = Enumerable.Range(0, data.RowCount)
                .Select(r => 0.5 * (Math.Pow(means[(r * k) + u], 2) + Math.Exp(logVariances[(r * k) + u]) - 1 - logVariances[(r * k) + u]))
                .Average();
            Assert.AreEqual(expected, activity.MeanKullbackLeibler[u], 1e-6 * Math.Max(1, expected), $"dimension {u}");
        }

        Assert.AreEqual(model.Evaluate(data).KullbackLeibler, activity.MeanKullbackLeibler.Sum(), 1e-4);
    }

    [TestMethod]
    public void RowsThatAllLookTheSameLeaveEveryDimensionInactive()
    {
        float[] rows = [.. Enumerable.Repeat(new float[] { 1, 0, 1, 0 }, 32).SelectMany(row => row)];
        VaeDataset data = VaeDataset.FromArray(rows, 4);
        var options = new VaeOptions { HiddenLayerSizes = [8], LatentDimension = 3, Epochs = 2, BatchSize = 8, NumberOfThreads = 1 };
        VaeModel model = new VaeTrainer(options).Fit(data);

        VaeLatentActivity activity = model.MeasureLatentActivity(data);

        Assert.IsTrue(activity.MeanVariances.All(variance => variance < 1e-12), string.Join(", ", activity.MeanVariances));
        Assert.AreEqual(0, activity.ActiveDimensions);
    }

    [TestMethod]
    public void MissingValuesAreRefusedWhenGivenNotWhenCounted()
    {
        Assert.AreEqual("MeanVariances", Assert.ThrowsExactly<ArgumentNullException>(() => new VaeLatentActivity(null!, [0.1])).ParamName);
        Assert.AreEqual("MeanKullbackLeibler", Assert.ThrowsExactly<ArgumentNullException>(() => new VaeLatentActivity([0.5], null!)).ParamName);
        var activity = new VaeLatentActivity([0.5], [0.1]);
        Assert.AreEqual("MeanVariances", Assert.ThrowsExactly<ArgumentNullException>(() => activity with { MeanVariances = null! }).ParamName);
        Assert.AreEqual("MeanKullbackLeibler", Assert.ThrowsExactly<ArgumentNullException>(() => activity with { MeanKullbackLeibler = null! }).ParamName);
    }

    [TestMethod]
    public void ListsOfDifferentLengthsAreRefusedNamingTheLonger()
    {
        ArgumentException constructed = Assert.ThrowsExactly<ArgumentException>(() => new VaeLatentActivity([0.5, 0.2], [0.1]));
        Assert.AreEqual("MeanKullbackLeibler", constructed.ParamName);
        StringAssert.Contains(constructed.Message, "MeanKullbackLeibler holds 1 values, but MeanVariances 2; give both one value per latent dimension");

        var activity = new VaeLatentActivity([0.5], [0.1]);
        ArgumentException changed = Assert.ThrowsExactly<ArgumentException>(() => activity with { MeanVariances = [0.5, 0.2] });
        Assert.AreEqual("MeanVariances", changed.ParamName);
        StringAssert.Contains(changed.Message, "construct a new VaeLatentActivity");
        CollectionAssert.AreEqual(new[] { 0.7 }, (activity with { MeanVariances = [0.7] }).MeanVariances.ToArray());
    }

    [TestMethod]
    public void EmptyListsAreRefused()
    {
        Assert.AreEqual("MeanVariances", Assert.ThrowsExactly<ArgumentException>(() => new VaeLatentActivity([], [])).ParamName);
        Assert.AreEqual("MeanKullbackLeibler", Assert.ThrowsExactly<ArgumentException>(() => new VaeLatentActivity([0.5], [])).ParamName);
    }

    [TestMethod]
    [DataRow(double.NaN, 0.1, "MeanVariances", "MeanVariances[1] is NaN, but a variance is finite and never negative")]
    [DataRow(double.PositiveInfinity, 0.1, "MeanVariances", "MeanVariances[1] is Infinity, but a variance is finite and never negative")]
    [DataRow(-0.25, 0.1, "MeanVariances", "MeanVariances[1] is -0.25, but a variance is finite and never negative")]
    [DataRow(0.5, double.NaN, "MeanKullbackLeibler", "MeanKullbackLeibler[1] is NaN, but a mean KL is finite")]
    [DataRow(0.5, double.NegativeInfinity, "MeanKullbackLeibler", "MeanKullbackLeibler[1] is -Infinity, but a mean KL is finite")]
    public void ValuesNoMeasureGivesAreRefused(double variance, double kullbackLeibler, string argument, string message)
    {
        ArgumentException refusal = Assert.ThrowsExactly<ArgumentException>(() => new VaeLatentActivity([0.5, variance], [0.1, kullbackLeibler]));

        Assert.AreEqual(argument, refusal.ParamName);
        StringAssert.Contains(refusal.Message, message);
    }

    [TestMethod]
    public void AKullbackLeiblerRoundedBelowZeroIsKept()
    {
        var activity = new VaeLatentActivity([0.5], [-1e-17]);

        Assert.AreEqual(-1e-17, activity.MeanKullbackLeibler[0]);
    }

    [TestMethod]
    public void ListsChangedAfterwardsLeaveTheActivityAsChecked()
    {
        double[] variances = [0.5, 0.2];
        var kullbackLeibler = new List<double> { 0.1, 0.3 };
        var activity = new VaeLatentActivity(variances, kullbackLeibler);

        variances[0] = double.NaN;
        kullbackLeibler.Add(0.4);

        CollectionAssert.AreEqual(new[] { 0.5, 0.2 }, activity.MeanVariances.ToArray());
        CollectionAssert.AreEqual(new[] { 0.1, 0.3 }, activity.MeanKullbackLeibler.ToArray());
    }

    [TestMethod]
    public void ADimensionIsActiveAboveBurdasThreshold()
    {
        var activity = new VaeLatentActivity([0.5, VaeLatentActivity.ActiveVariance, 0.011, 0], [1, 0, 0.2, 0]);

        Assert.AreEqual(2, activity.ActiveDimensions);
        CollectionAssert.AreEqual(new[] { true, false, true, false }, Enumerable.Range(0, 4).Select(activity.IsActive).ToArray());
        Assert.AreEqual("dimension", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => activity.IsActive(4)).ParamName);
        Assert.AreEqual("dimension", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => activity.IsActive(-1)).ParamName);
    }

    [TestMethod]
    public void MissingDataIsNamed()
    {
        Assert.AreEqual("data", Assert.ThrowsExactly<ArgumentNullException>(() => EvaluationModels.Bernoulli.Model.MeasureLatentActivity(null!)).ParamName);
    }
}
