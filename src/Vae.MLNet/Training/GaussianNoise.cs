using Vae.MLNet.Numerics;

namespace Vae.MLNet.Training;

/// <summary>
/// Standard normal samples from a seeded <see cref="Random"/> by the Box–Muller transform, so a seed fixes every ε
/// of a training run. The second value of each pair is kept for the next call, so the stream of values does not depend
/// on how it is split into calls (a batch split across threads draws the same ε as the whole batch).
/// </summary>
internal sealed class GaussianNoise
{
    // Long enough to take about 20 ms, short enough that cancellation stays prompt.
    private const long SkippedPerCancellationCheck = 1L << 24;

    /// <summary>
    /// No value is larger in magnitude: the Box–Muller radius √(−2 ln(1 − U)) at the smallest 1 − U, 2^−53 (U is a double
    /// of 53 random bits below 1), about 8.5717, rounded up past float32's rounding of any value.
    /// </summary>
    public static readonly float MaxMagnitude = MathF.BitIncrement((float)Math.Sqrt(-2.0 * Math.Log(1.0 / (1L << 53))));

    private readonly SeededRandom _random;
    private float _spare;
    private bool _hasSpare;

    public GaussianNoise(int seed) => _random = new SeededRandom(seed);

    /// <summary>Moves past the next <paramref name="count"/> values without computing them.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public void Skip(long count, CancellationToken cancellationToken)
    {
        if (count > 0 && _hasSpare)
        {
            _hasSpare = false;
            count--;
        }

        // Each pair of values takes two uniforms; an odd count leaves the pair's second value as the spare.
        for (long uniforms = count / 2 * 2; uniforms > 0; uniforms -= SkippedPerCancellationCheck)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _random.Skip(Math.Min(uniforms, SkippedPerCancellationCheck));
        }

        if (count % 2 == 1)
        {
            Fill(stackalloc float[1]);
        }
    }

    public void Fill(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            if (_hasSpare)
            {
                destination[i] = _spare;
                _hasSpare = false;
                continue;
            }

            // 1 − U keeps the logarithm's argument in (0, 1].
            double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - _random.NextDouble()));
            double angle = 2.0 * Math.PI * _random.NextDouble();
            destination[i] = (float)(radius * Math.Cos(angle));
            _spare = (float)(radius * Math.Sin(angle));
            _hasSpare = true;
        }
    }
}
