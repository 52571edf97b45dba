using System.Numerics.Tensors;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Classification;

/// <summary>The softmax of rows of logits, and the mean cross-entropy of a batch with its gradient, for a linear layer.</summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// The mean over the batch of −log softmax(x·W + b)[label], with its gradient with respect to W and b written into
    /// <paramref name="gradient"/>. <paramref name="logits"/> is work space of at least rows × classes values.
    /// </summary>
    public static double LossAndGradient(
        IMatrixMultiplier gemm,
        DenseLayer layer,
        ReadOnlySpan<float> input,
        ReadOnlySpan<int> labels,
        Span<float> logits,
        DenseLayer gradient)
    {
        int rows = labels.Length;
        int classes = layer.OutputSize;
        Span<float> batchLogits = logits[..(rows * classes)];
        ForwardPass.Dense(gemm, layer, input, rows, batchLogits);
        double loss = 0;
        float inverseRows = 1f / rows;
        gradient.Bias.AsSpan().Clear();
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = batchLogits.Slice(r * classes, classes);
            loss += Activations.SoftmaxAndCrossEntropy(row, labels[r]);

            // ∂(mean loss)/∂logits = (softmax − one-hot) / rows, which then backs into W and b.
            row[labels[r]] -= 1f;
            TensorPrimitives.Multiply(row, inverseRows, row);
            TensorPrimitives.Add(gradient.Bias, row, gradient.Bias);
        }

        gemm.Multiply(
            transposeA: true,
            transposeB: false,
            m: layer.InputSize,
            n: classes,
            k: rows,
            a: input,
            lda: layer.InputSize,
            b: batchLogits,
            ldb: classes,
            accumulate: false,
            c: gradient.Weights,
            ldc: classes);
        return loss / rows;
    }
}
