namespace Vae.MLNet;

/// <summary>Average per-row loss terms of a model on a dataset.</summary>
/// <param name="RowCount">How many rows were scored.</param>
/// <param name="Reconstruction">Mean reconstruction term −log p(x | z).</param>
/// <param name="KullbackLeibler">Mean KL(q(z | x) ‖ N(0, I)).</param>
public sealed record VaeEvaluation(int RowCount, double Reconstruction, double KullbackLeibler)
{
    /// <summary>
    /// Reconstruction + KL per row (lower is better). Evaluated with sampled latents (<c>sampleLatent</c>) it is a
    /// one-sample estimate of the negative evidence lower bound, what PyTorch's VAE example reports as its test loss;
    /// decoded at z = μ it is a deterministic loss, usually lower.
    /// </summary>
    public double NegativeElbo => Reconstruction + KullbackLeibler;

    /// <summary>The objective of a β-VAE, reconstruction + β·KL, which training weighs the KL term with.</summary>
    internal double LossAt(double beta) => Reconstruction + (beta * KullbackLeibler);
}
