using Vae.MLNet.Model;
using Vae.MLNet.Tests.Evaluation;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class ScoringPassSizeTests
{
    [TestMethod]
    public void APassTakes256RowsUnlessItsWidestBufferWouldPass64Megabytes()
    {
        var options = new VaeOptions { HiddenLayerSizes = [2], LatentDimension = 1 };

        Assert.AreEqual(256, VaeModel.RowsPerPass(VaeNetwork.Create(options, 784, new Random(1))));
        Assert.AreEqual(83, VaeModel.RowsPerPass(VaeNetwork.Create(options, 100_000, new Random(1))), "16 777 216 values / 200 000 of scratch a row");
    }

    /// <summary>Rows of a wide model go in several passes of fewer than 256 rows, each row scored as it is alone.</summary>
    [TestMethod]
    public void RowsOfAWideModelScoredInSeveralPassesMatchEachRowScoredAlone()
    {
        const int d = 100_000;
        const int rows = 170;
        VaeModel model = EvaluationModels.Wrap(VaeNetwork.Create(new VaeOptions { HiddenLayerSizes = [2], LatentDimension = 1 }, d, new Random(2)));
        var random = new Random(3);
        float[] features = [.. Enumerable.Range(0, rows * d).Select(_ => (float)random.NextDouble())];
        var reconstruction = new float[features.Length];

        model.Reconstruct(features, reconstruction);

        var alone = new float[d];
        foreach (int row in new[] { 0, 82, 83, 166, rows - 1 })
        {
            model.Reconstruct(features.AsSpan(row * d, d), alone);
            float difference = alone.Select((value, j) => Math.Abs(value - reconstruction[(row * d) + j])).Max();
            Assert.IsLessThan(1e-5f, difference, $"row {row}");
        }
    }
}
