namespace Vae.MLNet.Training;

/// <summary>
/// Standard normal samples from a seeded <see cref="Random"/> by the Box–Muller transform, so a seed fixes every ε
/// of a training run.
/// </summary>
internal sealed class GaussianNoise
{
    private readonly Random _random;

    public GaussianNoise(int seed) => _random = new Random(seed);

    public void Fill(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i += 2)
        {
            // 1 − U keeps the logarithm's argument in (0, 1].
            double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - _random.NextDouble()));
            double angle = 2.0 * Math.PI * _random.NextDouble();
            destination[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = (float)(radius * Math.Sin(angle));
            }
        }
    }
}
