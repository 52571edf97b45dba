namespace Vae.MLNet.Onnx;

/// <summary>
/// Names of the inputs and outputs of the exported encoder and decoder ONNX graphs. Change them to match what a
/// consuming pipeline expects; every name must be non-empty and the six must differ from each other.
/// </summary>
public sealed record OnnxTensorNames
{
    /// <summary>The default names: Features, LatentMean, LatentLogVar, Latent, Reconstruction, ReconstructionLogVar.</summary>
    public static OnnxTensorNames Default { get; } = new();

    /// <summary>Encoder input, float[N, D], in the units of the training data. Default: Features.</summary>
    public string Features { get; init; } = "Features";

    /// <summary>Encoder output, float[N, K], the posterior means. Default: LatentMean.</summary>
    public string LatentMean { get; init; } = "LatentMean";

    /// <summary>Encoder output, float[N, K], the clamped posterior log-variances. Default: LatentLogVar.</summary>
    public string LatentLogVar { get; init; } = "LatentLogVar";

    /// <summary>Decoder input, float[N, K], latent points. Default: Latent.</summary>
    public string Latent { get; init; } = "Latent";

    /// <summary>
    /// Decoder output, float[N, D], in the units of the training data: probabilities for the Bernoulli likelihood,
    /// means for the Gaussian ones. Default: Reconstruction.
    /// </summary>
    public string Reconstruction { get; init; } = "Reconstruction";

    /// <summary>
    /// Decoder output, float[N, D], the clamped reconstruction log-variances; only present for
    /// <see cref="VaeLikelihood.GaussianLearnedVariance"/>. Default: ReconstructionLogVar.
    /// </summary>
    public string ReconstructionLogVar { get; init; } = "ReconstructionLogVar";

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first empty or repeated name.</summary>
    internal void Validate()
    {
        (string Property, string Value)[] all =
        [
            (nameof(Features), Features),
            (nameof(LatentMean), LatentMean),
            (nameof(LatentLogVar), LatentLogVar),
            (nameof(Latent), Latent),
            (nameof(Reconstruction), Reconstruction),
            (nameof(ReconstructionLogVar), ReconstructionLogVar),
        ];
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string property, string value) in all)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"The ONNX tensor name {property} is empty; give it a non-empty name.", property);
            }

            if (!seen.TryAdd(value, property))
            {
                throw new ArgumentException(
                    $"The ONNX tensor names {seen[value]} and {property} are both '{value}'; give every input and output its own name.",
                    property);
            }
        }
    }
}
