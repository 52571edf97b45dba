using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class ScoreQuantilesTextTests
{
    [TestMethod]
    public void QuantilesAreInterpolatedBetweenTheNearestScoresAsNumpyDoes()
    {
        // numpy.quantile(range(11), [0.5, 0.9, 0.95, 0.99]) is [5, 9, 9.5, 9.9]; the scores come in any order.
        float[] scores = [7, 0, 10, 3, 1, 9, 2, 8, 4, 6, 5];

        Assert.AreEqual("anomaly score (z = μ) quantiles over the rows: 50% 5, 90% 9, 95% 9.5, 99% 9.9, max 10", ScoreQuantilesText.Line(ScoreQuantilesText.Compute(scores)!));
        Assert.AreEqual(7, scores[0], "the caller's scores keep their order");
    }

    [TestMethod]
    public void OneRowHasNoSpreadToDescribe() => Assert.IsNull(ScoreQuantilesText.Compute([4.5f]));

    [TestMethod]
    public void JsonNamesTheLevelsByTheirPercentAndTheLargestAsMax() =>
        CollectionAssert.AreEqual(new[] { "p50", "p90", "p95", "p99", "max" }, ScoreQuantilesText.Levels.Select(ScoreQuantilesText.JsonName).ToArray());
}
