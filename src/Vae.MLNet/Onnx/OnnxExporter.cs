using Google.Protobuf;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx.Protos;
using static Vae.MLNet.Onnx.OnnxInitializerNames;

namespace Vae.MLNet.Onnx;

/// <summary>
/// Writes a <see cref="VaeNetwork"/> as two standard ONNX models: the encoder (features → latent mean and
/// log-variance) and the decoder (latent → reconstruction, and its log-variance for the learned-variance Gaussian).
/// Input scaling is part of the graphs, so both speak the units of the training data. Only default-domain operators
/// of opset 17 are used, so any ONNX runtime can score the files.
/// </summary>
internal static class OnnxExporter
{
    /// <summary>The ONNX operator set the graphs are written against.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The ONNX IR version of the files, the one that goes with opset 17.</summary>
    public const long IrVersion = 8;

    private const string EncoderGraphName = "vae_mlnet_encoder";
    private const string DecoderGraphName = "vae_mlnet_decoder";

    /// <summary>Serializes the encoder graph.</summary>
    /// <param name="network">The weights.</param>
    /// <param name="scaling">The input scaling, or null when the network sees features as they are.</param>
    /// <param name="scalingKind">How <paramref name="scaling"/> was learned; recorded in the metadata.</param>
    /// <param name="names">Graph input and output names; null uses <see cref="OnnxTensorNames.Default"/>.</param>
    public static byte[] ExportEncoder(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, OnnxTensorNames? names = null) =>
        BuildEncoder(network, scaling, scalingKind, names ?? OnnxTensorNames.Default).ToByteArray();

    /// <summary>Serializes the decoder graph; the parameters are those of <see cref="ExportEncoder"/>.</summary>
    public static byte[] ExportDecoder(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, OnnxTensorNames? names = null) =>
        BuildDecoder(network, scaling, scalingKind, names ?? OnnxTensorNames.Default).ToByteArray();

    public static ModelProto BuildEncoder(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, OnnxTensorNames names)
    {
        CheckArguments(network, scaling, scalingKind, names);
        int latent = network.LatentDimension;
        var graph = new OnnxGraphBuilder(EncoderGraphName);
        string x = graph.AddInput(names.Features, network.InputDimension);
        if (scaling is not null)
        {
            string offset = graph.AddInitializer(ScalingOffset, scaling.Offset, scaling.FeatureCount);
            string scale = graph.AddInitializer(ScalingScale, scaling.Scale, scaling.FeatureCount);
            x = graph.AddNode("Sub", "scaling.subtract_offset", [x, offset]);
            x = graph.AddNode("Mul", "scaling.multiply_scale", [x, scale]);
        }

        x = AddHiddenLayers(graph, network, network.EncoderHidden, EncoderHidden, x);
        string head = AddDense(graph, network.EncoderHead, EncoderHead, x);
        (string mean, string logVar) = AddSplitInHalves(graph, "latent", head, latent);
        logVar = AddClip(graph, "latent", logVar, VaeNetwork.LatentLogVarMin, VaeNetwork.LatentLogVarMax);
        graph.AddOutput(mean, names.LatentMean, latent);
        graph.AddOutput(logVar, names.LatentLogVar, latent);
        return Model(graph, OnnxModelMetadata.Describe(network, scalingKind), OnnxModelMetadata.EncoderRole);
    }

    public static ModelProto BuildDecoder(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, OnnxTensorNames names)
    {
        CheckArguments(network, scaling, scalingKind, names);
        int width = network.InputDimension;
        var graph = new OnnxGraphBuilder(DecoderGraphName);
        string z = graph.AddInput(names.Latent, network.LatentDimension);
        z = AddHiddenLayers(graph, network, network.DecoderHidden, DecoderHidden, z);
        string mean = AddDense(graph, network.DecoderHead, DecoderHead, z);
        string? logVar = null;
        if (network.HasReconstructionLogVar)
        {
            (mean, logVar) = AddSplitInHalves(graph, "reconstruction", mean, width);
            logVar = AddClip(graph, "reconstruction", logVar, VaeNetwork.ReconstructionLogVarMin, VaeNetwork.ReconstructionLogVarMax);
        }

        if (network.Likelihood == VaeLikelihood.Bernoulli)
        {
            mean = graph.AddNode("Sigmoid", "reconstruction.probability", [mean]);
        }

        if (scaling is not null)
        {
            string scale = graph.AddInitializer(ScalingScale, scaling.Scale, width);
            string offset = graph.AddInitializer(ScalingOffset, scaling.Offset, width);
            mean = graph.AddNode("Div", "scaling.divide_scale", [mean, scale]);
            mean = graph.AddNode("Add", "scaling.add_offset", [mean, offset]);
            if (logVar is not null)
            {
                // Var(x'/s) = Var(x')/s², so the log-variance in original units is log σ'² − 2·log s; computed here in
                // float32 exactly as FeatureScaling.UnapplyLogVariance does, so the graph and the library agree bit for bit.
                float[] shift = scaling.Scale.Select(s => 2f * MathF.Log(s)).ToArray();
                string logScale = graph.AddInitializer("scaling.log_variance_shift", shift, width);
                logVar = graph.AddNode("Sub", "scaling.shift_log_variance", [logVar, logScale]);
            }
        }

        graph.AddOutput(mean, names.Reconstruction, width);
        if (logVar is not null)
        {
            graph.AddOutput(logVar, names.ReconstructionLogVar, width);
        }

        return Model(graph, OnnxModelMetadata.Describe(network, scalingKind), OnnxModelMetadata.DecoderRole);
    }

    private static void CheckArguments(VaeNetwork network, FeatureScaling? scaling, VaeInputScaling scalingKind, OnnxTensorNames names)
    {
        names.Validate();
        if ((scaling is null) != (scalingKind == VaeInputScaling.None))
        {
            throw new ArgumentException(
                $"Input scaling {scalingKind} was given {(scaling is null ? "without" : "with")} scaling parameters; pass both or neither.",
                nameof(scalingKind));
        }

        if (scaling is null)
        {
            return;
        }

        if (scaling.FeatureCount != network.InputDimension)
        {
            throw new ArgumentException(
                $"The scaling covers {scaling.FeatureCount} features but the network takes {network.InputDimension}.", nameof(scaling));
        }

        if (scaling.Scale.Any(s => !float.IsFinite(s) || s <= 0f) || scaling.Offset.Any(o => !float.IsFinite(o)))
        {
            throw new ArgumentException("Every scaling factor must be finite and positive and every offset finite.", nameof(scaling));
        }
    }

    private static string AddHiddenLayers(OnnxGraphBuilder graph, VaeNetwork network, DenseLayer[] layers, Func<int, string> name, string x)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            string layer = name(i);
            x = AddDense(graph, layers[i], layer, x);
            x = network.Activation switch
            {
                VaeActivation.Relu => graph.AddNode("Relu", layer + ".relu", [x]),
                VaeActivation.Tanh => graph.AddNode("Tanh", layer + ".tanh", [x]),
                VaeActivation.Softplus => graph.AddNode("Softplus", layer + ".softplus", [x]),
                VaeActivation.LeakyRelu => graph.AddNode(
                    "LeakyRelu", layer + ".leaky_relu", [x], OnnxGraphBuilder.FloatAttribute("alpha", network.LeakyReluSlope)),
                _ => throw new ArgumentOutOfRangeException(nameof(network), network.Activation, "Unknown activation."),
            };
        }

        return x;
    }

    private static string AddDense(OnnxGraphBuilder graph, DenseLayer layer, string name, string x)
    {
        string weight = graph.AddInitializer(Weight(name), layer.Weights, layer.InputSize, layer.OutputSize);
        string bias = graph.AddInitializer(Bias(name), layer.Bias, layer.OutputSize);
        return graph.AddNode("Gemm", name + ".gemm", [x, weight, bias]);
    }

    /// <summary>Splits a [N, 2W] head into its first and second W columns (opset 13+ takes the sizes as an input).</summary>
    private static (string First, string Second) AddSplitInHalves(OnnxGraphBuilder graph, string scope, string head, int width)
    {
        string sizes = graph.AddInitializer(scope + ".split_sizes", [(long)width, width], 2);
        IReadOnlyList<string> halves = graph.AddNode(
            "Split", scope + ".split", [head, sizes], [scope + ".mean", scope + ".raw_log_variance"], OnnxGraphBuilder.IntAttribute("axis", 1));
        return (halves[0], halves[1]);
    }

    /// <summary>Clamps like the library does; opset 11+ takes the bounds as scalar inputs.</summary>
    private static string AddClip(OnnxGraphBuilder graph, string scope, string x, float min, float max)
    {
        string lower = graph.AddInitializer(scope + ".log_variance_min", [min]);
        string upper = graph.AddInitializer(scope + ".log_variance_max", [max]);
        return graph.AddNode("Clip", scope + ".log_variance", [x, lower, upper]);
    }

    private static ModelProto Model(OnnxGraphBuilder graph, OnnxModelMetadata metadata, string role)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = OnnxModelMetadata.LibraryName,
            ProducerVersion = OnnxModelMetadata.LibraryVersion,
            Graph = graph.Build(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        model.MetadataProps.Add(metadata.ToEntries(role));
        return model;
    }
}
