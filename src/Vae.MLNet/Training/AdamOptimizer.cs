using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Training;

/// <summary>
/// Adam (Kingma &amp; Ba) with bias correction, in the form <c>torch.optim.Adam</c> uses: weight decay is an L2 term added
/// to the gradient of weights (not biases) before the moments are updated. It works on any list of
/// <see cref="DenseLayer"/>s, so the VAE trainer and the classifiers share one implementation.
/// </summary>
internal sealed class AdamOptimizer
{
    /// <summary>
    /// Moments are set to 0 below this at most. A weight whose gradient stays exactly 0 for a few hundred steps (the
    /// input weights of a border pixel that no image in those batches lights up) would otherwise see its first moment
    /// decay by β1 per step into the subnormal range, where every multiply costs the CPU a microcode assist — enough to
    /// triple the optimizer's time on MNIST.
    /// </summary>
    private const float NegligibleMoment = 1e-30f;

    private readonly Settings _settings;
    private readonly (float[] First, float[] Second)[] _weightMoments;
    private readonly (float[] First, float[] Second)[] _biasMoments;

    /// <summary>
    /// Creates the optimizer of <paramref name="layers"/>, going on from a copy of <paramref name="resumed"/> when that
    /// fits them, else from zeroed moments; <see cref="Step"/> must get layers of the same shapes in the same order.
    /// <paramref name="settings"/> apply from the first step, whatever settings the state was reached with, as in
    /// PyTorch when a state_dict is loaded into an optimizer of other hyperparameters.
    /// </summary>
    public AdamOptimizer(IReadOnlyList<DenseLayer> layers, Settings settings, AdamState? resumed = null)
    {
        _settings = settings;
        // A model holds only a state that fits its network (its constructor checks it): one that does not is a bug here.
        State = resumed is null ? AdamState.Zero(layers)
            : resumed.Fits(layers) ? resumed.Clone()
            : throw new ArgumentException("The optimizer state to resume does not fit the layers.", nameof(resumed));
        _weightMoments = State.WeightMoments;
        _biasMoments = State.BiasMoments;
    }

    /// <summary>The step count and moments, which every step changes in place.</summary>
    public AdamState State { get; }

    /// <summary>Applies one update. <paramref name="gradientScale"/> rescales the gradients (1 unless they are clipped).</summary>
    public void Step(IReadOnlyList<DenseLayer> layers, IReadOnlyList<DenseLayer> gradients, float gradientScale)
    {
        StepConstants constants = BeginStep(gradientScale);
        for (int i = 0; i < layers.Count; i++)
        {
            Update(i, layers[i], gradients[i], constants, .., ..);
        }
    }

    /// <summary>Advances the step count and returns what every part of this step's update needs.</summary>
    public StepConstants BeginStep(float gradientScale)
    {
        State.Advance();

        // In double, as PyTorch computes them: 1 − β2^t in float32 loses digits to cancellation, about 3e-6 of the step
        // size over the first steps at β2 = 0.999.
        double firstCorrection = 1 - Math.Pow(_settings.Beta1, State.Step);
        double secondCorrection = 1 - Math.Pow(_settings.Beta2, State.Step);

        // Setting a moment to 0 must not change a step, which ε bounds: m under ε·2⁻²⁴ moves a weight by under
        // lr·2⁻²⁴ whatever √v̂ is, and √v under ε·2⁻³⁰ is lost in √v̂ + ε. A fixed floor would not do: with ε = 1e-16, v
        // set to 0 beside a kept m once made steps ten times too large. Nor may the floor be raised to float32's
        // smallest normal value to keep subnormals out: below ε ≈ 1e-10 that set v to 0 beside a kept m too, and with
        // ε = 1e-30 a gradient of 1e-18 moved its weight by 1e9 instead of the learning rate. Such an ε keeps its
        // subnormal moments and pays their slower arithmetic.
        float rootFloor = MathF.ScaleB(_settings.Epsilon, -30);
        return new StepConstants(
            _settings.Beta1,
            _settings.Beta2,
            (float)(_settings.LearningRate / firstCorrection),
            (float)(1 / Math.Sqrt(secondCorrection)),
            _settings.Epsilon,
            gradientScale,
            MathF.Min(MathF.ScaleB(_settings.Epsilon, -24), NegligibleMoment),
            MathF.Min(rootFloor * rootFloor, NegligibleMoment));
    }

    /// <summary>
    /// Whether every second moment is finite. One that overflowed to ∞ (a gradient, weight decay included, past about
    /// 1.8e19) makes every later step of its weight 0 while the loss stays finite: training would go on with it frozen.
    /// </summary>
    public bool SecondMomentsFinite() =>
        _weightMoments.All(moments => TensorPrimitives.IsFiniteAll<float>(moments.Second))
        && _biasMoments.All(moments => TensorPrimitives.IsFiniteAll<float>(moments.Second));

    /// <summary>
    /// Updates rows <paramref name="weightRows"/> of the weights and entries <paramref name="biasEntries"/> of the bias
    /// of layer <paramref name="layer"/> (its index in the list the optimizer was made for) with the same part of
    /// <paramref name="gradients"/>. The update is element-wise, so threads can share one step by updating disjoint
    /// parts, and the split does not change the result.
    /// </summary>
    /// <returns>The sum of squares of these gradients, before <see cref="StepConstants.GradientScale"/>.</returns>
    public double Update(int layer, DenseLayer parameters, DenseLayer gradients, StepConstants constants, Range weightRows, Range biasEntries)
    {
        Range weights = parameters.WeightRows(weightRows);
        (float[] weightFirst, float[] weightSecond) = _weightMoments[layer];
        (float[] biasFirst, float[] biasSecond) = _biasMoments[layer];
        return Update(parameters.Weights.AsSpan(weights), gradients.Weights.AsSpan(weights), weightFirst.AsSpan(weights), weightSecond.AsSpan(weights), constants, _settings.WeightDecay)
            + Update(parameters.Bias.AsSpan(biasEntries), gradients.Bias.AsSpan(biasEntries), biasFirst.AsSpan(biasEntries), biasSecond.AsSpan(biasEntries), constants, 0f);
    }

    /// <summary>
    /// The element-wise Adam step; returns the sum of squares of <paramref name="gradients"/> as they come in, which is
    /// not finite exactly when a gradient is not: without clipping it is the check for divergence.
    /// </summary>
    private static double Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second, StepConstants c, float weightDecay)
    {
        int vectorCount = parameters.Length / Vector<float>.Count;
        Span<Vector<float>> p = MemoryMarshal.Cast<float, Vector<float>>(parameters)[..vectorCount];
        ReadOnlySpan<Vector<float>> g = MemoryMarshal.Cast<float, Vector<float>>(gradients)[..vectorCount];
        Span<Vector<float>> m = MemoryMarshal.Cast<float, Vector<float>>(first)[..vectorCount];
        Span<Vector<float>> v = MemoryMarshal.Cast<float, Vector<float>>(second)[..vectorCount];
        var firstFloor = new Vector<float>(c.FirstMomentFloor);
        var secondFloor = new Vector<float>(c.SecondMomentFloor);
        Vector<float> squares = Vector<float>.Zero;
        for (int i = 0; i < vectorCount; i++)
        {
            squares += g[i] * g[i];
            Vector<float> grad = g[i] * c.GradientScale + p[i] * weightDecay;
            Vector<float> mi = m[i] * c.Beta1 + grad * (1f - c.Beta1);
            Vector<float> vi = v[i] * c.Beta2 + grad * grad * (1f - c.Beta2);
            mi = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(Vector.Abs(mi), firstFloor), mi, Vector<float>.Zero);
            vi = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(vi, secondFloor), vi, Vector<float>.Zero);
            m[i] = mi;
            v[i] = vi;
            p[i] -= mi * c.StepSize / (Vector.SquareRoot(vi) * c.SecondCorrectionRoot + new Vector<float>(c.Epsilon));
        }

        double sum = Vector.Sum(squares);
        for (int i = vectorCount * Vector<float>.Count; i < parameters.Length; i++)
        {
            sum += gradients[i] * gradients[i];
            float grad = gradients[i] * c.GradientScale + parameters[i] * weightDecay;
            float mi = first[i] * c.Beta1 + grad * (1f - c.Beta1);
            float vi = second[i] * c.Beta2 + grad * grad * (1f - c.Beta2);
            first[i] = mi = MathF.Abs(mi) >= c.FirstMomentFloor ? mi : 0f;
            second[i] = vi = vi >= c.SecondMomentFloor ? vi : 0f;
            parameters[i] -= mi * c.StepSize / (MathF.Sqrt(vi) * c.SecondCorrectionRoot + c.Epsilon);
        }

        // Squares summed in float32 overflow once an element passes about 1.8e19, though the gradient is finite. Summing
        // in double throughout slowed this hot loop by a tenth, so the sum is taken again in double only when it overflowed.
        return double.IsFinite(sum) ? sum : WideSums.SumOfSquares(gradients);
    }

    /// <summary>The hyperparameters; <paramref name="WeightDecay"/> applies to weights only.</summary>
    public readonly record struct Settings(float LearningRate, float Beta1, float Beta2, float Epsilon, float WeightDecay)
    {
        /// <summary>The settings a <see cref="VaeOptions"/> asks for.</summary>
        public static Settings From(VaeOptions options) =>
            new(options.LearningRate, options.AdamBeta1, options.AdamBeta2, options.AdamEpsilon, options.WeightDecay);
    }

    /// <summary>
    /// The per-step scalars: the step size already carries the first-moment bias correction; moments below their floor
    /// are set to 0.
    /// </summary>
    public readonly record struct StepConstants(
        float Beta1,
        float Beta2,
        float StepSize,
        float SecondCorrectionRoot,
        float Epsilon,
        float GradientScale,
        float FirstMomentFloor,
        float SecondMomentFloor);
}
