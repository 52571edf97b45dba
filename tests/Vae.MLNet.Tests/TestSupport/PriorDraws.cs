using Vae.MLNet.Model;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests;

/// <summary>The latent points that Generate, for a seed and temperature, draws from the prior and decodes.</summary>
/// <remarks>The ML.NET integration tests compile this file too (linked).</remarks>
internal static class PriorDraws
{
    /// <summary><paramref name="count"/> points of <paramref name="latentDimension"/> values each, row-major, drawn as one block.</summary>
    public static float[] Of(int count, int latentDimension, int seed, float temperature)
    {
        float[] latent = new float[count * latentDimension];
        LatentPoints.DrawFromPrior(new GaussianNoise(seed), temperature, latent);
        return latent;
    }
}
