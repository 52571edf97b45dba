using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.MLNet;

/// <summary>
/// Decodes a column of latent vectors into generated rows with the decoder graph of a trained <see cref="VaeModel"/>,
/// scored by ML.NET's <see cref="OnnxTransformer"/>. Nothing is learned: <see cref="Fit"/> checks the column and returns
/// a new transformer over the decoder graph.
/// </summary>
/// <remarks>
/// The latent column must be a known-size vector of <see cref="float"/> with K = <see cref="VaeModel.LatentDimension"/>
/// slots, e.g. LatentMean from <see cref="VaeEstimator"/> or a column made by <see cref="VaeLatentSampler"/>. The output
/// column is a vector of <see cref="float"/> with dimensions [1, D]. Each transformer holds an ONNX Runtime session of its
/// own; dispose it when done.
/// </remarks>
public sealed partial class VaeDecoderEstimator : IEstimator<OnnxTransformer>
{
    /// <summary>The default name of the latent column.</summary>
    public const string DefaultLatentColumnName = "Latent";

    /// <summary>The default name of the generated column.</summary>
    public const string DefaultOutputColumnName = "Generated";

    private const string LatentRole = "latent";

    private readonly TransformsCatalog _catalog;
    private readonly string _latentColumnName;
    private readonly string _outputColumnName;
    private readonly int _latentDimension;
    private readonly byte[] _decoder;
    private readonly bool _namedFeatures;
    private readonly int? _gpuDeviceId;
    private readonly bool _fallbackToCpu;

    /// <summary>Checks the column names and the GPU device, reporting a bad one as <paramref name="argumentNames"/> name it, and exports the decoder graph.</summary>
    internal VaeDecoderEstimator(TransformsCatalog catalog, VaeModel model, Options options, (string Latent, string Output, string GpuDeviceId) argumentNames)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        string latent = options.LatentColumnName;
        string output = options.OutputColumnName;
        ArgumentException.ThrowIfNullOrWhiteSpace(latent, argumentNames.Latent);
        ArgumentException.ThrowIfNullOrWhiteSpace(output, argumentNames.Output);
        VaeOutputNames.RequireUsableInput(latent, argumentNames.Latent);
        VaeOutputNames.RequireUsableOutput(output, argumentNames.Output);
        if (string.Equals(latent, output, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The latent column and the output column are both '{latent}'; the decoder needs its input to stay readable, so give the output another name.",
                argumentNames.Output);
        }

        OnnxGraphFile.RequireDeviceNumber(options.GpuDeviceId, argumentNames.GpuDeviceId);
        _catalog = catalog;
        _latentColumnName = latent;
        _outputColumnName = output;
        _latentDimension = model.LatentDimension;
        VaeFeatureRanges? ranges = options.ApplyFeatureRanges ? RequireRanges(model) : null;
        ModelProto decoder = BuildDecoder(model, latent, output, ranges, (argumentNames.Latent, argumentNames.Output));
        OnnxSlotNames.Add(decoder, [output], model.FeatureNames);
        _decoder = decoder.ToByteArray();
        _namedFeatures = model.FeatureNames is not null;
        _gpuDeviceId = options.GpuDeviceId;
        _fallbackToCpu = options.FallbackToCpu;
    }

    private static VaeFeatureRanges RequireRanges(VaeModel model) => model.FeatureRanges
        ?? throw new ArgumentException(
            "The model keeps no feature ranges to apply: it was saved before Vae.MLNet kept them (train it further on its training data, "
            + $"VaeTrainer.Fit(data, initialModel: model), to record them), or has more than {VaeFeatureRanges.MaxFeatures} features. "
            + "Leave ApplyFeatureRanges off to decode without them.",
            nameof(Options.ApplyFeatureRanges));

    /// <summary>
    /// The decoder graph with the two columns' names, applying <paramref name="ranges"/> when given; a name the graph also
    /// gives one of its own values is refused naming its argument.
    /// </summary>
    private static ModelProto BuildDecoder(
        VaeModel model, string latentColumnName, string outputColumnName, VaeFeatureRanges? ranges, (string Latent, string Output) argumentNames)
    {
        try
        {
            return OnnxExporter.BuildDecoder(
                model.Network, model.Scaling, model.Options.InputScaling, VaeOutputNames.ForDecoder(latentColumnName, outputColumnName), ranges: ranges);
        }
        catch (ArgumentException clash) when (clash.ParamName is nameof(OnnxTensorNames.Latent) or nameof(OnnxTensorNames.Reconstruction))
        {
            (string argument, string column) = clash.ParamName == nameof(OnnxTensorNames.Latent)
                ? (argumentNames.Latent, latentColumnName)
                : (argumentNames.Output, outputColumnName);
            throw new ArgumentException($"The column '{column}' is also the name the decoder graph gives one of its own values; choose another name.", argument, clash);
        }
    }

    /// <summary>Checks that the latent column has K slots and returns a new decoding transformer.</summary>
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

        // ML.NET's scoring estimator builds its transformer when it is created and hands that one instance to every Fit,
        // so a scorer made once here would give every caller the same session, gone when the first caller disposed it.
        return OnnxGraphFile.Fit(_catalog, _decoder, [_outputColumnName], [_latentColumnName], _gpuDeviceId, _fallbackToCpu, input);
    }

    /// <summary>
    /// Checks that the latent column is a known-size vector of <see cref="float"/> and adds the generated column, a
    /// known-size vector of <see cref="float"/> whose slot names are the model's <see cref="VaeModel.FeatureNames"/>
    /// when it has them.
    /// </summary>
    /// <param name="inputSchema">The promised input columns.</param>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        FloatVectorColumn.Require(inputSchema, _latentColumnName, LatentRole);
        return FloatVectorColumn.Promise(inputSchema, _outputColumnName, withSlotNames: _namedFeatures);
    }
}
