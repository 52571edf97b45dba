using Vae.MLNet.Onnx;

namespace Vae.MLNet.MLNet;

/// <summary>How each <see cref="VaeOutput"/> is named in the options and in <see cref="OnnxTensorNames"/>.</summary>
internal static class VaeOutputNames
{
    /// <summary>Prefix of the tensors nobody asked for; they need names too, and these cannot clash with a column's.</summary>
    private const string UnusedPrefix = "vae.unused.";

    /// <summary>The <see cref="VaeEstimator.Options"/> property that names the output's column.</summary>
    public static string OptionName(this VaeOutput output) => output switch
    {
        VaeOutput.LatentMean => nameof(VaeEstimator.Options.LatentMeanColumnName),
        VaeOutput.LatentLogVar => nameof(VaeEstimator.Options.LatentLogVarColumnName),
        VaeOutput.Reconstruction => nameof(VaeEstimator.Options.ReconstructionColumnName),
        VaeOutput.ReconstructionLogVar => nameof(VaeEstimator.Options.ReconstructionLogVarColumnName),
        VaeOutput.ReconstructionError => nameof(VaeEstimator.Options.ReconstructionErrorColumnName),
        VaeOutput.AnomalyScore => nameof(VaeEstimator.Options.AnomalyScoreColumnName),
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, null),
    };

    /// <summary>
    /// Tensor names for the autoencoder graph: the feature column feeds the input, each requested output carries its
    /// column's name (OnnxTransformer names columns after tensors), every other tensor gets a reserved name.
    /// </summary>
    public static OnnxTensorNames ForAutoencoder(string featureColumn, IReadOnlyList<(string Column, VaeOutput Output)> outputs)
    {
        string Name(VaeOutput output)
        {
            foreach ((string column, VaeOutput candidate) in outputs)
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
            LatentMean = Name(VaeOutput.LatentMean),
            LatentLogVar = Name(VaeOutput.LatentLogVar),
            Reconstruction = Name(VaeOutput.Reconstruction),
            ReconstructionLogVar = Name(VaeOutput.ReconstructionLogVar),
            ReconstructionError = Name(VaeOutput.ReconstructionError),
            AnomalyScore = Name(VaeOutput.AnomalyScore),
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
