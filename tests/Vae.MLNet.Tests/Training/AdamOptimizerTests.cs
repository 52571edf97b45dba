using Vae.MLNet.Model;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class AdamOptimizerTests
{
    [TestMethod]
    public void BiasCorrectionsAreTheFloat32RoundingOfTheExactOnes()
    {
        const float learningRate = 1e-3f, beta1 = 0.9f, beta2 = 0.999f;
        var adam = new AdamOptimizer([new DenseLayer(1, 1)], new AdamOptimizer.Settings(learningRate, beta1, beta2, 1e-8f, 0f));

        for (int step = 1; step <= 12; step++)
        {
            AdamOptimizer.StepConstants constants = adam.BeginStep(gradientScale: 1f);

            // 1 − β^t computed in float32 cancels to a few significant digits at β2 = 0.999: 3e-6 of the step size at step 2.
            Assert.AreEqual((float)(learningRate / (1 - Math.Pow(beta1, step))), constants.StepSize, $"step size, step {step}");
            Assert.AreEqual((float)(1 / Math.Sqrt(1 - Math.Pow(beta2, step))), constants.SecondCorrectionRoot, $"second correction, step {step}");
        }
    }
}
