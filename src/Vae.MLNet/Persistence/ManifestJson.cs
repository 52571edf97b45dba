using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Vae.MLNet.Data;
using Vae.MLNet.Onnx;
using Vae.MLNet.Text;

namespace Vae.MLNet.Persistence;

/// <summary>Reads and writes <see cref="VaeModelManifest"/> as the indented camelCase JSON of <c>manifest.json</c>.</summary>
internal static partial class ManifestJson
{
    public const string Part = "manifest";

    // The library's name and version, the options' and the model's names of settings, the tensor names, the graphs' files,
    // the feature ranges' and optimizer state's files and the history's GEMM backend and binarization: some twenty strings
    // beside the names, generously.
    private const int StringsBesideNames = 1 << 10;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,

        // The manifest is a file for people and programs, never embedded in HTML; '+' in a version should stay '+'.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Environment.NewLine would make the bytes depend on the operating system that saved the model.
        NewLine = "\n",
        Converters = { new ExactEnumNames(), new Float32Numbers(), new ImageShapeJson() },

        // Training records only finite losses (it stops at one that is not), but an edited manifest may hold NaN or
        // Infinity; read as numbers, they are refused by the history's check, which says what training records.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

        // A missing or null member is a damaged manifest, not a reason to fill in defaults.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,

        // The options and the tensor names are read into settable properties, not constructor parameters: without this,
        // their defaults would stand in for missing members, and the model would report settings it was not trained with.
        TypeInfoResolver = ModelZipJsonContext.Default.WithAddedModifier(RequireEverySettableProperty),
        MaxDepth = 16,

        // A member given twice would leave the reader to pick one of two settings.
        AllowDuplicateProperties = false,
    };

    private static readonly JsonTypeInfo<VaeModelManifest> Manifest = (JsonTypeInfo<VaeModelManifest>)Options.GetTypeInfo(typeof(VaeModelManifest));

    private static readonly JsonTypeInfo<VaeOptions> TrainingOptions = (JsonTypeInfo<VaeOptions>)Options.GetTypeInfo(typeof(VaeOptions));

    private static void RequireEverySettableProperty(JsonTypeInfo type)
    {
        if (type.Type == typeof(VaeOptions) || type.Type == typeof(OnnxTensorNames))
        {
            foreach (JsonPropertyInfo property in type.Properties.Where(property => property.Set is not null))
            {
                property.IsRequired = true;
            }
        }
    }

    /// <summary>The bytes <paramref name="value"/> takes inside the quotes of a manifest string, escapes included.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds half a surrogate pair.</exception>
    public static int EncodedBytes(string value) => JsonEncodedText.Encode(value, Options.Encoder).EncodedUtf8Bytes.Length;

    public static byte[] Serialize(VaeModelManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Manifest);

    /// <summary>
    /// The settings of <paramref name="options"/> as the manifest writes them, which manifests compare their options by:
    /// <see cref="VaeOptions"/>, a settable class, compares by reference, and the serializer names every setting the file
    /// keeps, one added later too.
    /// </summary>
    public static byte[] Serialize(VaeOptions options) => JsonSerializer.SerializeToUtf8Bytes(options, TrainingOptions);

    /// <summary>Parses a manifest, refusing one written in a format version this library does not know.</summary>
    /// <exception cref="VaeModelFormatException">The bytes are not a manifest this library can read.</exception>
    public static VaeModelManifest Deserialize(byte[] json)
    {
        try
        {
            ReadOnlySpan<byte> content = ByteOrderMark.Skipped(json).Span;
            ManifestOutline outline = ManifestOutline.Read(content, Options.MaxDepth);
            RequireKnownVersion(outline);
            RequireStringsAtMost(outline.Strings);
            return JsonSerializer.Deserialize(content, Manifest)
                ?? throw new VaeModelFormatException("manifest.json is 'null' instead of a manifest object. Save the model again.", Part);
        }
        catch (JsonException e)
        {
            throw new VaeModelFormatException(
                $"manifest.json is not a valid Vae.MLNet manifest: {Describe(e)} Save the model again, or restore the file from a copy.",
                Part,
                e);
        }
        catch (ArgumentException e)
        {
            // Thrown by a constructor the reader calls, such as the training history's, for values it cannot hold together.
            throw new VaeModelFormatException(
                $"manifest.json holds values this library refuses: {ArgumentMessages.Describe(e)} The manifest is damaged; save the model again.", Part, e);
        }
    }

    /// <summary>
    /// The reader's or serializer's complaint in the file's terms: the .NET types it names say nothing to a reader of
    /// manifest.json, and its 0-based line is given as an editor counts it, with the member's path.
    /// </summary>
    internal static string Describe(JsonException e)
    {
        string message = Location().Replace(DotNetTypes().Replace(e.Message, string.Empty), string.Empty);
        message = NullRefused().Replace(message, "the value must not be null");
        message = DepthExceeded().Replace(message, "arrays and objects nest more than ${depth} deep, deeper than the format goes");
        message = DuplicateMember().Replace(message, "the member '${name}' is given twice");

        // .NET's own advice for these is to change the reader's options, which the file's reader cannot. The line it gives
        // for a trailing comma is that of the bracket after it.
        message = TrailingComma().Replace(
            message,
            match => match.Groups["kind"].Value == "object"
                ? "a comma follows the last member of an object, which JSON does not allow; remove the comma before the object's closing '}'"
                : "a comma follows the last value of an array, which JSON does not allow; remove the comma before the array's closing ']'");
        message = Slash().Replace(message, "a '/' stands outside any string, as a comment (// or /* */) starts, which JSON does not allow; remove the comment, or the '/'");
        string complaint = message
            .Replace(" Consider updating its nullability annotation.", string.Empty, StringComparison.Ordinal)
            .Replace("The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true", "the file holds no JSON, only white space or nothing", StringComparison.Ordinal)
            .Replace("JSON deserialization was missing required properties including:", "required members are missing, among them", StringComparison.Ordinal)
            .TrimEnd(' ', '.');
        if (complaint.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            string member = e.Path?[(e.Path.LastIndexOf('.') + 1)..] ?? string.Empty;
            complaint = NamedValues.TryGetValue(member, out string[]? names)
                ? $"the value is not one of {string.Join(", ", names)}"
                : "the value is not of the kind the format holds there";
        }

        string[] where =
        [
            .. e.Path is { } path and not "$" ? [$"at {path}"] : Array.Empty<string>(),
            .. e.LineNumber is { } line ? [$"line {line + 1}"] : Array.Empty<string>(),
        ];
        return where.Length == 0 ? $"{complaint}." : $"{complaint} ({string.Join(", ", where)}).";
    }

    // The members whose values are names, for the message about a name the format does not know.
    private static readonly Dictionary<string, string[]> NamedValues = new(StringComparer.Ordinal)
    {
        ["likelihood"] = Enum.GetNames<VaeLikelihood>(),
        ["activation"] = Enum.GetNames<VaeActivation>(),
        ["inputScaling"] = Enum.GetNames<VaeInputScaling>(),
        ["gemm"] = Enum.GetNames<GemmBackend>(),
        ["gemmBackend"] = [.. ManifestValidation.RecordedGemmBackends.Select(backend => backend.ToString())],
        ["kind"] = Enum.GetNames<VaeBinarizationKind>(),
    };

    [GeneratedRegex(@"The maximum configured depth of (?<depth>\d+) has been exceeded\. Cannot read next JSON (array|object)")]
    private static partial Regex DepthExceeded();

    [GeneratedRegex(@"Duplicate property '(?<name>[^']*)' encountered during deserialization( of type)?")]
    private static partial Regex DuplicateMember();

    [GeneratedRegex(@"The JSON (?<kind>object|array) contains a trailing comma at the end which is not supported in this mode\. Change the reader options")]
    private static partial Regex TrailingComma();

    // Any '/' the reader meets outside a string: JSON has no comments, so that is where one is told.
    [GeneratedRegex(@"^'/' is (an )?invalid [^.]*\.( Expected [^.]*\.)?")]
    private static partial Regex Slash();

    [GeneratedRegex(@"( (for|on) type)? '?Vae\.MLNet(\.\w+)+'?")]
    private static partial Regex DotNetTypes();

    [GeneratedRegex(@"\s*(Path: .*)?(\| )?LineNumber: \d+ \| BytePositionInLine: \d+\.?$")]
    private static partial Regex Location();

    // Names a C# constructor parameter or property, where the path names the manifest's member.
    [GeneratedRegex(@"The (constructor parameter|property or field) '[^']*' doesn't allow null values")]
    private static partial Regex NullRefused();

    // Read before the whole manifest, so a newer layout is reported as newer rather than as a parse error.
    private static void RequireKnownVersion(ManifestOutline outline)
    {
        if (!outline.IsObject || outline.FormatVersion is not { } formatVersion)
        {
            throw new VaeModelFormatException(
                "manifest.json has no whole-number 'formatVersion', so it is not a Vae.MLNet model manifest. Load a zip written by VaeModel.Save.", Part);
        }

        if (formatVersion > VaeModelManifest.CurrentFormatVersion)
        {
            throw new VaeModelFormatException(
                NewerFormatMessage.For("The model", outline.WriterVersion, "format", formatVersion, VaeModelManifest.CurrentFormatVersion), Part);
        }

        if (formatVersion < 1)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"manifest.json has formatVersion {formatVersion}; Vae.MLNet format versions start at 1. The file is damaged; save the model again."), Part);
        }
    }

    /// <summary>
    /// Refuses, before they are read, more strings than the budget for names leaves room for: each feature name,
    /// category or column name takes at least a byte of it beside the bytes around it, and the manifest's other members
    /// hold some twenty strings.
    /// </summary>
    private static void RequireStringsAtMost(long strings)
    {
        long max = (FeatureNaming.MaxManifestBytesOfNames / (FeatureNaming.ManifestBytesAroundName + 1)) + StringsBesideNames;
        if (strings > max)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"manifest.json holds {strings} strings, more than the {max} a manifest can: its feature names, categories and column names share ")
                + string.Create(CultureInfo.InvariantCulture, $"{ByteSizeText.MebibytesDown(FeatureNaming.MaxManifestBytesOfNames)} at {FeatureNaming.ManifestBytesAroundName + 1} bytes or more each, and its other members hold under {StringsBesideNames}. ")
                + "The file is damaged or was not written by VaeModel.Save; save the model again.",
                Part);
        }
    }
}
