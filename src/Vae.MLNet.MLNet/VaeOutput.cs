namespace Vae.MLNet.MLNet;

/// <summary>The outputs of the exported autoencoder graph that can become columns.</summary>
internal enum VaeOutput
{
    LatentMean,
    LatentLogVar,
    Reconstruction,
    ReconstructionLogVar,
    ReconstructionError,
    AnomalyScore,
}
