using System.Globalization;
using System.Reflection;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Text;

namespace Vae.MLNet.Onnx;

/// <summary>
/// What the <c>metadata_props</c> of an exported graph say about the VAE: enough to know the graph is ours, which one
/// it is, and the shape of every weight before reading one. Every graph carries the whole description, so any file
/// identifies the model on its own and the importer can check that the files belong together.
/// </summary>
internal sealed class OnnxModelMetadata
{
    /// <summary>
    /// Marks a graph as ours and says which one it is: <see cref="EncoderRole"/>, <see cref="DecoderRole"/>,
    /// <see cref="DecoderWithFeatureRangesRole"/> or <see cref="AutoencoderRole"/>.
    /// </summary>
    public const string GraphKey = "vae_mlnet.graph";

    public const string EncoderRole = "encoder";

    public const string DecoderRole = "decoder";

    /// <summary>A decoder whose reconstruction keeps to the training data's feature ranges: for generating, not for a model zip.</summary>
    public const string DecoderWithFeatureRangesRole = "decoder_with_feature_ranges";

    public const string AutoencoderRole = "autoencoder";

    /// <summary>A part of the encoder's first hidden layer, which only a scoring model makes: never in a model zip.</summary>
    public const string FirstLayerPartRole = "first_layer_part";

    /// <summary>The network after its first hidden layer, through the latent or for a part of the features: never in a model zip.</summary>
    public const string RestPartRole = "rest_part";

    /// <summary>The decoder for a part of the features, which only a scoring model makes: never in a model zip.</summary>
    public const string DecoderPartRole = "decoder_part";

    /// <summary>
    /// Version of the graph layout of a network without categories. Any change to the graphs the exporter writes (a node,
    /// its name, a constant, a metadata entry) raises it: the importer takes a graph only in the
    /// <see cref="OnnxGraphForm"/>s its build knows, so a new form under the same version is refused by every earlier
    /// build as damaged or edited, as four changes of form under version 1 were (docs/model-zip.md, Compatibility).
    /// OnnxGraphFormPinTests pins the graphs of each version and fails on a change until the version is raised.
    /// </summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Version of the graph layout of a network with <see cref="Categories"/>, whose softmax an importer of
    /// <see cref="FormatVersion"/> would not know of; the newest version this library reads. Raised, as
    /// <see cref="FormatVersion"/> is, by any change to those graphs.
    /// </summary>
    public const int CategoriesFormatVersion = 2;

    private const string FormatKey = "vae_mlnet.format";
    private const string LibraryKey = "vae_mlnet.library";
    private const string VersionKey = "vae_mlnet.version";
    private const string LikelihoodKey = "vae_mlnet.likelihood";
    private const string ActivationKey = "vae_mlnet.activation";
    private const string LeakyReluSlopeKey = "vae_mlnet.leaky_relu_slope";
    private const string GaussianVarianceKey = "vae_mlnet.gaussian_variance";
    private const string InputDimensionKey = "vae_mlnet.input_dimension";
    private const string LatentDimensionKey = "vae_mlnet.latent_dimension";
    private const string EncoderHiddenKey = "vae_mlnet.encoder_hidden_sizes";
    private const string DecoderHiddenKey = "vae_mlnet.decoder_hidden_sizes";
    private const string InputScalingKey = "vae_mlnet.input_scaling";
    private const string CategoriesKey = "vae_mlnet.categorical_features";

    /// <summary>The library's name as written into <c>producer_name</c> and the metadata.</summary>
    public const string LibraryName = "Vae.MLNet";

    public OnnxModelMetadata(
        VaeLikelihood likelihood,
        VaeActivation activation,
        float leakyReluSlope,
        float gaussianVariance,
        int inputDimension,
        int latentDimension,
        int[] encoderHiddenSizes,
        int[] decoderHiddenSizes,
        VaeInputScaling inputScaling,
        CategoricalGroups categories)
    {
        Likelihood = likelihood;
        Activation = activation;
        LeakyReluSlope = leakyReluSlope;
        GaussianVariance = gaussianVariance;
        InputDimension = inputDimension;
        LatentDimension = latentDimension;
        EncoderHiddenSizes = encoderHiddenSizes;
        DecoderHiddenSizes = decoderHiddenSizes;
        InputScaling = inputScaling;
        Categories = categories;
    }

    /// <summary>
    /// The advice of every check on a graph's contents. Graphs are read back only from model zips, where what the export
    /// wrote changes only if the zip is damaged or edited.
    /// </summary>
    public const string ZipEditedAdvice =
        "The model zip was damaged or edited after it was saved; load the zip as VaeModel.Save wrote it, or save the model again.";

    /// <summary>
    /// The library's informational version, which names the build that wrote a file: its version number and, for a build
    /// from a git checkout, "+" and the commit it was built from ("0.1.0+&lt;40 hex digits&gt;").
    /// </summary>
    public static string LibraryVersion { get; } =
        typeof(OnnxModelMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    public VaeLikelihood Likelihood { get; }

    public VaeActivation Activation { get; }

    public float LeakyReluSlope { get; }

    public float GaussianVariance { get; }

    public int InputDimension { get; }

    public int LatentDimension { get; }

    public int[] EncoderHiddenSizes { get; }

    public int[] DecoderHiddenSizes { get; }

    public VaeInputScaling InputScaling { get; }

    /// <summary>The features modelled as categories, written as <see cref="CategoricalGroups.Describe"/> does; absent when there are none.</summary>
    public CategoricalGroups Categories { get; }

    public static OnnxModelMetadata Describe(VaeNetwork network, VaeInputScaling inputScaling) => new(
        network.Likelihood,
        network.Activation,
        network.LeakyReluSlope,
        network.GaussianVariance,
        network.InputDimension,
        network.LatentDimension,
        network.EncoderHidden.Select(l => l.OutputSize).ToArray(),
        network.DecoderHidden.Select(l => l.OutputSize).ToArray(),
        inputScaling,
        network.Categories);

    /// <summary>The entries for one graph; everything but <see cref="GraphKey"/> is the same in all of a model's graphs.</summary>
    public IEnumerable<StringStringEntryProto> ToEntries(string role)
    {
        (string Key, string Value)[] entries =
        [
            (GraphKey, role),
            (FormatKey, (Categories.IsEmpty ? FormatVersion : CategoriesFormatVersion).ToString(CultureInfo.InvariantCulture)),
            (LibraryKey, LibraryName),
            (VersionKey, LibraryVersion),
            (LikelihoodKey, Likelihood.ToString()),
            (ActivationKey, Activation.ToString()),
            (LeakyReluSlopeKey, LeakyReluSlope.ToString("R", CultureInfo.InvariantCulture)),
            (GaussianVarianceKey, GaussianVariance.ToString("R", CultureInfo.InvariantCulture)),
            (InputDimensionKey, InputDimension.ToString(CultureInfo.InvariantCulture)),
            (LatentDimensionKey, LatentDimension.ToString(CultureInfo.InvariantCulture)),
            (EncoderHiddenKey, string.Join(',', EncoderHiddenSizes)),
            (DecoderHiddenKey, string.Join(',', DecoderHiddenSizes)),
            (InputScalingKey, InputScaling.ToString()),
            .. Categories.IsEmpty ? [] : new[] { (CategoriesKey, Categories.Describe()) },
        ];
        return entries.Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value });
    }

    /// <summary>The version of the build that wrote a graph, as its metadata <paramref name="entries"/> give it, or null where they give none.</summary>
    public static string? WriterVersion(IReadOnlyDictionary<string, string> entries) => entries.GetValueOrDefault(VersionKey);

    /// <summary>
    /// Reads the description of one graph, checking that it is the expected graph of a model this library wrote in a
    /// format version it understands.
    /// </summary>
    public static OnnxModelMetadata Read(IReadOnlyDictionary<string, string> entries, string role)
    {
        if (!entries.TryGetValue(GraphKey, out string? actualRole))
        {
            throw new VaeModelFormatException(
                $"The {role} model is not one {LibraryName} wrote: its metadata has no '{GraphKey}' entry. {ZipEditedAdvice}",
                role);
        }

        if (actualRole != role)
        {
            // The decoder for generating is written beside a model zip's graphs, under the same file name.
            throw new VaeModelFormatException(
                actualRole == DecoderWithFeatureRangesRole && role == DecoderRole
                    ? $"The model zip's decoder is a {LibraryName} '{actualRole}' graph: the decoder for generating that VaeModel.ExportDecoderOnnx(featureRanges) writes, "
                      + "which keeps its reconstructions within the training data's feature ranges, where a model zip holds the decoder that scoring reads. "
                      + "Put back the decoder the zip was saved with, or one that VaeModel.ExportOnnx writes."
                    : $"The model zip's {role} is a {LibraryName} '{actualRole}' graph. {ZipEditedAdvice}",
                role);
        }

        int format = ReadInt(entries, FormatKey, role);
        if (format > CategoriesFormatVersion)
        {
            throw new VaeModelFormatException(
                NewerFormatMessage.For($"The {role} model", WriterVersion(entries), "ONNX format", format, CategoriesFormatVersion), role);
        }

        if (format < FormatVersion)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"The {role} model's metadata gives ONNX format version {format}; {LibraryName}'s ONNX format versions start at {FormatVersion}. {ZipEditedAdvice}"),
                role);
        }

        int inputDimension = ReadDimension(entries, InputDimensionKey, role);
        var metadata = new OnnxModelMetadata(
            ReadEnum<VaeLikelihood>(entries, LikelihoodKey, role),
            ReadEnum<VaeActivation>(entries, ActivationKey, role),
            ReadFloat(entries, LeakyReluSlopeKey, role),
            ReadFloat(entries, GaussianVarianceKey, role),
            inputDimension,
            ReadDimension(entries, LatentDimensionKey, role),
            ReadSizes(entries, EncoderHiddenKey, role),
            ReadSizes(entries, DecoderHiddenKey, role),
            ReadEnum<VaeInputScaling>(entries, InputScalingKey, role),
            format == FormatVersion ? CategoricalGroups.None(inputDimension) : ReadCategories(entries, inputDimension, role));

        // An entry both graphs gained, or lost, would pass the comparison of the two; an export writes exactly these,
        // into every graph. The library's name and version give no setting, so only here is a graph without them found.
        string[] written = [.. metadata.ToEntries(role).Select(entry => entry.Key)];
        if (entries.Keys.Except(written).Order(StringComparer.Ordinal).FirstOrDefault() is { } foreign)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"The {role} model's metadata has the entry '{foreign}', which {LibraryName} does not write in format {format}. {ZipEditedAdvice}"),
                role);
        }

        if (written.Except(entries.Keys).FirstOrDefault() is { } missing)
        {
            throw new VaeModelFormatException(
                $"The {role} model's metadata has no '{missing}' entry, which {LibraryName} writes into every graph. {ZipEditedAdvice}", role);
        }

        string library = entries[LibraryKey];
        return library == LibraryName ? metadata : throw Invalid(LibraryKey, library, $"'{LibraryName}'", role);
    }

    private static CategoricalGroups ReadCategories(IReadOnlyDictionary<string, string> entries, int inputDimension, string role)
    {
        string text = Get(entries, CategoriesKey, role);
        return CategoricalGroups.Parse(text, inputDimension) is { IsEmpty: false } categories
            ? categories
            : throw Invalid(CategoriesKey, text, $"comma-separated first+count runs of features, in order, within the {inputDimension} features", role);
    }

    /// <summary>
    /// Checks that two graphs describe the same model. The library version is left out: it says who wrote a file, not
    /// what the weights mean.
    /// </summary>
    public static void RequireSameModel(
        IReadOnlyDictionary<string, string> first, string firstRole, IReadOnlyDictionary<string, string> second, string secondRole)
    {
        foreach (string key in first.Keys.Union(second.Keys).Where(k => k is not GraphKey and not VersionKey).Order(StringComparer.Ordinal))
        {
            string? inFirst = first.GetValueOrDefault(key);
            string? inSecond = second.GetValueOrDefault(key);
            if (inFirst != inSecond)
            {
                throw new VaeModelFormatException(
                    $"The {firstRole} and {secondRole} belong to different models: metadata '{key}' is '{inFirst ?? "(missing)"}' in the {firstRole} "
                    + $"but '{inSecond ?? "(missing)"}' in the {secondRole}. {ZipEditedAdvice}");
            }
        }
    }

    private static string Get(IReadOnlyDictionary<string, string> entries, string key, string role) =>
        entries.TryGetValue(key, out string? value)
            ? value
            : throw new VaeModelFormatException(
                $"The {role} model's metadata has no '{key}' entry, so its weights cannot be interpreted. {ZipEditedAdvice}",
                role);

    private static int ReadInt(IReadOnlyDictionary<string, string> entries, string key, string role)
    {
        string text = Get(entries, key, role);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Invalid(key, text, "a non-negative integer", role);
    }

    /// <summary>
    /// Reads the feature count or the latent dimension, at most <see cref="VaeNetwork.MaxDimension"/>, so that the widths
    /// of twice either, read from it, stay within int.
    /// </summary>
    private static int ReadDimension(IReadOnlyDictionary<string, string> entries, string key, string role)
    {
        int largest = VaeNetwork.MaxDimension;
        int value = ReadInt(entries, key, role);
        return value > 0 && value <= largest
            ? value
            : throw Invalid(key, value.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"a positive integer of at most {largest}"), role);
    }

    private static float ReadFloat(IReadOnlyDictionary<string, string> entries, string key, string role)
    {
        string text = Get(entries, key, role);
        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value)
            ? value
            : throw Invalid(key, text, "a finite number", role);
    }

    private static int[] ReadSizes(IReadOnlyDictionary<string, string> entries, string key, string role)
    {
        string text = Get(entries, key, role);
        if (text.Length == 0)
        {
            return [];
        }

        string[] parts = text.Split(',');
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
            {
                throw Invalid(key, text, "comma-separated positive layer sizes", role);
            }
        }

        return sizes;
    }

    private static TEnum ReadEnum<TEnum>(IReadOnlyDictionary<string, string> entries, string key, string role)
        where TEnum : struct, Enum
    {
        string text = Get(entries, key, role);
        return EnumNames.Exact<TEnum>(text) ?? throw Invalid(key, text, "one of " + string.Join(", ", Enum.GetNames<TEnum>()), role);
    }

    private static VaeModelFormatException Invalid(string key, string text, string expected, string role) =>
        new($"The {role} model's metadata '{ShortList.Cut(key)}' is '{ShortList.Cut(text)}' where {expected} is expected. {ZipEditedAdvice}", role);
}
