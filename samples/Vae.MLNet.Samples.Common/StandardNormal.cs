namespace Vae.MLNet.Samples.Common;

/// <summary>Draws from N(0, 1), e.g. latent vectors from the VAE's prior.</summary>
public static class StandardNormal
{
    /// <summary>Fills <paramref name="values"/> with independent standard normal draws (Box–Muller).</summary>
    public static void Fill(Span<float> values, Random random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            // 1 − U lies in (0, 1], so the logarithm is finite.
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
    }
}
