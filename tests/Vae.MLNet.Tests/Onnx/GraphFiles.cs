using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;
using static Vae.MLNet.Onnx.OnnxModelMetadata;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>The importer's entry points on whole graph files, parsed as a model zip's entries are.</summary>
internal static class GraphFiles
{
    public static OnnxImportedModel Import(byte[] encoder, byte[] decoder) =>
        OnnxImporter.Import(Parse(encoder, EncoderRole), Parse(decoder, DecoderRole));

    public static OnnxTensorNames VerifyAutoencoder(byte[] autoencoder, OnnxImportedModel model) =>
        OnnxImporter.VerifyAutoencoder(Parse(autoencoder, AutoencoderRole), model);

    private static ModelProto Parse(byte[] file, string role)
    {
        using var content = new MemoryStream(file, writable: false);
        return OnnxImporter.Parse(content, role);
    }
}
