using System.Text.Json.Serialization;
using Vae.MLNet.Data;
using Vae.MLNet.Equality;
using Vae.MLNet.Onnx;

namespace Vae.MLNet.Persistence;

/// <summary>
/// The <c>manifest.json</c> of a saved model: what the model is, how it was trained, and which files hold its graphs.
/// It carries no timestamp, so saving the same model twice writes the same bytes.
/// </summary>
/// <param name="FormatVersion">Layout version of the zip; this library writes and reads <see cref="CurrentFormatVersion"/>.</param>
/// <param name="Library">The library and version that wrote the file.</param>
/// <param name="InputDimension">Number of input features D.</param>
/// <param name="LatentDimension">Dimension K of the latent space.</param>
/// <param name="Likelihood">The decoder's observation model.</param>
/// <param name="Activation">The hidden-layer nonlinearity.</param>
/// <param name="InputScaling">The kind of input scaling the graphs apply.</param>
/// <param name="Options">The options the model was trained with; the architecture settings describe the saved weights.</param>
/// <param name="TensorNames">The input and output names of the graphs.</param>
/// <param name="Graphs">The file names of the graphs inside the zip.</param>
/// <param name="History">How the model was trained.</param>
/// <remarks>
/// Two manifests are equal when every member is, lists element by element and <see cref="Options"/> setting by setting,
/// as two reads of one model's file are. <see cref="History"/> holds each epoch's wall-clock
/// <see cref="VaeEpochReport.Seconds"/>, so the manifests of two bit-identical runs differ: compare their models' graphs
/// (<see cref="VaeModel.ExportOnnx"/>) to check that two runs agree.
/// </remarks>
public sealed record VaeModelManifest(
    int FormatVersion,
    VaeModelLibrary Library,
    int InputDimension,
    int LatentDimension,
    VaeLikelihood Likelihood,
    VaeActivation Activation,
    VaeInputScaling InputScaling,
    VaeOptions Options,
    OnnxTensorNames TensorNames,
    VaeModelGraphFiles Graphs,
    VaeTrainingHistory History)
{
    /// <summary>
    /// The names of the features, in the order the model takes them, when the training data named them; left out of the
    /// file otherwise (and in files written before names were kept).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>
    /// The file in the zip holding the model's <see cref="VaeModel.FeatureRanges"/>, when it has them; left out of the
    /// manifest otherwise (and in files written before ranges were kept).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FeatureRangesFile { get; init; }

    /// <summary>
    /// The file in the zip holding the optimizer state that belongs to the weights, in a zip
    /// <see cref="VaeModel.SaveCheckpoint(string)"/> wrote; left out of the manifest otherwise (and in files written
    /// before checkpoints were kept).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OptimizerStateFile { get; init; }

    /// <summary>
    /// The files the manifest names in the zip beside itself, each with the JSON member naming it: the three graphs, then
    /// the feature ranges and the optimizer state where it has them. Internal, so no JSON member.
    /// </summary>
    internal (string Member, string File)[] EntryFiles =>
    [
        ("graphs.encoder", Graphs.Encoder),
        ("graphs.decoder", Graphs.Decoder),
        ("graphs.autoencoder", Graphs.Autoencoder),
        .. FeatureRangesFile is { } ranges ? [("featureRangesFile", ranges)] : Array.Empty<(string, string)>(),
        .. OptimizerStateFile is { } state ? [("optimizerStateFile", state)] : Array.Empty<(string, string)>(),
    ];

    /// <summary>
    /// The model's <see cref="VaeModel.CategoricalFeatures"/>, when it has them; left out of the manifest otherwise (and in
    /// files written before categories were read).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures { get; init; }

    /// <summary>
    /// The model's <see cref="VaeModel.ImageShape"/>, when it was trained on images that knew it; left out of the manifest
    /// otherwise (and in files written before shapes were kept).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VaeImageShape? ImageShape { get; init; }

    /// <inheritdoc/>
    public bool Equals(VaeModelManifest? other) =>
        other is not null
        && FormatVersion == other.FormatVersion
        && Library == other.Library
        && InputDimension == other.InputDimension
        && LatentDimension == other.LatentDimension
        && Likelihood == other.Likelihood
        && Activation == other.Activation
        && InputScaling == other.InputScaling
        && ElementWise.Equal(ManifestJson.Serialize(Options), ManifestJson.Serialize(other.Options))
        && TensorNames == other.TensorNames
        && Graphs == other.Graphs
        && Equals(History, other.History)
        && ElementWise.Equal(FeatureNames, other.FeatureNames)
        && FeatureRangesFile == other.FeatureRangesFile
        && OptimizerStateFile == other.OptimizerStateFile
        && ElementWise.Equal(CategoricalFeatures, other.CategoricalFeatures)
        && ImageShape == other.ImageShape;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(FormatVersion);
        hash.Add(Library);
        hash.Add(InputDimension);
        hash.Add(LatentDimension);
        hash.Add(Likelihood);
        hash.Add(Activation);
        hash.Add(InputScaling);
        hash.Add(ElementWise.HashOf(ManifestJson.Serialize(Options)));
        hash.Add(TensorNames);
        hash.Add(Graphs);
        hash.Add(History);
        hash.Add(ElementWise.HashOf(FeatureNames));
        hash.Add(FeatureRangesFile);
        hash.Add(OptimizerStateFile);
        hash.Add(ElementWise.HashOf(CategoricalFeatures));
        hash.Add(ImageShape);
        return hash.ToHashCode();
    }

    /// <summary>The format version this library writes, and the newest it reads.</summary>
    /// <remarks>Not a constant, which callers would compile in: they read the version of the library they run with.</remarks>
    public static readonly int CurrentFormatVersion = 1;
}
