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

    [TestMethod]
    public void EveryElementFollowsTheTextbookUpdateWithWeightDecayAndAGradientScale()
    {
        // 21 weights fill at least one Vector<float> and leave a tail; the 7 biases take the element-wise loop alone.
        const double learningRate = 0.1, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0.01, scale = 0.5;
        var parameters = new DenseLayer(3, 7);
        var gradients = new DenseLayer(3, 7);
        var random = new Random(5);
        float[][] spans = [parameters.Weights, parameters.Bias];
        foreach (float[] values in spans)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)((random.NextDouble() * 2) - 1);
            }
        }

        double[][] expected = [.. spans.Select(values => values.Select(v => (double)v).ToArray())];
        double[][] first = [new double[21], new double[7]];
        double[][] second = [new double[21], new double[7]];
        var adam = new AdamOptimizer([parameters], new AdamOptimizer.Settings((float)learningRate, (float)beta1, (float)beta2, (float)epsilon, (float)weightDecay));
        for (int step = 1; step <= 5; step++)
        {
            for (int i = 0; i < gradients.Weights.Length; i++)
            {
                gradients.Weights[i] = (float)Math.Sin((step * 7) + i);
            }

            for (int i = 0; i < gradients.Bias.Length; i++)
            {
                gradients.Bias[i] = (float)Math.Cos((step * 3) + i);
            }

            adam.Step([parameters], [gradients], (float)scale);
            float[][] gradientSpans = [gradients.Weights, gradients.Bias];
            for (int part = 0; part < 2; part++)
            {
                for (int i = 0; i < expected[part].Length; i++)
                {
                    double decay = part == 0 ? weightDecay * expected[part][i] : 0;
                    double gradient = (scale * gradientSpans[part][i]) + decay;
                    first[part][i] = (beta1 * first[part][i]) + ((1 - beta1) * gradient);
                    second[part][i] = (beta2 * second[part][i]) + ((1 - beta2) * gradient * gradient);
                    expected[part][i] -= learningRate * (first[part][i] / (1 - Math.Pow(beta1, step)))
                        / (Math.Sqrt(second[part][i] / (1 - Math.Pow(beta2, step))) + epsilon);
                }
            }
        }

        for (int part = 0; part < 2; part++)
        {
            for (int i = 0; i < expected[part].Length; i++)
            {
                Assert.AreEqual(expected[part][i], spans[part][i], 1e-5, $"{(part == 0 ? "weight" : "bias")} {i}");
            }
        }
    }
}
