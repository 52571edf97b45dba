using Vae.MLNet.Numerics;

namespace Vae.MLNet.Training;

/// <summary>
/// Standard normal samples from a seeded <see cref="Random"/> by the Box–Muller transform, so a seed fixes every ε
/// of a training run. The second value of each pair is kept for the next call, so the stream of values does not depend
/// on how it is split into calls (a batch split across threads draws the same ε as the whole batch).
/// </summary>
internal sealed class GaussianNoise
{
    private readonly Random _random;
    private float _spare;
    private bool _hasSpare;

    public GaussianNoise(int seed) => _random = new SeededRandom(seed);

    /// <summary>Moves past the next <paramref name="count"/> values without computing them.</summary>
    public void Skip(long count)
    {
        if (count > 0 && _hasSpare)
        {
            _hasSpare = false;
            count--;
        }

        // Each pair of values takes two uniforms; an odd count leaves the pair's second value as the spare.
        for (long i = 0; i < count / 2 * 2; i++)
        {
            _random.NextDouble();
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
