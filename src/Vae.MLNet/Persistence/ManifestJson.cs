using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vae.MLNet.Onnx;

namespace Vae.MLNet.Persistence;

/// <summary>Reads and writes <see cref="VaeModelManifest"/> as the indented camelCase JSON of <c>manifest.json</c>.</summary>
internal static class ManifestJson
{
    public const string Part = "manifest";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,

        // The manifest is a file for people and programs, never embedded in HTML; '+' in a version should stay '+'.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Environment.NewLine would make the bytes depend on the operating system that saved the model.
        NewLine = "\n",
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },

        // A validation loss can diverge to NaN; the history records it rather than failing the save.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

        // A missing or null member is a damaged manifest, not a reason to fill in defaults.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = 16,
    };

    public static byte[] Serialize(VaeModelManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Options);

    /// <summary>Parses a manifest, refusing one written in a format version this library does not know.</summary>
    /// <exception cref="VaeModelFormatException">The bytes are not a manifest this library can read.</exception>
    public static VaeModelManifest Deserialize(byte[] json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = Options.MaxDepth });
            RequireKnownVersion(document.RootElement);
            return document.Deserialize<VaeModelManifest>(Options)
                ?? throw new VaeModelFormatException("manifest.json is 'null' instead of a manifest object. Save the model again.", Part);
        }
        catch (JsonException e)
        {
            // The serializer's own words for a value of the wrong kind name .NET types, which say nothing to a reader of
            // the file; where it found one, the path and line say what is wrong.
            string problem = e.Path is { } path && e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                ? $"the value at {path}{(e.LineNumber is { } line ? $" (line {line + 1})" : string.Empty)} is not of the kind the format holds there."
                : e.Message;
            throw new VaeModelFormatException(
                $"manifest.json is not a valid Vae.MLNet manifest: {problem} Save the model again, or restore the file from a copy.",
                Part,
                e);
        }
    }

    // Read before the whole manifest, so a newer layout is reported as newer rather than as a parse error.
    private static void RequireKnownVersion(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("formatVersion", out JsonElement version)
            || !version.TryGetInt32(out int formatVersion))
        {
            throw new VaeModelFormatException(
                "manifest.json has no whole-number 'formatVersion', so it is not a Vae.MLNet model manifest. Load a zip written by VaeModel.Save.", Part);
        }

        if (formatVersion > VaeModelManifest.CurrentFormatVersion)
        {
            string writer = root.TryGetProperty("library", out JsonElement library)
                && library.ValueKind == JsonValueKind.Object
                && library.TryGetProperty("version", out JsonElement writerVersion)
                && writerVersion.ValueKind == JsonValueKind.String
                    ? $"Vae.MLNet {writerVersion.GetString()}"
                    : "a newer Vae.MLNet";
            throw new VaeModelFormatException(
                $"The model was written by {writer} in format version {formatVersion}; this Vae.MLNet {OnnxModelMetadata.LibraryVersion} reads "
                + $"format version {VaeModelManifest.CurrentFormatVersion}. Upgrade Vae.MLNet to load it.",
                Part);
        }

        if (formatVersion < 1)
        {
            throw new VaeModelFormatException(
                $"manifest.json has formatVersion {formatVersion}; Vae.MLNet format versions start at 1. The file is damaged; save the model again.", Part);
        }
    }
}
