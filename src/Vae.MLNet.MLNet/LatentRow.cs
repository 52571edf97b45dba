namespace Vae.MLNet.MLNet;

/// <summary>A row of <see cref="VaeLatentSampler"/>: ML.NET maps its public field to the latent column.</summary>
internal sealed class LatentRow
{
    /// <summary>The latent vector.</summary>
    public float[] Latent = [];
}
