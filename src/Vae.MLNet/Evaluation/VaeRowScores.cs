using Vae.MLNet.Equality;

namespace Vae.MLNet;

/// <summary>
/// Every row's anomaly scores of a dataset, as <see cref="VaeModel.ScoreRows(Data.VaeDataset)"/> gives them, in the
/// dataset's row order.
/// </summary>
/// <param name="ReconstructionError">−log p(x | z = μ) on the model's scaled features, one value per row.</param>
/// <param name="AnomalyScore">The loss with z = μ: the reconstruction error plus the KL term, one value per row.</param>
/// <remarks>Two results are equal when their scores are, compared row by row.</remarks>
public sealed record VaeRowScores(float[] ReconstructionError, float[] AnomalyScore)
{
    /// <inheritdoc/>
    public bool Equals(VaeRowScores? other) =>
        other is not null && ElementWise.Equal(ReconstructionError, other.ReconstructionError) && ElementWise.Equal(AnomalyScore, other.AnomalyScore);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ElementWise.HashOf(ReconstructionError), ElementWise.HashOf(AnomalyScore));
}
