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

    private static VaeNetwork Network(VaeLikelihood likelihood, int inputs, float variance = 1f) =>
        VaeNetwork.Create(
            new VaeOptions { HiddenLayerSizes = [], LatentDimension = 1, Likelihood = likelihood, GaussianVariance = variance },
            inputs,
            new Random(0));

    private static float Reconstruction(VaeNetwork network, float[] x, float[] head)
    {
        var loss = new float[1];
        VaeLoss.Reconstruction(network, x, head, rows: 1, loss, headGradient: default, gradientScale: 0f, new float[2 * x.Length]);
        return loss[0];
    }
}
