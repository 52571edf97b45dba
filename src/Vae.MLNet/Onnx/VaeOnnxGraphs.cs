using Vae.MLNet.Equality;

namespace Vae.MLNet.Onnx;

/// <summary>The serialized ONNX models of a trained VAE: opset 17, IR version 8, float32, batch dimension N symbolic.</summary>
/// <param name="Encoder">Features[N, D] → LatentMean[N, K], LatentLogVar[N, K] (with any input scaling inside).</param>
/// <param name="Decoder">Latent[N, K] → Reconstruction[N, D] (and ReconstructionLogVar[N, D] for the learned-variance Gaussian).</param>
/// <param name="TensorNames">The graph input and output names used.</param>
/// <param name="Autoencoder">
/// Features[N, D] → LatentMean[N, K], LatentLogVar[N, K], Reconstruction[N, D] decoded from z = μ (and
/// ReconstructionLogVar[N, D] for the learned-variance Gaussian), ReconstructionError[N] and AnomalyScore[N]: every
/// per-row result in one pass. ReconstructionError is the reconstruction term of the training loss on the scaled
/// features; AnomalyScore adds the KL term, giving the loss with z = μ.
/// </param>
/// <remarks>Two sets of graphs are equal when their names are and their graphs hold the same bytes.</remarks>
public sealed record VaeOnnxGraphs(byte[] Encoder, byte[] Decoder, OnnxTensorNames TensorNames, byte[] Autoencoder)
{
    /// <inheritdoc/>
    public bool Equals(VaeOnnxGraphs? other) =>
        other is not null
        && ElementWise.Equal(Encoder, other.Encoder)
        && ElementWise.Equal(Decoder, other.Decoder)
        && TensorNames == other.TensorNames
        && ElementWise.Equal(Autoencoder, other.Autoencoder);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(ElementWise.HashOf(Encoder), ElementWise.HashOf(Decoder), TensorNames, ElementWise.HashOf(Autoencoder));
}
