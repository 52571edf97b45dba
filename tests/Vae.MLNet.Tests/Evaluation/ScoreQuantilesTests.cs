using Vae.MLNet.Evaluation;

namespace Vae.MLNet.Tests.Evaluation;

[TestClass]
public sealed class ScoreQuantilesTests
{
    [TestMethod]
    public void QuantilesAreInterpolatedBetweenTheNearestScoresAsNumpyDoes()
    {
        // numpy.quantile([3, 1, 4, 1, 5, 9, 2, 6], [0, 0.1, 0.5, 0.95, 1]) is [1, 1, 3.5, 7.95, 9].
        float[] scores = [3, 1, 4, 1, 5, 9, 2, 6];

        double[] quantiles = ScoreQuantiles.Compute(scores, [0, 0.1, 0.5, 0.95, 1]);

        CollectionAssert.AreEqual(new[] { 1, 1, 3.5, 7.95, 9 }, quantiles.Select(q => Math.Round(q, 10)).ToArray());
        CollectionAssert.AreEqual(new float[] { 3, 1, 4, 1, 5, 9, 2, 6 }, scores, "the caller's scores keep their order");
    }

    [TestMethod]
    public void OneScoreIsEveryQuantile() =>
        CollectionAssert.AreEqual(new double[] { 2.5, 2.5 }, ScoreQuantiles.Compute([2.5f], [0.01, 0.99]));

    [TestMethod]
    public void RefusesNoScoresScoresThatAreNotFiniteAndLevelsOutsideZeroToOne()
    {
        Assert.AreEqual("scores", Assert.ThrowsExactly<ArgumentException>(() => ScoreQuantiles.Compute([], [0.5])).ParamName);
        ArgumentException nan = Assert.ThrowsExactly<ArgumentException>(() => ScoreQuantiles.Compute([1f, float.NaN], [0.5]));
        StringAssert.StartsWith(nan.Message, "Score 1 is NaN; every score must be a finite number.");
        foreach (double level in new[] { -0.1, 1.5, double.NaN })
        {
            ArgumentException outside = Assert.ThrowsExactly<ArgumentException>(() => ScoreQuantiles.Compute([1f], [level]));
            Assert.AreEqual("levels", outside.ParamName);
        }
    }
}
