using Vae.MLNet.Equality;

namespace Vae.MLNet.Transforms;

/// <summary>
/// Every per-row output of <see cref="VaeTransformer.Transform(Data.VaeDataset)"/> for a whole dataset, row-major and in
/// the dataset's row order.
/// </summary>
/// <param name="RowCount">Number of rows N transformed.</param>
/// <param name="LatentMean">The posterior means μ, N × K values.</param>
/// <param name="LatentLogVariance">The clamped posterior log-variances, N × K values.</param>
/// <param name="Reconstruction">The rows decoded from z = μ in the original feature units, N × D values.</param>
/// <param name="ReconstructionError">−log p(x | z = μ) on the model's scaled features, N values.</param>
/// <param name="AnomalyScore">The loss with z = μ: the reconstruction error plus the KL term, N values.</param>
/// <remarks>Two results are equal when their values are, compared element by element.</remarks>
public sealed record VaeTransformResult(
    int RowCount,
    float[] LatentMean,
    float[] LatentLogVariance,
    float[] Reconstruction,
    float[] ReconstructionError,
    float[] AnomalyScore)
{
    /// <summary>
    /// For a <see cref="VaeLikelihood.GaussianLearnedVariance"/> model, the per-feature log-variances of p(x | z = μ) in
    /// the original feature units, N × D values, decoded with <see cref="Reconstruction"/> (0 for the features of
    /// categorical columns, which a softmax models); <see langword="null"/> for a model of another likelihood, which has none.
    /// </summary>
    public float[]? ReconstructionLogVariance { get; init; }

    /// <inheritdoc/>
    public bool Equals(VaeTransformResult? other) =>
        other is not null
        && RowCount == other.RowCount
        && ElementWise.Equal(LatentMean, other.LatentMean)
        && ElementWise.Equal(LatentLogVariance, other.LatentLogVariance)
        && ElementWise.Equal(Reconstruction, other.Reconstruction)
        && ElementWise.Equal(ReconstructionError, other.ReconstructionError)
        && ElementWise.Equal(AnomalyScore, other.AnomalyScore)
        && ElementWise.Equal(ReconstructionLogVariance, other.ReconstructionLogVariance);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        RowCount,
        ElementWise.HashOf(LatentMean),
        ElementWise.HashOf(LatentLogVariance),
        ElementWise.HashOf(Reconstruction),
        ElementWise.HashOf(ReconstructionError),
        ElementWise.HashOf(AnomalyScore),
        ElementWise.HashOf(ReconstructionLogVariance));
}
