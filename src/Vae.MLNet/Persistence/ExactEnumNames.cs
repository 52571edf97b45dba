using System.Text.Json;
using System.Text.Json.Serialization;
using Vae.MLNet.Data;
using Vae.MLNet.Text;

namespace Vae.MLNet.Persistence;

/// <summary>
/// Writes an enum as its name and reads only a name the enum defines, spelled exactly: .NET's string enum converter
/// also reads other casings and comma-joined lists, which turn into values no member has (a manifest saying
/// <c>"Managed, OpenBlas"</c> loaded, and saving the model again then failed).
/// </summary>
internal sealed class ExactEnumNames : JsonConverterFactory
{
    // The enums a model zip holds, each converter made here: one made for any enum through MakeGenericType would need
    // code a native AOT application was not compiled with. An enum left out fails every save, rather than being written
    // as a number.
    private static readonly JsonConverter[] Converters =
    [
        new Converter<VaeLikelihood>(),
        new Converter<VaeActivation>(),
        new Converter<VaeInputScaling>(),
        new Converter<GemmBackend>(),
        new Converter<VaeBinarizationKind>(),
    ];

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        Converters.FirstOrDefault(converter => converter.CanConvert(typeToConvert))
        ?? throw new InvalidOperationException($"The model zip holds the enum {typeToConvert.Name}, which ExactEnumNames does not list; add its converter there.");

    private sealed class Converter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            // A JsonException without a message is given the serializer's "could not be converted" one, with the path.
            return EnumNames.Exact<TEnum>(reader.TokenType == JsonTokenType.String ? reader.GetString() : null) ?? throw new JsonException();
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
