using Vae.MLNet.Numerics;

namespace Vae.MLNet;

/// <summary>
/// How much each latent dimension tells rows apart, as <see cref="VaeModel.MeasureLatentActivity(Data.VaeDataset)"/>
/// gives it: the variance across the rows of the dimension's latent mean, Cov_x(E_q[z_u]) (Burda, Grosse and
/// Salakhutdinov, "Importance Weighted Autoencoders", 2016), beside the dimension's share of the KL term. A dimension
/// whose mean hardly moves from row to row carries nothing about them: its posterior stays at the prior N(0, 1), its KL
/// near 0, and the decoder learns to ignore it. Some inactive dimensions are usual, since a VAE uses only as many as the
/// data needs; none active, on rows as varied as the data the model is for, is posterior collapse, where the decoder
/// gives every row the same reconstruction.
/// </summary>
/// <param name="MeanVariances">For each latent dimension, the variance of its latent mean across the rows.</param>
/// <param name="MeanKullbackLeibler">
/// For each latent dimension u, KL(q(z_u | x) ‖ N(0, 1)) = ½(μ_u² + σ_u² − 1 − log σ_u²) averaged over the rows; the
/// dimensions' values add up to <see cref="VaeEvaluation.KullbackLeibler"/> of the same rows.
/// </param>
/// <exception cref="ArgumentNullException"><paramref name="MeanVariances"/> or <paramref name="MeanKullbackLeibler"/> is null.</exception>
public sealed record VaeLatentActivity(IReadOnlyList<double> MeanVariances, IReadOnlyList<double> MeanKullbackLeibler)
{
    /// <summary>For each latent dimension, the variance of its latent mean across the rows.</summary>
    /// <exception cref="ArgumentNullException">The value set (as by a <see langword="with"/> expression) is null.</exception>
    public IReadOnlyList<double> MeanVariances { get; init => field = Required(value, nameof(MeanVariances)); } = Required(MeanVariances, nameof(MeanVariances));

    /// <summary>For each latent dimension, its KL(q(z_u | x) ‖ N(0, 1)) averaged over the rows.</summary>
    /// <exception cref="ArgumentNullException">The value set (as by a <see langword="with"/> expression) is null.</exception>
    public IReadOnlyList<double> MeanKullbackLeibler { get; init => field = Required(value, nameof(MeanKullbackLeibler)); } = Required(MeanKullbackLeibler, nameof(MeanKullbackLeibler));

    /// <summary>The variance above which a dimension counts as active: 0.01, Burda et al.'s threshold.</summary>
    public const double ActiveVariance = 0.01;

    /// <summary>How many dimensions have a latent mean whose variance across the rows exceeds <see cref="ActiveVariance"/>.</summary>
    public int ActiveDimensions => CountActive(MeanVariances);

    /// <summary>Whether the latent mean of <paramref name="dimension"/> varies across the rows with a variance above <see cref="ActiveVariance"/>.</summary>
    /// <param name="dimension">The 0-based latent dimension.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is negative or not below the number of <see cref="MeanVariances"/>.</exception>
    public bool IsActive(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dimension, MeanVariances.Count);
        return MeanVariances[dimension] > ActiveVariance;
    }

    /// <summary>
    /// The <paramref name="count"/> dimensions whose latent means vary most across the rows, most varied first (of equal
    /// variances, the lower dimension first): the ones to plot, as a model's first dimensions may be ones it leaves at the
    /// prior, whose means all crowd about 0 and show nothing of the rows.
    /// </summary>
    /// <param name="count">How many dimensions to give, from 1 to the number of <see cref="MeanVariances"/>.</param>
    /// <returns>The 0-based dimensions.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or above the number of <see cref="MeanVariances"/>.</exception>
    public int[] MostVaried(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MeanVariances.Count);
        return MostVariedOf(MeanVariances, count);
    }

    /// <summary>The <paramref name="count"/> dimensions of <paramref name="meanVariances"/> that <see cref="MostVaried"/> gives, in its order.</summary>
    internal static int[] MostVariedOf(IReadOnlyList<double> meanVariances, int count) =>
        [.. Enumerable.Range(0, meanVariances.Count).OrderByDescending(dimension => meanVariances[dimension]).Take(count)];

    /// <summary>
    /// The <see cref="MeanVariances"/> of rows whose latent <paramref name="means"/>, <paramref name="latentDimension"/>
    /// to a row, a caller has encoded already, as <see cref="VaeModel.MeasureLatentActivity(Data.VaeDataset)"/> gives
    /// them without encoding the rows again.
    /// </summary>
    internal static double[] MeanVariancesOf(ReadOnlySpan<float> means, int latentDimension)
    {
        var moments = new ColumnMoments(latentDimension);
        for (int start = 0; start < means.Length; start += latentDimension)
        {
            moments.Add(means.Slice(start, latentDimension));
        }

        return [.. Enumerable.Range(0, latentDimension).Select(moments.Variance)];
    }

    /// <summary>How many of <paramref name="meanVariances"/>, one latent dimension's each, exceed <see cref="ActiveVariance"/>.</summary>
    internal static int CountActive(IEnumerable<double> meanVariances) => meanVariances.Count(variance => variance > ActiveVariance);

    private static IReadOnlyList<double> Required(IReadOnlyList<double> values, string name) =>
        values ?? throw new ArgumentNullException(name);
}
