using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests.Training;

/// <summary>One batch's backpropagation on one thread, without the sharding training adds: what gradient checks compare.</summary>
internal static class WholeBatchBackpropagation
{
    /// <summary>
    /// Propagates <paramref name="rows"/> rows of scaled features already in <see cref="ForwardPass.Input"/>, then writes
    /// the batch's weight gradients into <paramref name="gradients"/>, a network of the same shape.
    /// </summary>
    public static (double Reconstruction, double KullbackLeibler) Run(
        this Backpropagation step, IMatrixMultiplier gemm, ReadOnlySpan<float> noise, int rows, float beta, VaeNetwork gradients)
    {
        step.Propagate(gemm, noise, 0, rows, beta, rows);
        for (int layer = 0; layer < gradients.Layers.Count; layer++)
        {
            DenseLayer target = gradients.Layers[layer];
            step.WriteWeightGradients(gemm, layer, target, rows, 0..target.InputSize, 0..target.OutputSize);
        }

        return step.LossSums(rows);
    }
}
