using Vae.MLNet.Data;
using Vae.MLNet.Onnx;
using Vae.MLNet.Transforms;

namespace Vae.MLNet.Tests.Evaluation;

/// <summary>The public records holding lists or arrays compare them element by element, as a record promises.</summary>
[TestClass]
public sealed class ResultEqualityTests
{
    [TestMethod]
    public void LogLikelihoodEstimatesCompareTheirRows()
    {
        VaeLogLikelihoodEstimate Estimate(double second) => new(-2, 0.5, [-1.5, second], 8);

        AssertEqualityByElements(Estimate(-2.5), Estimate(-2.5), Estimate(-2.25));
    }

    [TestMethod]
    public void RowScoresCompareTheirRows()
    {
        VaeRowScores Scores(float error, float score) => new([1f, error], [2f, score]);

        AssertEqualityByElements(Scores(3f, 4f), Scores(3f, 4f), Scores(3.5f, 4f), Scores(3f, 4.5f));
    }

    [TestMethod]
    public void LatentActivitiesCompareTheirDimensions()
    {
        VaeLatentActivity Activity(double variance, double kullbackLeibler) => new([0.5, variance], [0.2, kullbackLeibler]);

        AssertEqualityByElements(Activity(0.1, 0.3), Activity(0.1, 0.3), Activity(0.2, 0.3), Activity(0.1, 0.4));
    }

    [TestMethod]
    public void CategoryAccuraciesCompareTheirColumnsCategories()
    {
        VaeCategoryAccuracy Accuracy(string category) => new(new VaeCategoricalFeature("colour", 0, ["red", category]), 10, 7, 6);

        AssertEqualityByElements(Accuracy("blue"), Accuracy("blue"), Accuracy("green"));
    }

    [TestMethod]
    public void TransformResultsCompareEveryOutput()
    {
        VaeTransformResult Result(int changed = -1) => new(
            1,
            [0.5f, changed == 0 ? 9f : 0.25f],
            [-1f, changed == 1 ? 9f : -2f],
            [0.1f, changed == 2 ? 9f : 0.9f],
            [changed == 3 ? 9f : 1.5f],
            [changed == 4 ? 9f : 2.5f]);

        AssertEqualityByElements(Result(), Result(), [.. Enumerable.Range(0, 5).Select(Result)]);
    }

    [TestMethod]
    public void OnnxGraphsCompareTheirBytes()
    {
        VaeOnnxGraphs Graphs(int changed = -1) => new([1, changed == 0 ? (byte)9 : (byte)2], [3, changed == 1 ? (byte)9 : (byte)4], OnnxTensorNames.Default, [5, changed == 2 ? (byte)9 : (byte)6]);

        AssertEqualityByElements(Graphs(), Graphs(), [.. Enumerable.Range(0, 3).Select(Graphs)]);
    }

    private static void AssertEqualityByElements<T>(T value, T sameValues, params T[] others)
        where T : class
    {
        Assert.AreNotSame(value, sameValues);
        Assert.AreEqual(value, sameValues);
        Assert.AreEqual(value.GetHashCode(), sameValues.GetHashCode());
        foreach (T other in others)
        {
            Assert.AreNotEqual(value, other);
        }
    }
}
