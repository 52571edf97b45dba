using System.Text.Json.Serialization;

namespace Vae.MLNet.Persistence;

/// <summary>
/// The types of the model zip's JSON entries, described at compile time: a trimmed or native AOT application removes the
/// constructors and members that reflection-based System.Text.Json looks for, and may turn it off. It supplies the types
/// only; <see cref="ManifestJson"/> and <see cref="FeatureRangesJson"/> give the options each file is written with.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(VaeModelManifest))]
[JsonSerializable(typeof(VaeFeatureRanges))]
internal sealed partial class ModelZipJsonContext : JsonSerializerContext;
