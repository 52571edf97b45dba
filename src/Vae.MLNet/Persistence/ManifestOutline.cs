using System.Text.Json;

namespace Vae.MLNet.Persistence;

/// <summary>
/// What one reader pass over manifest.json learns before it is deserialized: whether it is an object, its format version,
/// the version of the library that wrote it, and how many strings it holds. The pass keeps nothing but these, where a
/// JsonDocument held some 12 bytes a value beside the bytes, and deserializing makes an object of some 30 bytes of a
/// string of four ("a",); counting first lets a manifest of millions of strings be refused before either.
/// </summary>
/// <param name="IsObject">Whether the JSON is an object, as a manifest is.</param>
/// <param name="FormatVersion">The root's <c>formatVersion</c>, or null unless it is a whole number an int holds.</param>
/// <param name="WriterVersion">
/// The string of the root's <c>library.version</c>, or null where there is none or it escapes half a surrogate pair,
/// which no string holds.
/// </param>
/// <param name="Strings">How many string values the JSON holds, member names aside.</param>
internal readonly record struct ManifestOutline(bool IsObject, int? FormatVersion, string? WriterVersion, long Strings)
{
    /// <exception cref="JsonException">
    /// The bytes are not JSON, nest deeper than <paramref name="maxDepth"/>, or give <c>formatVersion</c>,
    /// <c>library</c> or its <c>version</c> twice, so that the outline would pick one of two values.
    /// </exception>
    public static ManifestOutline Read(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        reader.Read();
        bool isObject = reader.TokenType == JsonTokenType.StartObject;
        int? formatVersion = null;
        string? writerVersion = null;
        long strings = 0;
        string? member = null;
        string? libraryMember = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            JsonTokenType token = reader.TokenType;
            strings += token == JsonTokenType.String ? 1 : 0;
            if (!isObject || token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                continue;
            }

            if (token == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                member = Outlined(ref reader, "$.", "formatVersion", "library", seen);
            }
            else if (token == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && member == "library")
            {
                libraryMember = Outlined(ref reader, "$.library.", "version", null, seen);
            }
            else if (reader.CurrentDepth == 1 && member == "formatVersion")
            {
                formatVersion = token == JsonTokenType.Number && reader.TryGetInt32(out int version) ? version : null;
            }
            else if (reader.CurrentDepth == 2 && member == "library" && libraryMember == "version" && token == JsonTokenType.String)
            {
                writerVersion = WellFormedString(ref reader);
            }
        }
        while (reader.Read());

        return new ManifestOutline(isObject, formatVersion, writerVersion, strings);
    }

    /// <summary>The member's name if it is one the outline reads, refused if given twice; null for any other.</summary>
    private static string? Outlined(ref Utf8JsonReader reader, string path, string first, string? second, HashSet<string> seen)
    {
        string? name = reader.ValueTextEquals(first) ? first : second is not null && reader.ValueTextEquals(second) ? second : null;
        if (name is not null && !seen.Add(path + name))
        {
            // Worded as the serializer words it, so that the manifest's reader describes both alike.
            throw new JsonException($"Duplicate property '{name}' encountered during deserialization.", path + name, lineNumber: null, bytePositionInLine: null);
        }

        return name;
    }

    private static string? WellFormedString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
