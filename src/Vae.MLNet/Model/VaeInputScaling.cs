namespace Vae.MLNet;

/// <summary>A per-feature affine scaling learned from the training data and applied before the encoder.</summary>
public enum VaeInputScaling
{
    /// <summary>Features are used as they are.</summary>
    None,

    /// <summary>Each feature is mapped from its training [min, max] to [0, 1]; suits the Bernoulli likelihood.</summary>
    MinMax,

    /// <summary>
    /// Each feature is centred on its training mean and divided by its standard deviation, the population one (the sum
    /// of squared deviations divided by n, as scikit-learn's StandardScaler takes it, not by n − 1 as torch.std does);
    /// suits the Gaussian likelihoods.
    /// </summary>
    Standardize,
}
