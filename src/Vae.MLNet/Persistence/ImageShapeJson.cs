using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vae.MLNet.Data;

namespace Vae.MLNet.Persistence;

/// <summary>
/// Reads manifest.json's <c>imageShape</c>, refusing a width or height below 1, or more pixels than a row of features
/// holds, in the file's terms and with the member's place in it: <see cref="VaeImageShape"/>'s constructor refuses them
/// too, but as a caller's arguments, with advice for a caller and no place in the file. Writes the width, then the height.
/// </summary>
internal sealed class ImageShapeJson : JsonConverter<VaeImageShape>
{
    private const string Member = "imageShape";

    public override VaeImageShape Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // A JsonException without a message is given the serializer's "could not be converted" one, with the path.
            throw new JsonException();
        }

        int? width = null;
        int? height = null;

        // The serializer hands a converter the whole object, so the members end at its EndObject.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "width":
                    width = Side(ref reader, name, width);
                    break;
                case "height":
                    height = Side(ref reader, name, height);
                    break;
                default:
                    // Ignored, as the serializer ignores members the format does not know.
                    reader.Skip();
                    break;
            }
        }

        if (width is not { } w || height is not { } h)
        {
            // Worded as the serializer words it, so that the manifest's reader describes both alike.
            throw new JsonException($"JSON deserialization was missing required properties including: '{(width is null ? "width" : "height")}'.");
        }

        if (!VaeImageShape.FitsARow(w, h))
        {
            throw new JsonException(string.Create(
                CultureInfo.InvariantCulture,
                $"{Member} is {w}x{h}, {(long)w * h} pixels, more than the {int.MaxValue} features a row holds; {Member}.width × {Member}.height must be inputDimension"));
        }

        return new VaeImageShape(w, h);
    }

    public override void Write(Utf8JsonWriter writer, VaeImageShape value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("width", value.Width);
        writer.WriteNumber("height", value.Height);
        writer.WriteEndObject();
    }

    private static int Side(ref Utf8JsonReader reader, string name, int? earlier)
    {
        if (earlier is not null)
        {
            throw new JsonException($"Duplicate property '{name}' encountered during deserialization.");
        }

        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int side) && side >= 1
            ? side
            : throw new JsonException($"{Member}.{name} must be a whole number of at least 1");
    }
}
