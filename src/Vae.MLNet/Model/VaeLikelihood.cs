namespace Vae.MLNet;

/// <summary>
/// The decoder's observation model p(x | z), which fixes its output layer and the reconstruction term of the loss. It
/// holds for every feature but those of categorical columns (<see cref="VaeModel.CategoricalFeatures"/>), which a
/// softmax over each column's categories models.
/// </summary>
public enum VaeLikelihood
{
    /// <summary>
    /// Independent Bernoulli per feature: the decoder outputs logits, the reconstruction is their sigmoid,
    /// and the loss is binary cross-entropy summed over features. Features must lie in [0, 1].
    /// </summary>
    Bernoulli,

    /// <summary>
    /// Gaussian with the fixed variance <see cref="VaeOptions.GaussianVariance"/>: the decoder outputs means and
    /// the loss is Σ (x − μ)² / (2σ²), in the units the network sees. On standardized features, whose variance is 1,
    /// σ² = 1 counts most of each feature's spread as noise and leaves the latent code little to explain; a smaller
    /// variance, such as 0.1, or <see cref="GaussianLearnedVariance"/> makes the model use it.
    /// </summary>
    Gaussian,

    /// <summary>
    /// Gaussian with a learned per-feature variance: the decoder outputs, for each row, means and log-variances, and the
    /// loss is Σ ½ log σ² + (x − μ)² / (2σ²). The log-variance is clamped to [−9, 9] in the units the network sees, so σ
    /// lies between about 0.011 and 90: train on features of unit scale, or a feature spread wider than that gets a variance
    /// too small for it: <see cref="VaeInputScaling.Standardize"/> for measurements, pixels in [0, 1] as they are
    /// (standardizing turns the pixels that barely vary in training, near an image's border, into values hundreds of
    /// standard deviations out in new images). In training, a log-variance at a clamp still moves back inside when the
    /// loss's gradient points there, so one that huge early residuals drove to +9 falls once the mean is learned. A
    /// feature the decoder can predict almost exactly, such as a constant column or an image's always-black border, sits
    /// at the lower clamp and adds about −4.5 to every row's loss, which then says more about such columns than about
    /// the rest: leave them out.
    /// </summary>
    GaussianLearnedVariance,
}
