namespace Vae.MLNet;

/// <summary>
/// Average per-row loss terms of a model on a dataset, on the training loss's scale, with latents sampled or decoded at
/// their means as <see cref="LatentsSampled"/> says: only sampled latents give the negative ELBO and a lower bound on
/// log p(x). For a Gaussian model that scale leaves out constants of the density: compare with
/// <see cref="VaeModel.EstimateLogLikelihood"/> through <see cref="EvidenceLowerBound"/>.
/// </summary>
/// <param name="RowCount">How many rows were scored.</param>
/// <param name="Reconstruction">
/// Mean reconstruction term −log p(x | z) as training computes it: exact for a Bernoulli model and for categorical
/// columns; for the Gaussian likelihoods without the normalizer ½ log(2πσ²) of each numeric feature (½ log 2π when σ²
/// is learned), on the scaled features.
/// </param>
/// <param name="KullbackLeibler">Mean KL(q(z | x) ‖ N(0, I)).</param>
public sealed record VaeEvaluation(int RowCount, double Reconstruction, double KullbackLeibler)
{
    /// <summary>
    /// Whether the decoder saw one z ~ q(z | x) drawn per row (<see cref="VaeModel.Evaluate(Data.VaeDataset, bool, int)"/>
    /// with <c>sampleLatent</c>), which makes <see cref="NegativeElbo"/> an estimate of the negative ELBO and
    /// <see cref="EvidenceLowerBound"/> one of a bound below log p(x). False for the default, z = μ: a deterministic loss, usually lower than the negative ELBO,
    /// whose negation may lie above log p(x) and bounds nothing.
    /// </summary>
    public bool LatentsSampled { get; init; }

    /// <summary>
    /// Reconstruction + KL per row (lower is better), the training loss at β = 1. Only where <see cref="LatentsSampled"/>
    /// is it the negative ELBO: a one-sample estimate of the negative evidence lower bound on the training loss's scale,
    /// what PyTorch's VAE example reports as its test loss; decoded at z = μ, the default, it is a deterministic loss,
    /// usually lower.
    /// </summary>
    public double NegativeElbo => Reconstruction + KullbackLeibler;

    /// <summary>
    /// A lower bound on log p(x) only where <see cref="LatentsSampled"/>: decoded at z = μ, the default of
    /// <see cref="VaeModel.Evaluate(Data.VaeDataset, bool, int)"/>, it is usually higher than the ELBO and may lie above
    /// log p(x) (on 200 thresholded MNIST test images −80.4 against an importance-weighted −83.5). It is −<see cref="NegativeElbo"/> in
    /// nats of the data in its original units, the units of <see cref="VaeModel.EstimateLogLikelihood"/>: with the
    /// Gaussian normalizers the loss leaves out and, for a scaled Gaussian model, the log-Jacobian of the input scaling.
    /// Evaluated with sampled latents it estimates the evidence lower bound, which lies below log p(x). For a Bernoulli
    /// model it is −<see cref="NegativeElbo"/>.
    /// It bounds log p(x) only for the data <see cref="VaeModel.EstimateLogLikelihood"/> accepts, bits: where a Bernoulli
    /// model's features, or a categorical column's one-hot features, are not (gray pixels, measurements), the loss is a
    /// cross-entropy and this only its negation, a bound on no log-likelihood; binarize such data, e.g. with
    /// <see cref="Data.BinarizedDataset"/>, for a bound.
    /// </summary>
    public double EvidenceLowerBound => -(NegativeElbo + LossToDensityOffset);

    /// <summary>What turns the loss into nats of the data; see <see cref="Evaluation.ImportanceWeightedLikelihood.LossToDensityOffset"/>.</summary>
    internal double LossToDensityOffset { get; init; }

    /// <summary>The objective of a β-VAE, reconstruction + β·KL, which training weighs the KL term with.</summary>
    internal double LossAt(double beta) => Reconstruction + (beta * KullbackLeibler);
}
