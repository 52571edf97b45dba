using System.Text.RegularExpressions;
using Vae.MLNet.Data;
using Vae.MLNet.Runtime;
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

    /// <summary>
    /// A feature of tiny spread standardizes a modest value to about 1e17, which encodes to a finite mean, and one of huge
    /// spread maps the decoding of that mean back past float32: the decoding overflows, its row a step of the line, which
    /// read as a row would be taken for rowA or rowB.
    /// </summary>
    [TestMethod]
    public void AnInterpolationWhoseDecodingOverflowsTellsTheStepAndBlamesTheRows()
    {
        var random = new Random(5);
        float[] rows = [.. Enumerable.Range(0, 300).SelectMany(_ => new[] { (float)(random.NextDouble() * 1e-15), (float)(random.NextDouble() * 1e25), (float)random.NextDouble() })];
        var options = new VaeOptions
        {
            Likelihood = VaeLikelihood.Gaussian, InputScaling = VaeInputScaling.Standardize, HiddenLayerSizes = [16], LatentDimension = 2, Epochs = 3, NumberOfThreads = 1, Seed = 1,
        };
        VaeModel model = new VaeTrainer(options).Fit(VaeDataset.FromArray(rows, 3));
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(model);
        float[] typical = rows[..3];
        float[] far = [100f, 0f, 0f];

        foreach (VaeOverflowException error in new[]
        {
            Assert.ThrowsExactly<VaeOverflowException>(() => model.InterpolateRows(typical, far, 10)),
            Assert.ThrowsExactly<VaeOverflowException>(() => onnx.InterpolateRows(typical, far, 10)),
        })
        {
            Assert.IsNull(error.Row, error.Message);
            StringAssert.Matches(error.Message, new Regex(@"^Step [0-9] of the 10 on the line between the two rows \(counted from 0\): the reconstruction overflowed float32 "));
            StringAssert.Contains(error.Message, "(features far outside the training data's range).");
        }
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
