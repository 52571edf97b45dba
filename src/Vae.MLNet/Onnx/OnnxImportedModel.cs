using Vae.MLNet.Model;

namespace Vae.MLNet.Onnx;

/// <summary>What <see cref="OnnxImporter"/> recovers from an exported encoder and decoder.</summary>
/// <param name="Network">The weights and architecture.</param>
/// <param name="Scaling">The input scaling, or null when the graphs take features as they are.</param>
/// <param name="InputScaling">How the scaling was learned.</param>
/// <param name="TensorNames">The graph input and output names the files use.</param>
/// <param name="EncoderMetadata">The encoder's metadata entries, as the file holds them, which the decoder's equal.</param>
internal sealed record OnnxImportedModel(
    VaeNetwork Network, FeatureScaling? Scaling, VaeInputScaling InputScaling, OnnxTensorNames TensorNames, IReadOnlyDictionary<string, string> EncoderMetadata);
