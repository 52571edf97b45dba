using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vae.MLNet.Text;

namespace Vae.MLNet.Persistence;

/// <summary>
/// Reads and writes a model's <see cref="VaeFeatureRanges"/> as the compact camelCase JSON of its entry in the model
/// zip: a number or two per feature, so a line each, as the manifest would write them, would multiply its length.
/// </summary>
internal static class FeatureRangesJson
{
    public const string Part = "featureRanges";

    public const string File = "feature-ranges.json";

    // The longest float32 JSON writes ("-1.17549435E-38") and a comma, twice, and "false,": under 40 bytes a feature.
    private const int MaxBytesPerFeature = 40;

    private const int MaxBytesAroundArrays = 256;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = 4,
        AllowDuplicateProperties = false,
        TypeInfoResolver = ModelZipJsonContext.Default,
        Converters = { new Float32Numbers() },
    };

    private static readonly JsonTypeInfo<VaeFeatureRanges> Ranges = (JsonTypeInfo<VaeFeatureRanges>)Options.GetTypeInfo(typeof(VaeFeatureRanges));

    /// <summary>The most bytes the entry of ranges of <paramref name="features"/> features takes.</summary>
    public static long MaxBytes(int features) => (MaxBytesPerFeature * (long)features) + MaxBytesAroundArrays;

    public static byte[] Serialize(VaeFeatureRanges ranges) => JsonSerializer.SerializeToUtf8Bytes(ranges, Ranges);

    /// <exception cref="VaeModelFormatException">The bytes are not ranges of <paramref name="features"/> features.</exception>
    public static VaeFeatureRanges Deserialize(byte[] json, int features)
    {
        VaeFeatureRanges ranges;
        try
        {
            ranges = JsonSerializer.Deserialize(ByteOrderMark.Skipped(json).Span, Ranges)
                ?? throw Damaged("is 'null' instead of the features' ranges.", null);
        }
        catch (JsonException e)
        {
            throw Damaged($"is not valid: {ManifestJson.Describe(e)}", e);
        }
        catch (ArgumentException e)
        {
            throw Damaged($"holds ranges this library refuses: {ArgumentMessages.Describe(e)}", e);
        }

        return ranges.FeatureCount == features
            ? ranges
            : throw Damaged($"holds the ranges of {ranges.FeatureCount} features, where the model takes {features}.", null);
    }

    private static VaeModelFormatException Damaged(string problem, Exception? cause) =>
        new($"{File} {problem} The file is damaged; save the model again.", Part, cause);
}
