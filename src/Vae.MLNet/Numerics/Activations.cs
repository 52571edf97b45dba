using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// Forward and backward passes of the hidden-layer nonlinearities, and the softmax of the outputs that are classes'
/// logits. Every derivative is written in terms of the
/// activation's output, so training keeps only post-activation values: ReLU′ = [y &gt; 0], tanh′ = 1 − y²,
/// softplus′ = sigmoid(x) = 1 − e^−y, LeakyReLU′ = 1 or the slope by the sign of y.
/// Training applies these to windows of rows × width whose bounds follow the thread count, so every element takes the
/// same arithmetic wherever it sits: that is what keeps managed training bit-identical at any thread count.
/// </summary>
internal static class Activations
{
    /// <summary>
    /// Replaces one row of logits by its softmax. Shifting by the row maximum first keeps every exponent at most 0, so
    /// nothing overflows however large the logits are.
    /// </summary>
    public static void Softmax(Span<float> row) => ShiftedSoftmax(row);

    /// <summary>
    /// Replaces one row of logits by its softmax, as <see cref="Softmax"/> does, and returns the cross-entropy of
    /// <paramref name="label"/>, −log softmax(logits)[label], as log Σ exp(logits − max) + (max − logits[label]): taken as
    /// log Σ exp(logits) − logits[label], two large terms would cancel in float, to 0 for logits of some ten million.
    /// </summary>
    public static double SoftmaxAndCrossEntropy(Span<float> row, int label)
    {
        float target = row[label];
        (float max, float sum) = ShiftedSoftmax(row);
        return Math.Log(sum) + ((double)max - target);
    }

    // Replaces the row by its softmax; returns its maximum and Σ exp(logits − maximum), which lies in [1, row length].
    private static (float Max, float Sum) ShiftedSoftmax(Span<float> row)
    {
        float max = TensorPrimitives.Max<float>(row);
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp<float>(row, row);
        float sum = TensorPrimitives.Sum<float>(row);
        TensorPrimitives.Multiply(row, 1f / sum, row);
        return (max, sum);
    }

    /// <summary>Applies the activation in place. <paramref name="scratch"/> must be at least as long as <paramref name="values"/>.</summary>
    public static void Forward(VaeActivation activation, float leakySlope, Span<float> values, Span<float> scratch)
    {
        switch (activation)
        {
            case VaeActivation.Relu:
                TensorPrimitives.Max(values, 0f, values);
                break;
            case VaeActivation.Tanh:
                InWholeVectors(values, TensorPrimitives.Tanh);
                break;
            case VaeActivation.Softplus:
                Softplus(values, values, scratch[..values.Length]);
                break;
            case VaeActivation.LeakyRelu:
                LeakyRelu(values, leakySlope);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>
    /// Multiplies <paramref name="gradient"/> (∂L/∂y) in place by the activation's derivative, turning it into ∂L/∂x.
    /// <paramref name="output"/> holds y; <paramref name="scratch"/> must be at least as long as both.
    /// </summary>
    public static void Backward(VaeActivation activation, float leakySlope, ReadOnlySpan<float> output, Span<float> gradient, Span<float> scratch)
    {
        switch (activation)
        {
            case VaeActivation.Relu:
                MaskBySign(output, gradient, negativeFactor: 0f);
                break;
            case VaeActivation.Tanh:
                Span<float> oneMinusSquare = scratch[..output.Length];
                TensorPrimitives.Multiply(output, output, oneMinusSquare);
                TensorPrimitives.Subtract(1f, oneMinusSquare, oneMinusSquare);
                TensorPrimitives.Multiply(gradient, oneMinusSquare, gradient);
                break;
            case VaeActivation.Softplus:
                Span<float> sigmoid = scratch[..output.Length];
                SoftplusDerivative(output, sigmoid);
                TensorPrimitives.Multiply(gradient, sigmoid, gradient);
                break;
            case VaeActivation.LeakyRelu:
                MaskBySign(output, gradient, negativeFactor: leakySlope);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>
    /// softplus(x) = max(x, 0) + log(1 + e^−|x|), the form that neither overflows for large x nor loses the tail for
    /// very negative x. <paramref name="destination"/> may alias <paramref name="x"/>; <paramref name="scratch"/> may not.
    /// </summary>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> destination, Span<float> scratch)
    {
        Span<float> t = scratch[..x.Length];
        ExpOfNegativeMagnitude(x, t);
        int j = 0;
        for (; j <= x.Length - Vector<float>.Count; j += Vector<float>.Count)
        {
            Softplus(new Vector<float>(x[j..]), new Vector<float>(t[j..])).CopyTo(destination[j..]);
        }

        for (; j < x.Length; j++)
        {
            destination[j] = Softplus(x[j], t[j]);
        }
    }

    /// <summary>
    /// e^−|x| element-wise into <paramref name="destination"/>: in (0, 1], so it never overflows, and both softplus(x)
    /// and the logistic sigmoid of x follow from it and x (see <see cref="Softplus(Vector{float}, Vector{float})"/>).
    /// </summary>
    public static void ExpOfNegativeMagnitude(ReadOnlySpan<float> x, Span<float> destination)
    {
        TensorPrimitives.Abs(x, destination);
        TensorPrimitives.Negate(destination, destination);
        InWholeVectors(destination, TensorPrimitives.Exp);
    }

    /// <summary>
    /// Applies <paramref name="function"/> in place with every element in a whole vector. TensorPrimitives computes a
    /// span shorter than a vector one element at a time with the runtime's scalar functions, which can differ from its
    /// vector ones in the last bit; a tail that does not fill a vector is therefore computed padded to one.
    /// </summary>
    private static void InWholeVectors(Span<float> values, ElementWise function)
    {
        int whole = values.Length - (values.Length % Vector<float>.Count);
        function(values[..whole], values[..whole]);
        if (whole < values.Length)
        {
            Span<float> tail = stackalloc float[Vector<float>.Count];
            values[whole..].CopyTo(tail);
            function(tail, tail);
            tail[..(values.Length - whole)].CopyTo(values[whole..]);
        }
    }

    /// <summary>softplus(x) = max(x, 0) + log(1 + t) from x and t = e^−|x| (see <see cref="ExpOfNegativeMagnitude"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Softplus(Vector<float> x, Vector<float> expOfNegativeMagnitude) =>
        Vector.Max(x, Vector<float>.Zero) + LogOnePlus.OfUnitInterval(expOfNegativeMagnitude);

    /// <summary>
    /// The scalar <see cref="Softplus(Vector{float}, Vector{float})"/>, for the lanes past the last whole vector, with
    /// the same arithmetic, so a value's softplus does not depend on where it falls.
    /// </summary>
    public static float Softplus(float x, float expOfNegativeMagnitude) => MathF.Max(x, 0f) + LogOnePlus.OfUnitInterval(expOfNegativeMagnitude);

    /// <summary>
    /// softplus′ = sigmoid(x) = 1 − e^−y from the output y. For y below <see cref="SoftplusSeriesBound"/>, a unit pushed
    /// far below zero, the difference would cancel to a few representable steps, and the runtime's vectorized e^−y
    /// rounds to just above 1 for y near 0, which made the derivative negative and sent Adam's steps the wrong way:
    /// there it is the series y − y²/2 + y³/6 − y⁴/24 instead, whose first omitted term is under 1e-8 of y.
    /// </summary>
    private static void SoftplusDerivative(ReadOnlySpan<float> y, Span<float> destination)
    {
        TensorPrimitives.Negate(y, destination);
        InWholeVectors(destination, TensorPrimitives.Exp);
        var bound = new Vector<float>(SoftplusSeriesBound);
        int j = 0;
        for (; j <= y.Length - Vector<float>.Count; j += Vector<float>.Count)
        {
            var v = new Vector<float>(y[j..]);
            Vector<float> series = v * (Vector<float>.One + (v * (new Vector<float>(-0.5f) + (v * (new Vector<float>(1f / 6f) + (v * new Vector<float>(-1f / 24f)))))));
            Vector.ConditionalSelect(Vector.LessThan(v, bound), series, Vector<float>.One - new Vector<float>(destination[j..])).CopyTo(destination[j..]);
        }

        // The same arithmetic lane by lane, so a value's derivative does not depend on where it falls.
        for (; j < y.Length; j++)
        {
            float v = y[j];
            destination[j] = v < SoftplusSeriesBound ? v * (1f + (v * (-0.5f + (v * ((1f / 6f) + (v * (-1f / 24f))))))) : 1f - destination[j];
        }
    }

    private const float SoftplusSeriesBound = 1f / 32f;

    private delegate void ElementWise(ReadOnlySpan<float> x, Span<float> destination);

    private static void LeakyRelu(Span<float> values, float slope)
    {
        Span<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        var slopes = new Vector<float>(slope);
        for (int i = 0; i < vectors.Length; i++)
        {
            Vector<float> v = vectors[i];
            vectors[i] = Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), v, v * slopes);
        }

        for (int i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            values[i] = values[i] > 0f ? values[i] : values[i] * slope;
        }
    }

    private static void MaskBySign(ReadOnlySpan<float> output, Span<float> gradient, float negativeFactor)
    {
        ReadOnlySpan<Vector<float>> outputs = MemoryMarshal.Cast<float, Vector<float>>(output);
        Span<Vector<float>> gradients = MemoryMarshal.Cast<float, Vector<float>>(gradient[..output.Length]);
        var factors = new Vector<float>(negativeFactor);
        for (int i = 0; i < outputs.Length; i++)
        {
            Vector<float> g = gradients[i];
            gradients[i] = Vector.ConditionalSelect(Vector.GreaterThan(outputs[i], Vector<float>.Zero), g, g * factors);
        }

        for (int i = outputs.Length * Vector<float>.Count; i < output.Length; i++)
        {
            gradient[i] = output[i] > 0f ? gradient[i] : gradient[i] * negativeFactor;
        }
    }
}
