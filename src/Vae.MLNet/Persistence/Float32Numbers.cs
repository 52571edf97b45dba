using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vae.MLNet.Persistence;

/// <summary>
/// Reads a float32 member of a model zip's JSON, refusing a number beyond float32's range as the file spells it: .NET's
/// reader turns 1e300 into Infinity, which the checks after it then quoted as if the file held it ("beta Infinity").
/// NaN and ±Infinity spelled out, where the file's options allow them, are read as such, for those checks to refuse
/// with what training records. Writes floats as .NET's converter does.
/// </summary>
internal sealed class Float32Numbers : JsonConverter<float>
{
    public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && NamedLiteralsAllowed(options))
        {
            // A JsonException without a message is given the serializer's "could not be converted" one, with the path.
            return reader.GetString() switch
            {
                "NaN" => float.NaN,
                "Infinity" => float.PositiveInfinity,
                "-Infinity" => float.NegativeInfinity,
                _ => throw new JsonException(),
            };
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException();
        }

        if (reader.TryGetSingle(out float value) && float.IsFinite(value))
        {
            return value;
        }

        string number = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray());
        throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"the number {number} lies beyond float32's range, ±{float.MaxValue}, which this member is held in"));
    }

    public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
    {
        if (!float.IsFinite(value) && NamedLiteralsAllowed(options))
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
            return;
        }

        writer.WriteNumberValue(value);
    }

    private static bool NamedLiteralsAllowed(JsonSerializerOptions options) =>
        (options.NumberHandling & JsonNumberHandling.AllowNamedFloatingPointLiterals) != 0;
}
