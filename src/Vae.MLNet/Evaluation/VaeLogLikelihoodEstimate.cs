using Vae.MLNet.Equality;

namespace Vae.MLNet;

/// <summary>
/// An importance-weighted estimate of the model's log-likelihood log p(x), in nats per row. Each row's value is a
/// lower bound on log p(x) in expectation that tightens as <see cref="Samples"/> grows (Burda et al., 2016).
/// </summary>
/// <param name="Mean">The mean of <see cref="PerRow"/>: the dataset's average log-likelihood (higher is better).</param>
/// <param name="StandardError">
/// The standard error of <see cref="Mean"/> over rows (sample standard deviation / √rows); null for a single row.
/// </param>
/// <param name="PerRow">The estimate of each row, in the dataset's row order.</param>
/// <param name="Samples">Importance samples drawn per row.</param>
/// <remarks>Two estimates are equal when their values are, <see cref="PerRow"/> compared row by row.</remarks>
public sealed record VaeLogLikelihoodEstimate(double Mean, double? StandardError, IReadOnlyList<double> PerRow, int Samples)
{
    /// <inheritdoc/>
    public bool Equals(VaeLogLikelihoodEstimate? other) =>
        other is not null && Mean.Equals(other.Mean) && StandardError.Equals(other.StandardError) && ElementWise.Equal(PerRow, other.PerRow) && Samples == other.Samples;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Mean, StandardError, ElementWise.HashOf(PerRow), Samples);
}
