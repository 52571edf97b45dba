using System.Globalization;
using System.Text;
using Vae.MLNet.Text;

namespace Vae.MLNet.Onnx;

/// <summary>
/// Names of the inputs and outputs of the exported encoder, decoder and autoencoder ONNX graphs. Change them to match
/// what a consuming pipeline expects; every name must be non-empty and at most <see cref="MaxNameBytes"/> bytes of UTF-8,
/// the eight must differ from each other, and none may be a name the graphs give one of their own values (such as
/// encoder.head.weight), which the export refuses; nor may a new name start with feature_ranges., where the decoder for
/// generating names its own values, which <see cref="VaeModel.ExportOnnx"/> and <see cref="VaeModel.Save(string, OnnxTensorNames)"/>
/// refuse unless the model already carries that name (<see cref="VaeModel.TensorNames"/>, as an older zip may).
/// </summary>
public sealed record OnnxTensorNames
{
    /// <summary>
    /// The longest tensor name, in bytes of UTF-8: 1024. Export, import, the ML.NET columns that name tensors and loading
    /// a model zip refuse longer ones. A graph writes each name many times, and a model zip's graphs are allowed room for
    /// them before they are read, so a bound on the names is what keeps that room small.
    /// </summary>
    public const int MaxNameBytes = 1 << 10;

    /// <summary>
    /// The default names: Features, LatentMean, LatentLogVar, Latent, Reconstruction, ReconstructionLogVar,
    /// ReconstructionError, AnomalyScore.
    /// </summary>
    public static OnnxTensorNames Default { get; } = new();

    /// <summary>
    /// The default names, those of <see cref="Default"/>; set the ones to change in an object initializer, such as
    /// <c>new OnnxTensorNames { Features = "input" }</c>.
    /// </summary>
    public OnnxTensorNames()
    {
    }

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

    /// <summary>
    /// Autoencoder output, float[N], the reconstruction term −log p(x | z = μ) of the training loss for each row, on the
    /// scaled features the network sees. Default: ReconstructionError.
    /// </summary>
    public string ReconstructionError { get; init; } = "ReconstructionError";

    /// <summary>
    /// Autoencoder output, float[N], the loss of each row with z = μ: <see cref="ReconstructionError"/> plus
    /// KL(q(z | x) ‖ N(0, I)). Higher means less typical of the training data. Default: AnomalyScore.
    /// </summary>
    public string AnomalyScore { get; init; } = "AnomalyScore";

    /// <summary>The property holding <paramref name="value"/>, the first of the eight in declaration order; null for none.</summary>
    internal string? PropertyNamed(string value) =>
        AllNames.Where(name => name.Value == value).Select(name => name.Property).FirstOrDefault();

    /// <summary>
    /// The property whose name starts with <paramref name="prefix"/> and is not the name <paramref name="carried"/> has
    /// for that property, the first of the eight in declaration order; null for none.
    /// </summary>
    internal string? PropertyStartingWith(string prefix, OnnxTensorNames? carried = null) =>
        AllNames.Where(name => name.Value.StartsWith(prefix, StringComparison.Ordinal) && carried?.AllNames.Contains(name) != true)
            .Select(name => name.Property)
            .FirstOrDefault();

    /// <summary>The UTF-8 length of the eight names together, as ONNX stores them.</summary>
    internal int Utf8Length => AllNames.Sum(name => Encoding.UTF8.GetByteCount(name.Value));

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first empty, unusable or repeated name among all eight.</summary>
    internal void Validate() => Validate(AllNames);

    /// <summary>
    /// Like <see cref="Validate()"/> but for the six names of the encoder and decoder only. Files written before the
    /// autoencoder graph existed may use a default autoencoder name (say, AnomalyScore) for one of these, and must still
    /// export and import as the encoder and decoder they are.
    /// </summary>
    internal void ValidateEncoderDecoder() => Validate(EncoderDecoderNames);

    /// <summary>The eight names with their properties, in declaration order.</summary>
    internal (string Property, string Value)[] AllNames =>
        [.. EncoderDecoderNames, (nameof(ReconstructionError), ReconstructionError), (nameof(AnomalyScore), AnomalyScore)];

    private (string Property, string Value)[] EncoderDecoderNames =>
    [
        (nameof(Features), Features),
        (nameof(LatentMean), LatentMean),
        (nameof(LatentLogVar), LatentLogVar),
        (nameof(Latent), Latent),
        (nameof(Reconstruction), Reconstruction),
        (nameof(ReconstructionLogVar), ReconstructionLogVar),
    ];

    /// <summary>
    /// Why <paramref name="name"/> cannot name a tensor (longer than <see cref="MaxNameBytes"/>, or not one ONNX Runtime
    /// finds by it), as the rest of a sentence whose subject is the name, or null when it can.
    /// </summary>
    internal static string? WhyUnusable(string name) =>
        Encoding.UTF8.GetByteCount(name) is int bytes and > MaxNameBytes
            ? $"takes {bytes.ToString(CultureInfo.InvariantCulture)} bytes of UTF-8, more than the {MaxNameBytes} a tensor name may; give a shorter name."
            : name.Contains('\0', StringComparison.Ordinal)
            ? "contains a NUL character, where ONNX Runtime ends a name, so the tensor could not be found by it; remove the NUL."
            : LoneSurrogates.IndexIn(name) is int at and >= 0
            ? $"has half a surrogate pair at index {at}; ONNX stores names as UTF-8, which cannot encode it, so give a well-formed string."
            : null;

    private static void Validate((string Property, string Value)[] all)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string property, string value) in all)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"The ONNX tensor name {property} is {(value is null ? "null" : "blank")}; give it a name.", property);
            }

            if (WhyUnusable(value) is { } reason)
            {
                throw new ArgumentException($"The ONNX tensor name {property} {reason}", property);
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
