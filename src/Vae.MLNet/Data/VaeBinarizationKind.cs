namespace Vae.MLNet.Data;

/// <summary>How a <see cref="BinarizedDataset"/> turns a feature into 0 or 1.</summary>
public enum VaeBinarizationKind
{
    /// <summary>1 where the feature exceeds a threshold (<see cref="BinarizedDataset.Threshold"/>).</summary>
    Threshold,

    /// <summary>1 with probability equal to the feature, drawn once per seed (<see cref="BinarizedDataset.Stochastic"/>).</summary>
    Stochastic,

    /// <summary>1 with probability equal to the feature, drawn anew every epoch (<see cref="BinarizedDataset.Resampled"/>).</summary>
    Resampled,
}
