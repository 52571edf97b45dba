using System.Numerics;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class ActivationsTests
{
    private const int Length = 64;

    /// <summary>
    /// Training applies activations to windows of rows × width whose bounds follow the thread count, so a value must
    /// come out the same wherever a window starts and ends, down to windows of one element.
    /// </summary>
    [TestMethod]
    [DataRow(VaeActivation.Relu)]
    [DataRow(VaeActivation.Tanh)]
    [DataRow(VaeActivation.Softplus)]
    [DataRow(VaeActivation.LeakyRelu)]
    public void AValuesResultDoesNotDependOnItsPlaceInTheSpan(VaeActivation activation)
    {
        var random = new Random(3);
        float[] inputs = Enumerable.Range(0, Length).Select(_ => (float)((random.NextDouble() - 0.5) * 24)).ToArray();
        float[] outputGradients = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        (float[] outputs, float[] inputGradients) = ForwardAndBackward(activation, inputs, outputGradients);

        int differing = 0;
        for (int length = 1; length <= (2 * Vector<float>.Count) + 1; length++)
        {
            for (int start = 0; start + length <= Length; start += 5)
            {
                (float[] windowOutputs, float[] windowGradients) = ForwardAndBackward(
                    activation, inputs.AsSpan(start, length).ToArray(), outputGradients.AsSpan(start, length).ToArray());
                for (int i = 0; i < length; i++)
                {
                    differing += BitConverter.SingleToInt32Bits(windowOutputs[i]) != BitConverter.SingleToInt32Bits(outputs[start + i]) ? 1 : 0;
                    differing += BitConverter.SingleToInt32Bits(windowGradients[i]) != BitConverter.SingleToInt32Bits(inputGradients[start + i]) ? 1 : 0;
                }
            }
        }

        Assert.AreEqual(0, differing, "outputs or gradients that changed with the window they were computed in");
    }

    [TestMethod]
    public void SoftplusDerivativeIsTheSigmoidEvenForUnitsFarBelowZero()
    {
        // From −40, where the derivative is 4e-18, to 20, with steps that put values in vectors' lanes and the tail.
        float[] inputs = Enumerable.Range(0, 6001).Select(i => -40f + (0.01f * i)).ToArray();
        (_, float[] derivatives) = ForwardAndBackward(VaeActivation.Softplus, inputs, Enumerable.Repeat(1f, inputs.Length).ToArray());

        double worst = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            double sigmoid = 1 / (1 + Math.Exp(-(double)inputs[i]));
            worst = Math.Max(worst, Math.Abs(derivatives[i] - sigmoid) / sigmoid);
        }

        // float32's e^−y near 1 holds about 6e-8 absolute, which is 2e-6 of the smallest derivative computed from it.
        Assert.IsLessThan(3e-6, worst, "largest relative error against the sigmoid in double");
    }

    private static (float[] Outputs, float[] InputGradients) ForwardAndBackward(VaeActivation activation, float[] inputs, float[] outputGradients)
    {
        float[] outputs = (float[])inputs.Clone();
        float[] gradients = (float[])outputGradients.Clone();
        var scratch = new float[inputs.Length];
        Activations.Forward(activation, 0.01f, outputs, scratch);
        Activations.Backward(activation, 0.01f, outputs, gradients, scratch);
        return (outputs, gradients);
    }
}
