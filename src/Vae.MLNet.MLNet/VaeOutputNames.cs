using Vae.MLNet.Onnx;

namespace Vae.MLNet.MLNet;

/// <summary>How each <see cref="VaeAutoencoderOutputs"/> is named in the options and in <see cref="OnnxTensorNames"/>.</summary>
internal static class VaeOutputNames
{
    /// <summary>Prefix of the tensors nobody asked for; they need names too, and these cannot clash with a column's.</summary>
    private const string UnusedPrefix = "vae.unused.";

    /// <summary>
    /// The suffix ML.NET gives the outputs of the graphs it exports, and which OnnxTransformer removes again when it names
    /// output columns (dotnet/machinelearning#4849).
    /// </summary>
    private const string OnnxTransformerOutputSuffix = ".output";

    /// <summary>
    /// How ML.NET names the placeholder tensors of the graphs it exports: OnnxTransformer leaves any input or output so
    /// named out of its columns (<c>OnnxModel.GetOnnxVariablesFromMetadata</c>).
    /// </summary>
    private const string HiddenPrefix = "mlnet.";

    private static readonly string[] HiddenSuffixes = [".unusedInput", ".unusedOutput"];

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when OnnxTransformer would hide the column <paramref name="column"/> that feeds a graph.</summary>
    public static void RequireSeenByOnnxTransformer(string column, string parameterName)
    {
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

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when OnnxTransformer would not keep <paramref name="column"/> as the output column's name.</summary>
    public static void RequireKeptByOnnxTransformer(string column, string parameterName)
    {
        RequireSeenByOnnxTransformer(column, parameterName);
        if (column.EndsWith(OnnxTransformerOutputSuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The output column '{column}' ends in '{OnnxTransformerOutputSuffix}', which ML.NET's OnnxTransformer treats as the suffix of its own exported graphs' outputs and may remove from the column's name; choose a name without it.",
                parameterName);
        }
    }

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
