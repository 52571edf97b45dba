using Vae.MLNet.Classification;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Classification;

[TestClass]
public sealed class SoftmaxCrossEntropyTests
{
    private const int Rows = 4;
    private const int Inputs = 5;
    private const int Classes = 3;

    [TestMethod]
    public void GradientMatchesCentralDifferences()
    {
        var random = new Random(11);
        var layer = new DenseLayer(Inputs, Classes);
        layer.InitializeUniform(random);
        float[] input = Enumerable.Range(0, Rows * Inputs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        int[] labels = [0, 2, 1, 2];
        IMatrixMultiplier gemm = MatrixMultipliers.Create(GemmBackend.Managed, threads: 1);
        var logits = new float[Rows * Classes];
        var gradient = new DenseLayer(Inputs, Classes);
        SoftmaxCrossEntropy.LossAndGradient(gemm, layer, input, labels, logits, gradient);

        var scratch = new DenseLayer(Inputs, Classes);
        double Loss() => SoftmaxCrossEntropy.LossAndGradient(gemm, layer, input, labels, logits, scratch);
        foreach ((float[] parameters, float[] analytic) in new[] { (layer.Weights, gradient.Weights), (layer.Bias, gradient.Bias) })
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                const float h = 1e-2f;
                float original = parameters[i];
                parameters[i] = original + h;
                double plus = Loss();
                parameters[i] = original - h;
                double minus = Loss();
                parameters[i] = original;
                double numeric = (plus - minus) / (2 * h);
                Assert.AreEqual(numeric, analytic[i], 2e-4, $"parameter {i}");
            }
        }

        Assert.IsTrue(gradient.Weights.Any(g => Math.Abs(g) > 1e-2), "the check must see non-trivial gradients");
    }

    [TestMethod]
    public void LossIsLogSumExpMinusTargetLogit()
    {
        var layer = new DenseLayer(1, Classes);
        layer.Weights[0] = 1;
        layer.Weights[1] = 2;
        layer.Weights[2] = 3;
        IMatrixMultiplier gemm = MatrixMultipliers.Create(GemmBackend.Managed, threads: 1);
        double loss = SoftmaxCrossEntropy.LossAndGradient(gemm, layer, [1f], [0], new float[Classes], new DenseLayer(1, Classes));

        Assert.AreEqual(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) - 1, loss, 1e-5);
    }

    [TestMethod]
    [DataRow(1000f)]
    [DataRow(1e6f)]
    [DataRow(3e7f)]
    public void SoftmaxAndCrossEntropyOfHugeLogitsAreFiniteAndExact(float offset)
    {
        // At 3e7 the logits are 2 apart, the float spacing there; log Σ exp(logits) minus a logit cancelled to 0.
        float[] row = [offset, offset + 2f, offset + 4f];
        double gap0 = (double)row[2] - row[0], gap1 = (double)row[2] - row[1];
        double sum = 1 + Math.Exp(-gap1) + Math.Exp(-gap0);

        double crossEntropy = Activations.SoftmaxAndCrossEntropy(row, label: 0);

        Assert.AreEqual(Math.Exp(-gap0) / sum, row[0], 1e-6);
        Assert.AreEqual(Math.Exp(-gap1) / sum, row[1], 1e-6);
        Assert.AreEqual(1 / sum, row[2], 1e-6);
        Assert.AreEqual(Math.Log(sum) + gap0, crossEntropy, 1e-6);
    }
}
