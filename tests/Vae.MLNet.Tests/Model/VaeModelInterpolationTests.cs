using Vae.MLNet.Tests.Scoring;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class VaeModelInterpolationTests
{
    [TestMethod]
    public void InterpolateRowsStartsAndEndsAtTheRowsReconstructions()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 3);
        int d = model.InputDimension;
        float[] rows = ScoringTestModels.Rows(2, d, seed: 8, low: -3f, high: 5f);
        float[] reconstruction = new float[2 * d];
        model.Reconstruct(rows, reconstruction);

        float[] path = model.InterpolateRows(rows.AsSpan(0, d), rows.AsSpan(d), steps: 4);

        Assert.HasCount(4 * d, path);
        for (int j = 0; j < d; j++)
        {
            Assert.AreEqual(reconstruction[j], path[j], 1e-5f * Math.Abs(reconstruction[j]), $"first step, feature {j}");
            Assert.AreEqual(reconstruction[d + j], path[(3 * d) + j], 1e-5f * Math.Abs(reconstruction[d + j]), $"last step, feature {j}");
        }

        CollectionAssert.AreNotEqual(path[..d], path[d..(2 * d)], "the second step is the first");
    }

    [TestMethod]
    public void InterpolateRowsNamesTheBadArgument()
    {
        VaeModel model = ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Tanh, scaled: false, seed: 3);
        float[] row = ScoringTestModels.Rows(1, model.InputDimension, seed: 1);
        float[] nan = (float[])row.Clone();
        nan[2] = float.NaN;

        Assert.AreEqual("rowA", Assert.ThrowsExactly<ArgumentException>(() => model.InterpolateRows(row.AsSpan(1), row, 3)).ParamName);
        Assert.AreEqual("rowB", Assert.ThrowsExactly<ArgumentException>(() => model.InterpolateRows(row, nan, 3)).ParamName);
        Assert.AreEqual("steps", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.InterpolateRows(row, row, 1)).ParamName);
    }
}
