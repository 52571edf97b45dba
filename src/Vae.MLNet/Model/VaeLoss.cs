using System.Numerics;
using System.Numerics.Tensors;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Model;

/// <summary>
/// The two terms of the negative ELBO, per row, and their gradients with respect to the network heads. Training and
/// evaluation both call these, so the loss a model reports is the loss it was trained on.
/// </summary>
internal static class VaeLoss
{
    /// <summary>
    /// Reconstruction term −log p(x | z) (up to likelihood-independent constants, see <see cref="VaeLikelihood"/>) of each
    /// row: the likelihood's terms over the network's numeric features and the cross-entropy of each of its
    /// <see cref="VaeNetwork.Categories"/>. When <paramref name="headGradient"/> is not empty it receives
    /// <paramref name="gradientScale"/> times the derivative with respect to the raw decoder head output, 0 for the
    /// log-variances of categorical features, which the loss does not read, and for a numeric feature's log-variance at
    /// its clamp only as <see cref="ThroughClamp"/> passes it. <paramref name="scratch"/> holds at least 2·D values.
    /// </summary>
    public static void Reconstruction(
        VaeNetwork network,
        ReadOnlySpan<float> features,
        ReadOnlySpan<float> decoderHead,
        int rows,
        Span<float> rowLoss,
        Span<float> headGradient,
        float gradientScale,
        Span<float> scratch)
    {
        int d = network.InputDimension;
        int width = network.DecoderOutputWidth;
        bool withGradient = !headGradient.IsEmpty;
        CategoricalGroups categories = network.Categories;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> x = features.Slice(r * d, d);
            ReadOnlySpan<float> head = decoderHead.Slice(r * width, width);
            Span<float> gradient = withGradient ? headGradient.Slice(r * width, width) : default;
            float loss = 0f;
            foreach (FeatureRun run in categories.NumericRuns)
            {
                loss += Numeric(network, run, x, head, gradient, gradientScale, scratch);
            }

            foreach (FeatureRun group in categories.Groups)
            {
                loss += Categorical(group.Of(x), group.Of(head), withGradient ? group.Of(gradient) : default, gradientScale, group.Of(scratch));
                if (withGradient && network.HasReconstructionLogVar)
                {
                    group.Of(gradient[d..]).Clear();
                }
            }

            rowLoss[r] = loss;
        }
    }

    /// <summary>The likelihood's terms over one numeric <paramref name="run"/> of a row, and their gradient when asked.</summary>
    private static float Numeric(
        VaeNetwork network, FeatureRun run, ReadOnlySpan<float> x, ReadOnlySpan<float> head, Span<float> gradient, float scale, Span<float> scratch)
    {
        int d = network.InputDimension;
        bool withGradient = !gradient.IsEmpty;
        Span<float> first = scratch.Slice(0, run.Count);
        Span<float> second = scratch.Slice(d, run.Count);
        return network.Likelihood switch
        {
            VaeLikelihood.Bernoulli => Bernoulli(run.Of(x), run.Of(head), withGradient ? run.Of(gradient) : default, scale, first),
            VaeLikelihood.Gaussian => FixedGaussian(run.Of(x), run.Of(head), network.GaussianVariance, withGradient ? run.Of(gradient) : default, scale, first),
            VaeLikelihood.GaussianLearnedVariance => LearnedGaussian(
                run.Of(x),
                run.Of(head[..d]),
                run.Of(head[d..]),
                withGradient ? run.Of(gradient[..d]) : default,
                withGradient ? run.Of(gradient[d..]) : default,
                scale,
                first,
                second),
            _ => throw new InvalidOperationException($"Unknown likelihood {network.Likelihood}."),
        };
    }

    /// <summary>
    /// −Σ x·log softmax(o), computed from the shifted logits s = o − max o as (Σ x)·log Σ e^s − Σ x·s so that it never
    /// overflows nor cancels large logits against each other, and its gradient ((Σ x)·softmax(o) − x)·scale: for one-hot
    /// x, the cross-entropy of the category and the familiar softmax − x. <paramref name="shifted"/> receives e^s.
    /// </summary>
    private static float Categorical(ReadOnlySpan<float> x, ReadOnlySpan<float> logits, Span<float> gradient, float scale, Span<float> shifted)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, shifted);

        // Logits further apart than float's range shift to −∞, and a category of target 0 would add 0·(−∞) = NaN; at
        // the lowest finite value it adds 0 and its e^s is still 0.
        TensorPrimitives.Max(shifted, float.MinValue, shifted);
        float targetDotShifted = TensorPrimitives.Dot(x, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        float sum = TensorPrimitives.Sum(shifted);
        float mass = TensorPrimitives.Sum(x);
        if (!gradient.IsEmpty)
        {
            TensorPrimitives.Multiply(shifted, mass / sum, gradient);
            TensorPrimitives.Subtract(gradient, x, gradient);
            TensorPrimitives.Multiply(gradient, scale, gradient);
        }

        return (mass * MathF.Log(sum)) - targetDotShifted;
    }

    /// <summary>KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²) of each row of the encoder head.</summary>
    public static void KullbackLeibler(ReadOnlySpan<float> encoderHead, int rows, int latent, Span<float> rowKl)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> mean = encoderHead.Slice(r * 2 * latent, latent);
            ReadOnlySpan<float> logVar = encoderHead.Slice(r * 2 * latent + latent, latent);
            // Summed in double: a float32 sum of many latent dimensions' terms strays past 1e-5 of the exact one.
            double sum = 0;
            for (int k = 0; k < latent; k++)
            {
                sum += 1f + logVar[k] - mean[k] * mean[k] - MathF.Exp(logVar[k]);
            }

            rowKl[r] = (float)(-0.5 * sum);
        }
    }

    /// <summary>
    /// The <paramref name="gradient"/> a log-variance clamped to [<paramref name="min"/>, <paramref name="max"/>] passes
    /// back through its clamp: all of it inside the bounds, and at a bound only a gradient whose descent step leads back
    /// inside (positive at the upper bound, negative at the lower); one pointing further out is 0.
    /// </summary>
    // Deliberately not the clamped loss's derivative, which is 0 at a bound: early in training on unscaled data the huge
    // residuals drive a reconstruction log σ² to its upper bound and the pre-activation past it, and with no gradient there
    // it never came back once the mean was learned, leaving σ² = e⁹ and the mean's gradient divided by it; a latent log σ²
    // that a large step threw past +10 likewise stayed there with a KL term of thousands of nats. Passed straight through
    // inward, the pre-activation returns; held at 0 outward, it does not drift without bound.
    public static float ThroughClamp(float logVar, float min, float max, float gradient) =>
        (logVar >= max && gradient < 0f) || (logVar <= min && gradient > 0f) ? 0f : gradient;

    /// <summary>
    /// Σ softplus(o) − x·o, the binary cross-entropy of sigmoid(o) computed from logits so it never takes log 0, and its
    /// gradient (sigmoid(o) − x)·scale. Both come from t = e^−|o|: softplus(o) = max(o, 0) + log(1 + t) and sigmoid(o) =
    /// 1/(1 + t) or t/(1 + t) by the sign of o, so each element takes one exponential, and all but the exponential is one
    /// pass, because this loss runs on every feature of every training row. <paramref name="expOfNegativeMagnitude"/> receives t.
    /// </summary>
    private static float Bernoulli(ReadOnlySpan<float> x, ReadOnlySpan<float> logits, Span<float> gradient, float scale, Span<float> expOfNegativeMagnitude)
    {
        Span<float> t = expOfNegativeMagnitude[..logits.Length];
        Activations.ExpOfNegativeMagnitude(logits, t);
        bool withGradient = !gradient.IsEmpty;
        var scales = new Vector<float>(scale);
        Vector<float> sums = Vector<float>.Zero;
        int j = 0;
        for (; j <= logits.Length - Vector<float>.Count; j += Vector<float>.Count)
        {
            var o = new Vector<float>(logits[j..]);
            var target = new Vector<float>(x[j..]);
            var tj = new Vector<float>(t[j..]);
            sums += Activations.Softplus(o, tj) - (target * o);
            if (withGradient)
            {
                Vector<float> sigmoid = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(o, Vector<float>.Zero), Vector<float>.One, tj) / (Vector<float>.One + tj);
                ((sigmoid - target) * scales).CopyTo(gradient[j..]);
            }
        }

        float loss = Vector.Sum(sums);
        for (; j < logits.Length; j++)
        {
            float o = logits[j];
            loss += Activations.Softplus(o, t[j]) - (x[j] * o);
            if (withGradient)
            {
                gradient[j] = (((o >= 0f ? 1f : t[j]) / (1f + t[j])) - x[j]) * scale;
            }
        }

        return loss;
    }

    private static float FixedGaussian(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, float variance, Span<float> gradient, float scale, Span<float> difference)
    {
        TensorPrimitives.Subtract(mean, x, difference);
        if (!gradient.IsEmpty)
        {
            TensorPrimitives.Multiply(difference, scale / variance, gradient);
        }

        // Differences beyond about 1.8e19 square past float's range although a large variance keeps the loss finite, so
        // a sum that overflows is taken again in double.
        float squares = TensorPrimitives.SumOfSquares(difference);
        return float.IsFinite(squares) ? squares / (2f * variance) : (float)(WideSums.SumOfSquares(difference) / (2.0 * variance));
    }

    private static float LearnedGaussian(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> logVar,
        Span<float> meanGradient,
        Span<float> logVarGradient,
        float scale,
        Span<float> difference,
        Span<float> weighted)
    {
        // (μ − x)/σ², weighted before squared, so a difference beyond 1.8e19 does not overflow where the variance keeps
        // its term finite.
        TensorPrimitives.Subtract(mean, x, difference);
        TensorPrimitives.Negate(logVar, weighted);
        TensorPrimitives.Exp(weighted, weighted);
        TensorPrimitives.Multiply(difference, weighted, weighted);
        if (!meanGradient.IsEmpty)
        {
            for (int j = 0; j < x.Length; j++)
            {
                meanGradient[j] = scale * weighted[j];
                logVarGradient[j] = ThroughClamp(
                    logVar[j], VaeNetwork.ReconstructionLogVarMin, VaeNetwork.ReconstructionLogVarMax, scale * 0.5f * (1f - weighted[j] * difference[j]));
            }
        }

        // Summed as the fixed variance's squares are, in TensorPrimitives' partial sums: one float32 running sum over a
        // wide row strays past 1e-5 of the exact one.
        return 0.5f * (TensorPrimitives.Sum(logVar) + TensorPrimitives.Dot(weighted, difference));
    }
}
