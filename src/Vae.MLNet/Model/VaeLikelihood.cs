namespace Vae.MLNet;

/// <summary>The decoder's observation model p(x | z), which fixes its output layer and the reconstruction term of the loss.</summary>
public enum VaeLikelihood
{
    /// <summary>
    /// Independent Bernoulli per feature: the decoder outputs logits, the reconstruction is their sigmoid,
    /// and the loss is binary cross-entropy summed over features. Features must lie in [0, 1].
    /// </summary>
    Bernoulli,

    /// <summary>
    /// Gaussian with the fixed variance <see cref="VaeOptions.GaussianVariance"/>: the decoder outputs means and
    /// the loss is Σ (x − μ)² / (2σ²).
    /// </summary>
    Gaussian,

    /// <summary>
    /// Gaussian with a learned per-feature variance: the decoder outputs means and log-variances and the loss is
    /// Σ ½ log σ² + (x − μ)² / (2σ²). The log-variance is clamped to [−9, 9] in the units the network sees, so σ lies
    /// between about 0.011 and 90: train on features of unit scale (<see cref="VaeInputScaling.Standardize"/>), or a
    /// feature spread wider than that gets a variance too small for it.
    /// </summary>
    GaussianLearnedVariance,
}
