using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Vae.MLNet.Model;

namespace Vae.MLNet.Training;

/// <summary>
/// Adam (Kingma &amp; Ba) with bias correction, in the form <c>torch.optim.Adam</c> uses: weight decay is an L2 term added
/// to the gradient of weights (not biases) before the moments are updated. It works on any list of
/// <see cref="DenseLayer"/>s, so the VAE trainer and the classifiers share one implementation.
/// </summary>
internal sealed class AdamOptimizer
{
    private readonly Settings _settings;
    private readonly (float[] First, float[] Second)[] _weightMoments;
    private readonly (float[] First, float[] Second)[] _biasMoments;
    private long _step;

    /// <summary>Creates zeroed moments shaped like <paramref name="layers"/>; <see cref="Step"/> must get layers of the same shapes in the same order.</summary>
    public AdamOptimizer(IReadOnlyList<DenseLayer> layers, Settings settings)
    {
        _settings = settings;
        DenseLayer[] shapes = [.. layers];
        _weightMoments = shapes.Select(l => (new float[l.Weights.Length], new float[l.Weights.Length])).ToArray();
        _biasMoments = shapes.Select(l => (new float[l.Bias.Length], new float[l.Bias.Length])).ToArray();
    }

    /// <summary>The global L2 norm of the gradients, for clipping and for spotting a diverging step.</summary>
    public static double GradientNorm(IReadOnlyList<DenseLayer> gradients)
    {
        double sum = 0;
        for (int i = 0; i < gradients.Count; i++)
        {
            DenseLayer layer = gradients[i];
            sum += TensorPrimitives.SumOfSquares<float>(layer.Weights) + TensorPrimitives.SumOfSquares<float>(layer.Bias);
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Applies one update. <paramref name="gradientScale"/> rescales the gradients (1 unless they are clipped).</summary>
    public void Step(IReadOnlyList<DenseLayer> layers, IReadOnlyList<DenseLayer> gradients, float gradientScale)
    {
        _step++;
        float firstCorrection = 1f - MathF.Pow(_settings.Beta1, _step);
        float secondCorrection = 1f - MathF.Pow(_settings.Beta2, _step);
        var hyper = new StepConstants(
            _settings.Beta1,
            _settings.Beta2,
            _settings.LearningRate / firstCorrection,
            1f / MathF.Sqrt(secondCorrection),
            _settings.Epsilon,
            gradientScale);
        for (int i = 0; i < layers.Count; i++)
        {
            Update(layers[i].Weights, gradients[i].Weights, _weightMoments[i], hyper, _settings.WeightDecay);
            Update(layers[i].Bias, gradients[i].Bias, _biasMoments[i], hyper, weightDecay: 0f);
        }
    }

    private static void Update(Span<float> parameters, ReadOnlySpan<float> gradients, (float[] First, float[] Second) moments, StepConstants c, float weightDecay)
    {
        Span<float> first = moments.First;
        Span<float> second = moments.Second;
        int vectorCount = parameters.Length / Vector<float>.Count;
        Span<Vector<float>> p = MemoryMarshal.Cast<float, Vector<float>>(parameters)[..vectorCount];
        ReadOnlySpan<Vector<float>> g = MemoryMarshal.Cast<float, Vector<float>>(gradients)[..vectorCount];
        Span<Vector<float>> m = MemoryMarshal.Cast<float, Vector<float>>(first)[..vectorCount];
        Span<Vector<float>> v = MemoryMarshal.Cast<float, Vector<float>>(second)[..vectorCount];
        for (int i = 0; i < vectorCount; i++)
        {
            Vector<float> grad = g[i] * c.GradientScale + p[i] * weightDecay;
            m[i] = m[i] * c.Beta1 + grad * (1f - c.Beta1);
            v[i] = v[i] * c.Beta2 + grad * grad * (1f - c.Beta2);
            p[i] -= m[i] * c.StepSize / (Vector.SquareRoot(v[i]) * c.SecondCorrectionRoot + new Vector<float>(c.Epsilon));
        }

        for (int i = vectorCount * Vector<float>.Count; i < parameters.Length; i++)
        {
            float grad = gradients[i] * c.GradientScale + parameters[i] * weightDecay;
            first[i] = first[i] * c.Beta1 + grad * (1f - c.Beta1);
            second[i] = second[i] * c.Beta2 + grad * grad * (1f - c.Beta2);
            parameters[i] -= first[i] * c.StepSize / (MathF.Sqrt(second[i]) * c.SecondCorrectionRoot + c.Epsilon);
        }
    }

    /// <summary>The hyperparameters; <paramref name="WeightDecay"/> applies to weights only.</summary>
    public readonly record struct Settings(float LearningRate, float Beta1, float Beta2, float Epsilon, float WeightDecay)
    {
        /// <summary>The settings a <see cref="VaeOptions"/> asks for.</summary>
        public static Settings From(VaeOptions options) =>
            new(options.LearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon, options.WeightDecay);
    }

    /// <summary>The per-step scalars: the step size already carries the first-moment bias correction.</summary>
    private readonly record struct StepConstants(float Beta1, float Beta2, float StepSize, float SecondCorrectionRoot, float Epsilon, float GradientScale);
}
