using Vae.MLNet.Onnx;
using static Vae.MLNet.Onnx.OnnxModelMetadata;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>The importer's entry points on whole graph files, parsed as a model zip's entries are.</summary>
internal static class GraphFiles
{
    public static OnnxImportedModel Import(byte[] encoder, byte[] decoder) =>
        OnnxImporter.Import(OnnxImporter.Parse(encoder, EncoderRole), OnnxImporter.Parse(decoder, DecoderRole));

    public static OnnxTensorNames VerifyAutoencoder(byte[] autoencoder, OnnxImportedModel model) =>
        OnnxImporter.VerifyAutoencoder(OnnxImporter.Parse(autoencoder, AutoencoderRole), model);
}
