using Vae.MLNet.Onnx;

namespace Vae.MLNet.MLNet;

/// <summary>How each <see cref="VaeAutoencoderOutputs"/> is named in the options and in <see cref="OnnxTensorNames"/>.</summary>
internal static class VaeOutputNames
{
    /// <summary>Prefix of the tensors nobody asked for; they need names too, and these cannot clash with a column's.</summary>
    private const string UnusedPrefix = "vae.unused.";

    /// <summary>
    /// The suffix ML.NET gives the outputs of the graphs it exports. OnnxTransformer names the column of any output
    /// ending in it after the tensor with every occurrence of it removed (dotnet/machinelearning#4849).
    /// </summary>
    private const string OnnxTransformerOutputSuffix = ".output";

    /// <summary>
    /// How ML.NET names the placeholder tensors of the graphs it exports: OnnxTransformer leaves any input or output so
    /// named out of its columns (<c>OnnxModel.GetOnnxVariablesFromMetadata</c>).
    /// </summary>
    private const string HiddenPrefix = "mlnet.";

    private static readonly string[] HiddenSuffixes = [".unusedInput", ".unusedOutput"];

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when <paramref name="column"/>
    /// cannot name a graph's tensor: it is longer than a tensor name may be, ONNX Runtime could not find it by name, it would clash with the tensors nobody asked
    /// for, or OnnxTransformer would hide it.
    /// </summary>
    public static void RequireUsableInput(string column, string parameterName)
    {
        // The graphs' own check of their tensor names refuses these too, but for a tensor, which the caller did not name.
        if (OnnxTensorNames.WhyUnusable(column) is { } reason)
        {
            throw new ArgumentException($"The column name {parameterName} {reason}", parameterName);
        }

        if (column.StartsWith(UnusedPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The column '{column}' starts with '{UnusedPrefix}', which names the graph's tensors that no column receives; choose another name.",
                parameterName);
        }

        foreach (string suffix in HiddenSuffixes)
        {
            if (column.StartsWith(HiddenPrefix, StringComparison.Ordinal) && column.EndsWith(suffix, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The column '{column}' starts with '{HiddenPrefix}' and ends in '{suffix}', the names of the placeholders in ML.NET's own exported graphs, which OnnxTransformer leaves out; choose another name.",
                    parameterName);
            }
        }
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when <paramref name="column"/> lies
    /// in a scope where decoder graphs name their own values (<see cref="OnnxExporter.DecoderValueScopes"/>). Which names
    /// there a graph takes depends on its model, which a latent column made before there is one cannot know, so the whole
    /// scope is refused: what is left every <see cref="VaeDecoderEstimator"/> takes as its latent column.
    /// </summary>
    public static void RequireFreeInEveryDecoder(string column, string parameterName)
    {
        if (OnnxExporter.DecoderValueScopes.FirstOrDefault(scope => column.StartsWith(scope, StringComparison.Ordinal)) is { } scope)
        {
            throw new ArgumentException(
                $"The column '{column}' starts with '{scope}', where the decoder graph names its own values (such as 'decoder.head.gemm', or "
                + "'decoder.hidden.2.gemm' for a model of three hidden layers), so VaeDecoder would refuse it as the latent column of some models; choose another name.",
                parameterName);
        }
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when <paramref name="column"/>
    /// cannot name a graph's tensor (<see cref="RequireUsableInput"/>) or OnnxTransformer would not keep it as the output
    /// column's name.
    /// </summary>
    public static void RequireUsableOutput(string column, string parameterName)
    {
        RequireUsableInput(column, parameterName);
        if (column.EndsWith(OnnxTransformerOutputSuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The output column '{column}' ends in '{OnnxTransformerOutputSuffix}', which ML.NET's OnnxTransformer removes from an output's column name; choose a name without it.",
                parameterName);
        }
    }

    /// <summary>Every output of <paramref name="outputs"/> as one set of flags.</summary>
    public static VaeAutoencoderOutputs Combined(IReadOnlyList<(string Column, VaeAutoencoderOutputs Output)> outputs) =>
        outputs.Aggregate(VaeAutoencoderOutputs.None, (all, output) => all | output.Output);

    /// <summary>The <see cref="VaeEstimator.Options"/> property that names the output's column.</summary>
    public static string OptionName(this VaeAutoencoderOutputs output) => output switch
    {
        VaeAutoencoderOutputs.LatentMean => nameof(VaeEstimator.Options.LatentMeanColumnName),
        VaeAutoencoderOutputs.LatentLogVar => nameof(VaeEstimator.Options.LatentLogVarColumnName),
        VaeAutoencoderOutputs.Reconstruction => nameof(VaeEstimator.Options.ReconstructionColumnName),
        VaeAutoencoderOutputs.ReconstructionLogVar => nameof(VaeEstimator.Options.ReconstructionLogVarColumnName),
        VaeAutoencoderOutputs.ReconstructionError => nameof(VaeEstimator.Options.ReconstructionErrorColumnName),
        VaeAutoencoderOutputs.AnomalyScore => nameof(VaeEstimator.Options.AnomalyScoreColumnName),
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, null),
    };

    /// <summary>
    /// Tensor names for the autoencoder graph: the feature column feeds the input, each requested output carries its
    /// column's name (OnnxTransformer names columns after tensors), every other tensor gets a reserved name.
    /// </summary>
    public static OnnxTensorNames ForAutoencoder(string featureColumn, IReadOnlyList<(string Column, VaeAutoencoderOutputs Output)> outputs)
    {
        string Name(VaeAutoencoderOutputs output)
        {
            foreach ((string column, VaeAutoencoderOutputs candidate) in outputs)
            {
                if (candidate == output)
                {
                    return column;
                }
            }

            return UnusedPrefix + output;
        }

        return new OnnxTensorNames
        {
            Features = featureColumn,
            Latent = UnusedPrefix + nameof(OnnxTensorNames.Latent),
            LatentMean = Name(VaeAutoencoderOutputs.LatentMean),
            LatentLogVar = Name(VaeAutoencoderOutputs.LatentLogVar),
            Reconstruction = Name(VaeAutoencoderOutputs.Reconstruction),
            ReconstructionLogVar = Name(VaeAutoencoderOutputs.ReconstructionLogVar),
            ReconstructionError = Name(VaeAutoencoderOutputs.ReconstructionError),
            AnomalyScore = Name(VaeAutoencoderOutputs.AnomalyScore),
        };
    }

    /// <summary>Tensor names for the decoder graph: the latent column feeds it and the output column receives the reconstruction.</summary>
    public static OnnxTensorNames ForDecoder(string latentColumn, string outputColumn) => new()
    {
        Features = UnusedPrefix + nameof(OnnxTensorNames.Features),
        LatentMean = UnusedPrefix + nameof(OnnxTensorNames.LatentMean),
        LatentLogVar = UnusedPrefix + nameof(OnnxTensorNames.LatentLogVar),
        Latent = latentColumn,
        Reconstruction = outputColumn,
        ReconstructionLogVar = UnusedPrefix + nameof(OnnxTensorNames.ReconstructionLogVar),
        ReconstructionError = UnusedPrefix + nameof(OnnxTensorNames.ReconstructionError),
        AnomalyScore = UnusedPrefix + nameof(OnnxTensorNames.AnomalyScore),
    };
}
