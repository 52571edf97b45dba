namespace Vae.MLNet;

/// <summary>
/// How much each latent dimension tells rows apart, as <see cref="VaeModel.MeasureLatentActivity(Data.VaeDataset)"/>
/// gives it: the variance across the rows of the dimension's latent mean, Cov_x(E_q[z_u]) (Burda, Grosse and
/// Salakhutdinov, "Importance Weighted Autoencoders", 2016). A dimension whose mean hardly moves from row to row carries
/// nothing about them: its posterior stays at the prior N(0, 1) and the decoder learns to ignore it. Some inactive
/// dimensions are usual, since a VAE uses only as many as the data needs; none active, on rows as varied as the data the
/// model is for, is posterior collapse, where the decoder gives every row the same reconstruction.
/// </summary>
/// <param name="MeanVariances">For each latent dimension, the variance of its latent mean across the rows.</param>
/// <exception cref="ArgumentNullException"><paramref name="MeanVariances"/> is null.</exception>
public sealed record VaeLatentActivity(IReadOnlyList<double> MeanVariances)
{
    /// <summary>For each latent dimension, the variance of its latent mean across the rows.</summary>
    /// <exception cref="ArgumentNullException">The value set (as by a <see langword="with"/> expression) is null.</exception>
    public IReadOnlyList<double> MeanVariances { get; init => field = Required(value); } = Required(MeanVariances);

    /// <summary>The variance above which a dimension counts as active: 0.01, Burda et al.'s threshold.</summary>
    public const double ActiveVariance = 0.01;

    /// <summary>How many dimensions have a latent mean whose variance across the rows exceeds <see cref="ActiveVariance"/>.</summary>
    public int ActiveDimensions => MeanVariances.Count(variance => variance > ActiveVariance);

    private static IReadOnlyList<double> Required(IReadOnlyList<double> meanVariances) =>
        meanVariances ?? throw new ArgumentNullException(nameof(MeanVariances));
}
