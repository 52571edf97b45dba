using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet.Onnx;

namespace Vae.MLNet.MLNet;

/// <summary>
/// Decodes a column of latent vectors into generated rows with the decoder graph of a trained <see cref="VaeModel"/>,
/// scored by ML.NET's <see cref="OnnxTransformer"/>. Nothing is learned: <see cref="Fit"/> checks the column and returns
/// the transformer.
/// </summary>
/// <remarks>
/// The latent column must be a known-size vector of <see cref="float"/> with K = <see cref="VaeModel.LatentDimension"/>
/// slots, e.g. LatentMean from <see cref="VaeEstimator"/> or a column made by <see cref="VaeLatentSampler"/>. The output
/// column is a vector of <see cref="float"/> with dimensions [1, D]. The transformer holds an ONNX Runtime session; dispose it when done.
/// </remarks>
public sealed class VaeDecoderEstimator : IEstimator<OnnxTransformer>
{
    /// <summary>The default name of the latent column.</summary>
    public const string DefaultLatentColumnName = "Latent";

    /// <summary>The default name of the generated column.</summary>
    public const string DefaultOutputColumnName = "Generated";

    private const string LatentRole = "latent";

    private readonly string _latentColumnName;
    private readonly int _latentDimension;
    private readonly OnnxScoringEstimator _scorer;

    internal VaeDecoderEstimator(TransformsCatalog catalog, VaeModel model, string latentColumnName, string outputColumnName, int? gpuDeviceId, bool fallbackToCpu)
    {
        _latentColumnName = latentColumnName;
        _latentDimension = model.LatentDimension;
        VaeOnnxGraphs graphs = model.ExportOnnx(VaeOutputNames.ForDecoder(latentColumnName, outputColumnName));

        // The scoring estimator builds its OnnxTransformer, which copies the model, before the stream is disposed.
        using var modelBytes = new MemoryStream(graphs.Decoder, writable: false);
        _scorer = catalog.ApplyOnnxModel(new[] { outputColumnName }, new[] { latentColumnName }, modelBytes, gpuDeviceId, fallbackToCpu);
    }

    /// <summary>Checks that the latent column has K slots and returns the decoding transformer.</summary>
    /// <param name="input">Data holding the latent column.</param>
    public OnnxTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int size = FloatVectorColumn.RequireSize(input.Schema, _latentColumnName, LatentRole, nameof(input));
        if (size != _latentDimension)
        {
            throw new ArgumentOutOfRangeException(
                nameof(input),
                $"The latent column '{_latentColumnName}' has {size} slots but the model's latent space has {_latentDimension} dimensions.");
        }

        return _scorer.Fit(input);
    }

    /// <summary>Checks that the latent column is a known-size vector of <see cref="float"/> and adds the generated column.</summary>
    /// <param name="inputSchema">The promised input columns.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        FloatVectorColumn.Require(inputSchema, _latentColumnName, LatentRole);
        return _scorer.GetOutputSchema(inputSchema);
    }
}
