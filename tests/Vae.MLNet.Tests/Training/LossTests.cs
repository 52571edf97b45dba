using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class LossTests
{
    [TestMethod]
    public void KullbackLeiblerIsZeroAtTheStandardNormal()
    {
        float[] head = [0f, 0f, 0f, 0f];
        var kl = new float[1];
        VaeLoss.KullbackLeibler(head, rows: 1, latent: 2, kl);
        Assert.AreEqual(0f, kl[0]);
    }

    [TestMethod]
    public void KullbackLeiblerMatchesTheClosedForm()
    {
        // μ = (1, −2), log σ² = (0, ln 4): −½[(1 + 0 − 1 − 1) + (1 + ln 4 − 4 − 4)] = ½ + (7 − ln 4)/2.
        float[] head = [1f, -2f, 0f, MathF.Log(4f)];
        var kl = new float[1];
        VaeLoss.KullbackLeibler(head, rows: 1, latent: 2, kl);
        Assert.AreEqual(0.5 + (7 - Math.Log(4)) / 2, kl[0], 1e-5);
    }

    [TestMethod]
    public void KullbackLeiblerOfManyLatentDimensionsStaysWithinAMillionthOfItsExactSum()
    {
        const int latent = 100_000;
        var random = new Random(8);
        float[] head = [.. Enumerable.Range(0, 2 * latent).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        double exact = -0.5 * Enumerable.Range(0, latent).Sum(k => 1 + (double)head[latent + k] - ((double)head[k] * head[k]) - Math.Exp(head[latent + k]));
        var kl = new float[1];

        VaeLoss.KullbackLeibler(head, rows: 1, latent, kl);

        Assert.AreEqual(exact, kl[0], 1e-6 * exact);
    }

    [TestMethod]
    public void TheLearnedVarianceTermsOfAWideRowStayWithinAHundredThousandthOfTheirExactSum()
    {
        // Within the 1e-5 that architecture.md gives a row's sums: float32 partial sums stray from the exact sum by 4e-8
        // of it on 512-bit vectors, 1.8e-6 on 256 and 2.6e-6 on 128. The row's odd width leaves its last term past every
        // whole vector, and that term, about 14, is some 90 times the bound, so leaving it out cannot pass.
        const int inputs = 99_999;
        var random = new Random(9);
        float[] x = [.. Enumerable.Range(0, inputs).Select(_ => (float)random.NextDouble())];
        float[] head = [.. Enumerable.Range(0, 2 * inputs).Select(i => (float)(i < inputs ? random.NextDouble() : (random.NextDouble() * 4) - 2))];
        head[inputs - 1] = x[inputs - 1] + 2;
        head[(2 * inputs) - 1] = -2;
        double exact = 0.5 * Enumerable.Range(0, inputs).Sum(j => head[inputs + j] + (Math.Pow(head[j] - (double)x[j], 2) * Math.Exp(-head[inputs + j])));

        float loss = Reconstruction(Network(VaeLikelihood.GaussianLearnedVariance, inputs), x, head);

        Assert.AreEqual(exact, loss, 1e-5 * Math.Abs(exact));
    }

    [TestMethod]
    public void BernoulliReconstructionIsBinaryCrossEntropyOfTheSigmoid()
    {
        // x = (1, 0), logits = (0, ln 3): −log σ(0) − log(1 − σ(ln 3)) = ln 2 + ln 4.
        VaeNetwork network = Network(VaeLikelihood.Bernoulli, inputs: 2);
        float loss = Reconstruction(network, [1f, 0f], [0f, MathF.Log(3f)]);
        Assert.AreEqual(3 * Math.Log(2), loss, 1e-5);
    }

    [TestMethod]
    public void BernoulliReconstructionStaysFiniteForSaturatedLogits()
    {
        VaeNetwork network = Network(VaeLikelihood.Bernoulli, inputs: 2);
        float loss = Reconstruction(network, [0f, 1f], [200f, -200f]);
        Assert.AreEqual(400f, loss, 1e-3);
    }

    [TestMethod]
    public void BernoulliLossAndGradientMatchTheDirectFormulaOnAWholeRow()
    {
        // Long enough for the vector loop and its scalar tail; logits from saturated to tiny, both signs and zero.
        const int inputs = 53;
        const float scale = 0.25f;
        var random = new Random(7);
        float[] x = Enumerable.Range(0, inputs).Select(_ => random.NextSingle()).ToArray();
        float[] logits = Enumerable.Range(0, inputs).Select(j => j switch { 0 => 0f, 1 => 90f, 2 => -90f, 3 => 1e-6f, _ => (random.NextSingle() - 0.5f) * 30f }).ToArray();
        VaeNetwork network = Network(VaeLikelihood.Bernoulli, inputs);
        var loss = new float[1];
        var gradient = new float[inputs];

        VaeLoss.Reconstruction(network, x, logits, rows: 1, loss, gradient, scale, new float[2 * inputs]);

        double expected = 0;
        for (int j = 0; j < inputs; j++)
        {
            // −log σ(o) = softplus(−o) and −log(1 − σ(o)) = softplus(o), in double.
            double p = 1 / (1 + Math.Exp(-logits[j]));
            expected += (x[j] * Softplus(-logits[j])) + ((1 - x[j]) * Softplus(logits[j]));
            Assert.AreEqual((p - x[j]) * scale, gradient[j], 1e-6, $"gradient {j}");
        }

        Assert.AreEqual(expected, loss[0], 1e-4 * expected);
    }

    [TestMethod]
    public void FixedGaussianReconstructionIsScaledSquaredError()
    {
        VaeNetwork network = Network(VaeLikelihood.Gaussian, inputs: 2, variance: 0.5f);
        float loss = Reconstruction(network, [1f, 2f], [0f, 4f]);
        Assert.AreEqual((1.0 + 4.0) / (2 * 0.5), loss, 1e-5);
    }

    [TestMethod]
    public void LearnedGaussianReconstructionAddsHalfTheLogVariance()
    {
        // Σ ½ s + (x − μ)²/(2 e^s) with s = (0, ln 2): (0 + 1/2) + (½ ln 2 + 4/4).
        VaeNetwork network = Network(VaeLikelihood.GaussianLearnedVariance, inputs: 2);
        float loss = Reconstruction(network, [1f, 2f], [0f, 4f, 0f, MathF.Log(2f)]);
        Assert.AreEqual(0.5 + 0.5 * Math.Log(2) + 1.0, loss, 1e-5);
    }

    [TestMethod]
    public void ACategoricalColumnsTermIsTheCrossEntropyOfTheSoftmaxBesideTheNumericFeaturesTerms()
    {
        // Feature 0 and 4 numeric, 1 to 3 a column whose category is the second: ½(1² + 2²)/0.5 + (log Σ e^o − o₂).
        VaeNetwork network = Network(VaeLikelihood.Gaussian, inputs: 5, variance: 0.5f, categories: [new FeatureRun(1, 3)]);
        float[] logits = [0.5f, 2f, -1f];
        double logSumExp = Math.Log(logits.Sum(o => Math.Exp(o)));

        float loss = Reconstruction(network, [1f, 0f, 1f, 0f, 2f], [0f, .. logits, 4f]);

        Assert.AreEqual(((1.0 + 4.0) / (2 * 0.5)) + logSumExp - 2.0, loss, 1e-5);
    }

    [TestMethod]
    public void ACategoricalColumnsCrossEntropyAndGradientStayExactForHugeLogits()
    {
        // e^1000 overflows float: the loss is still log(1 + e^−1000 + e^−2000) ≈ 0 for the first category, 1000 for the
        // second, and the gradient softmax − x.
        VaeNetwork network = Network(VaeLikelihood.Bernoulli, inputs: 3, categories: [new FeatureRun(0, 3)]);
        float[] logits = [1000f, 0f, -1000f];
        var losses = new float[2];
        var gradient = new float[6];

        VaeLoss.Reconstruction(network, [1f, 0f, 0f, 0f, 1f, 0f], [.. logits, .. logits], rows: 2, losses, gradient, gradientScale: 0.5f, new float[6]);

        Assert.AreEqual(0f, losses[0], 1e-6f);
        Assert.AreEqual(1000f, losses[1], 1e-3f);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f, 0.5f, -0.5f, 0f }, gradient);
    }

    [TestMethod]
    public void TheLearnedVariancesOfACategoricalColumnAreZeroAndGetNoGradient()
    {
        VaeNetwork network = Network(VaeLikelihood.GaussianLearnedVariance, inputs: 3, categories: [new FeatureRun(1, 2)]);
        var loss = new float[1];
        float[] gradient = [.. Enumerable.Repeat(9f, 6)];

        // The log-variances 5 of the categorical features count for nothing: ½ ln 2 + 1/(2·2) and the cross-entropy log 2.
        VaeLoss.Reconstruction(network, [1f, 1f, 0f], [2f, 0f, 0f, MathF.Log(2f), 5f, 5f], rows: 1, loss, gradient, gradientScale: 1f, new float[6]);

        Assert.AreEqual((0.5 * Math.Log(2)) + 0.25 + Math.Log(2), loss[0], 1e-5);
        CollectionAssert.AreEqual(new[] { 0.5f, -0.5f, 0.5f, 0.25f, 0f, 0f }, gradient);
    }

    [TestMethod]
    public void ALearnedLogVarianceAtItsClampPassesOnlyTheGradientLeadingBackInside()
    {
        // ∂/∂s of ½ s + (x − μ)²/(2 e^s) is ½(1 − (x − μ)² e^−s), times the scale 2. Inside the bounds it passes; at +9
        // with residual 1 it is positive, so descent lowers s back inside; at +9 with residual 1000 it is negative, further out;
        // at −9 with residual 1 it is negative, descent raises s back inside; at −9 with residual 0 it is ½, further out.
        float[] x = [1f, 1f, 1000f, 1f, 0f];
        float[] logVar = [0.5f, 9f, 9f, -9f, -9f];
        VaeNetwork network = Network(VaeLikelihood.GaussianLearnedVariance, inputs: x.Length);
        var loss = new float[1];
        var gradient = new float[2 * x.Length];

        VaeLoss.Reconstruction(network, x, [.. new float[x.Length], .. logVar], rows: 1, loss, gradient, gradientScale: 2f, new float[2 * x.Length]);

        double[] derivative = [.. x.Select((value, j) => 1 - (value * (double)value * Math.Exp(-logVar[j])))];
        double[] expected = [derivative[0], derivative[1], 0, derivative[3], 0];
        Assert.IsGreaterThan(0.0, derivative[1]);
        Assert.IsLessThan(0.0, derivative[3]);
        for (int j = 0; j < x.Length; j++)
        {
            Assert.AreEqual(expected[j], gradient[x.Length + j], 1e-5 * Math.Abs(expected[j]), $"log-variance {logVar[j]}, residual {x[j]}");
        }
    }

    [TestMethod]
    public void AGaussianLossStaysFiniteWhereTheSquaredDifferenceOverflowsButTheVarianceKeepsItFinite()
    {
        // (2e19)² overflows float; the loss (2e19)²/(2·1e10) = 2e28 does not.
        Assert.AreEqual(2e28, Reconstruction(Network(VaeLikelihood.Gaussian, inputs: 1, variance: 1e10f), [2e19f], [0f]), 1e22);

        // ½(8 + (2e19)²·e^−8).
        Assert.AreEqual(0.5 * (8 + (4e38 * Math.Exp(-8))), Reconstruction(Network(VaeLikelihood.GaussianLearnedVariance, inputs: 1), [2e19f], [0f, 8f]), 1e29);
    }

    [TestMethod]
    public void ACategoricalColumnsCrossEntropyStaysFiniteForLogitsFurtherApartThanFloatsRange()
    {
        // 2e38 − (−2e38) overflows: the second category's probability is 0 and the first category's loss log 1 = 0.
        VaeNetwork network = Network(VaeLikelihood.Bernoulli, inputs: 2, categories: [new FeatureRun(0, 2)]);
        var loss = new float[1];
        var gradient = new float[2];
        VaeLoss.Reconstruction(network, [1f, 0f], [2e38f, -2e38f], rows: 1, loss, gradient, gradientScale: 1f, new float[4]);
        Assert.AreEqual(0f, loss[0]);
        CollectionAssert.AreEqual(new[] { 0f, 0f }, gradient);
    }

    private static double Softplus(double o) => Math.Max(o, 0) + Math.Log(1 + Math.Exp(-Math.Abs(o)));

    private static VaeNetwork Network(VaeLikelihood likelihood, int inputs, float variance = 1f, FeatureRun[]? categories = null) =>
        VaeNetwork.Create(
            new VaeOptions { HiddenLayerSizes = [], LatentDimension = 1, Likelihood = likelihood, GaussianVariance = variance },
            inputs,
            new Random(0),
            new CategoricalGroups(categories ?? [], inputs));

    private static float Reconstruction(VaeNetwork network, float[] x, float[] head)
    {
        var loss = new float[1];
        VaeLoss.Reconstruction(network, x, head, rows: 1, loss, headGradient: default, gradientScale: 0f, new float[2 * x.Length]);
        return loss[0];
    }
}
