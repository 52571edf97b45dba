namespace Vae.MLNet.Onnx;

/// <summary>
/// Outputs of the one-pass autoencoder graph (see <see cref="VaeOnnxGraphs.Autoencoder"/>), combined with | to choose
/// which of them a graph from <see cref="VaeModel.ExportAutoencoderOnnx"/> computes. A runtime such as ONNX Runtime
/// evaluates every node of a graph whether or not its output is fetched, so a graph holding only the outputs a
/// consumer reads scores faster: on MNIST the latent means alone score 2 to 2.5 times as fast as from the full graph.
/// </summary>
[Flags]
public enum VaeAutoencoderOutputs
{
    /// <summary>No output; not a valid request on its own.</summary>
    None = 0,

    /// <summary>The posterior means, float[N, K]; needs the encoder only.</summary>
    LatentMean = 1,

    /// <summary>The clamped posterior log-variances, float[N, K]; needs the encoder only.</summary>
    LatentLogVar = 2,

    /// <summary>The reconstruction decoded from z = μ, float[N, D], in the units of the training data.</summary>
    Reconstruction = 4,

    /// <summary>The reconstruction log-variances, float[N, D]; only for <see cref="VaeLikelihood.GaussianLearnedVariance"/>.</summary>
    ReconstructionLogVar = 8,

    /// <summary>The reconstruction term −log p(x | z = μ) of each row, float[N].</summary>
    ReconstructionError = 16,

    /// <summary>The loss of each row with z = μ, reconstruction error plus KL, float[N].</summary>
    AnomalyScore = 32,
}
