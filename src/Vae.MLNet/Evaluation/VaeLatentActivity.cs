using System.Globalization;
using Vae.MLNet.Equality;
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
/// <exception cref="ArgumentException">
/// A list is empty, the two lists are of different lengths, a value is NaN or infinite, or a variance is negative.
/// </exception>
/// <remarks>Two activities are equal when their values are, compared dimension by dimension.</remarks>
public sealed record VaeLatentActivity(IReadOnlyList<double> MeanVariances, IReadOnlyList<double> MeanKullbackLeibler)
{
    /// <summary>For each latent dimension, the variance of its latent mean across the rows.</summary>
    /// <exception cref="ArgumentNullException">The value set (as by a <see langword="with"/> expression) is null.</exception>
    /// <exception cref="ArgumentException">
    /// The value set is empty, not as long as <see cref="MeanKullbackLeibler"/>, or holds a NaN, infinite or negative value.
    /// </exception>
    public IReadOnlyList<double> MeanVariances
    {
        get;
        init => field = Checked(value, nameof(MeanVariances), variances: true, MeanKullbackLeibler, nameof(MeanKullbackLeibler));
    } = Checked(MeanVariances, nameof(MeanVariances), variances: true, pairedWith: null, pairedName: null);

    /// <summary>For each latent dimension, its KL(q(z_u | x) ‖ N(0, 1)) averaged over the rows.</summary>
    /// <exception cref="ArgumentNullException">The value set (as by a <see langword="with"/> expression) is null.</exception>
    /// <exception cref="ArgumentException">The value set is empty, not as long as <see cref="MeanVariances"/>, or holds a NaN or infinite value.</exception>
    public IReadOnlyList<double> MeanKullbackLeibler
    {
        get;
        init => field = Checked(value, nameof(MeanKullbackLeibler), variances: false, MeanVariances, nameof(MeanVariances));
    } = Checked(MeanKullbackLeibler, nameof(MeanKullbackLeibler), variances: false, MeanVariances, nameof(MeanVariances));

    /// <inheritdoc/>
    public bool Equals(VaeLatentActivity? other) =>
        other is not null && ElementWise.Equal(MeanVariances, other.MeanVariances) && ElementWise.Equal(MeanKullbackLeibler, other.MeanKullbackLeibler);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ElementWise.HashOf(MeanVariances), ElementWise.HashOf(MeanKullbackLeibler));

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

    /// <summary>
    /// A copy of <paramref name="values"/>, which the caller may change later, once checked: one finite value per latent
    /// dimension, as many as <paramref name="pairedWith"/> holds when given, and no negative one among
    /// <paramref name="variances"/>. KL values are not refused below 0: exp(log σ²) − 1 − log σ² rounds a hair below it
    /// where σ² is within rounding of 1 and μ near 0, as the model's own measure can give.
    /// </summary>
    private static IReadOnlyList<double> Checked(IReadOnlyList<double> values, string name, bool variances, IReadOnlyList<double>? pairedWith, string? pairedName)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        double[] copy = [.. values];
        if (copy.Length == 0)
        {
            throw new ArgumentException($"{name} holds no value; give one per latent dimension.", name);
        }

        if (pairedWith is not null && pairedWith.Count != copy.Length)
        {
            throw new ArgumentException(
                $"{name} holds {copy.Length} values, but {pairedName} {pairedWith.Count}; give both one value per latent dimension " +
                $"(to change the number of dimensions, construct a new {nameof(VaeLatentActivity)} rather than use a with expression).",
                name);
        }

        int bad = Array.FindIndex(copy, value => !double.IsFinite(value) || (variances && value < 0));
        if (bad >= 0)
        {
            string requirement = variances ? "a variance is finite and never negative" : "a mean KL is finite";
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{name}[{bad}] is {copy[bad]}, but {requirement}; give each latent dimension's measured value."),
                name);
        }

        return Array.AsReadOnly(copy);
    }
}
