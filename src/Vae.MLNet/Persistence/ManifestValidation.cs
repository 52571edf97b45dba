using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Text;

namespace Vae.MLNet.Persistence;

/// <summary>
/// Checks that a parsed manifest is complete and that it describes the graphs stored beside it, so a zip whose files
/// were swapped or edited is refused instead of loading weights under a description they do not have.
/// </summary>
internal static class ManifestValidation
{
    private const string Part = ManifestJson.Part;

    /// <summary>The backends a training history can name: the one that ran, never <see cref="GemmBackend.Auto"/>.</summary>
    public static readonly GemmBackend[] RecordedGemmBackends = [GemmBackend.OpenBlas, GemmBackend.Managed];

    /// <summary>Checks what the manifest says on its own, before any graph is read.</summary>
    public static void RequireWellFormed(VaeModelManifest manifest)
    {
        if (manifest.Library.Name != OnnxModelMetadata.LibraryName)
        {
            throw new VaeModelFormatException(
                $"manifest.json says the model was written by '{manifest.Library.Name}', not {OnnxModelMetadata.LibraryName}. Load a zip written by VaeModel.Save.", Part);
        }

        // The graphs' sizes are bounded from these before any graph is read.
        if (manifest.InputDimension < 1 || manifest.LatentDimension < 1)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"manifest.json says inputDimension is {manifest.InputDimension} and latentDimension is {manifest.LatentDimension}; a model has at least one of each. ")
                + "The manifest is damaged; save the model again.",
                Part);
        }

        if (manifest.EntryFiles.FirstOrDefault(entry => string.IsNullOrWhiteSpace(entry.File)) is (string member, string blank))
        {
            throw new VaeModelFormatException(
                $"manifest.json's {member} is {(blank.Length == 0 ? "empty" : "blank")}, where it names a file of the zip. The manifest is damaged; save the model again.",
                Part);
        }

        string[] files = [.. manifest.EntryFiles.Select(entry => entry.File)];
        if (files.Contains(ModelArchive.ManifestFile) || files.Distinct().Count() != files.Length)
        {
            throw new VaeModelFormatException(
                $"manifest.json lists the files {ShortList.Of(files, file => $"'{ShortList.Cut(file)}'")}; the encoder, decoder, autoencoder, feature ranges and optimizer state need distinct file names other than "
                + $"{ModelArchive.ManifestFile}. The manifest is damaged; save the model again.",
                Part);
        }

        RequireValid(manifest.Options.Validate, "options");

        // Training refuses such a network, so only an edited manifest describes one; the graphs could be read, but scoring
        // would overflow the arithmetic that sizes its buffers.
        if (VaeNetwork.Oversize(manifest.Options, manifest.InputDimension, batchRows: 1) is (string problem, _, _))
        {
            throw new VaeModelFormatException(
                $"manifest.json describes a network of {manifest.InputDimension} features that Vae.MLNet neither trains nor scores. {problem}. The manifest is damaged; save the model again.",
                Part);
        }

        RequireValid(manifest.TensorNames.Validate, "tensorNames");
        if (manifest.FeatureNames is { } featureNames)
        {
            RequireValid(() => FeatureNaming.Validated(featureNames, manifest.InputDimension, "featureNames"), section: null);
        }

        if (manifest.CategoricalFeatures is { } categoricalFeatures)
        {
            RequireValid(() => VaeCategoricalFeature.Validated(categoricalFeatures, manifest.InputDimension, manifest.FeatureNames, "categoricalFeatures"), section: null);
        }

        if (manifest.ImageShape is { } imageShape && imageShape.Pixels != manifest.InputDimension)
        {
            throw new VaeModelFormatException(
                string.Create(CultureInfo.InvariantCulture, $"manifest.json says the model's images are {imageShape}, {imageShape.Pixels} pixels, but inputDimension is {manifest.InputDimension}; ")
                + "training records the shape of images whose pixels are the features. The manifest is damaged; save the model again.",
                Part);
        }

        IReadOnlyList<VaeEpochReport> epochs = manifest.History.Epochs;
        int missing = epochs.ToList().FindIndex(report => report is null);
        if (missing >= 0)
        {
            throw new VaeModelFormatException(
                $"manifest.json's training history is damaged: its report {missing + 1} is null where an epoch's report belongs. Save the model again.",
                Part);
        }

        if (!RecordedGemmBackends.Contains(manifest.History.GemmBackend))
        {
            throw new VaeModelFormatException(
                $"manifest.json's training history says the matrix products ran on '{manifest.History.GemmBackend}', where training records the one that ran, "
                + $"{string.Join(" or ", RecordedGemmBackends)}. The manifest is damaged; save the model again.",
                Part);
        }

        // A history counts its epochs from 1, through every run that trained the model further.
        for (int i = 0; i < epochs.Count; i++)
        {
            if (epochs[i].Epoch != i + 1 || !double.IsFinite(epochs[i].Seconds) || epochs[i].Seconds < 0)
            {
                throw new VaeModelFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"manifest.json's training history is inconsistent: its report {i + 1} is for epoch {epochs[i].Epoch} and took {epochs[i].Seconds} seconds, ")
                    + "where reports count the epochs from 1 in order and take a finite, non-negative time. The manifest is damaged; save the model again.",
                    Part);
            }

            // Training stops at a loss that is not finite, so no report it wrote holds one. Its terms average float32 row
            // values, so neither leaves float32's range, and a loss, the reconstruction term plus beta times the KL term,
            // stays within what two such terms make: a value beyond that was put there by hand, and no chart can draw it.
            VaeEpochReport report = epochs[i];
            double lossLimit = float.MaxValue * (1.0 + report.Beta);
            if (!WithinFloat32(report.Reconstruction) || !WithinFloat32(report.KullbackLeibler) || !float.IsFinite(report.Beta) || report.Beta < 0
                || !Within(report.Loss, lossLimit) || report.ValidationLoss is { } validation && !Within(validation, lossLimit))
            {
                throw new VaeModelFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"manifest.json's training history is inconsistent: its report {i + 1} has loss {report.Loss}, reconstruction {report.Reconstruction}, KL {report.KullbackLeibler}, beta {report.Beta} and validation loss {report.ValidationLoss?.ToString(CultureInfo.InvariantCulture) ?? "none"}, ")
                    + string.Create(CultureInfo.InvariantCulture, $"where training records finite losses that average float32 row values (terms within float32's range, ±{float.MaxValue}, ")
                    + "and losses within what such terms make at the epoch's beta) and a finite, non-negative beta. The manifest is damaged; save the model again.",
                    Part);
            }

            // Counted on the rows that give the validation loss, among the model's latent dimensions.
            if (report.ValidationActiveDimensions is int active && (report.ValidationLoss is null || active < 0 || active > manifest.LatentDimension))
            {
                throw new VaeModelFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"manifest.json's training history is inconsistent: its report {i + 1} counts {Counted.Of(active, "active latent dimension")} on the validation rows ")
                    + string.Create(CultureInfo.InvariantCulture, $"{(report.ValidationLoss is null ? "but has no validation loss" : $"of the model's {manifest.LatentDimension}")}, where training counts them, from 0 to the latent dimension, only beside a validation loss. ")
                    + "The manifest is damaged; save the model again.",
                    Part);
            }
        }
    }

    private static bool WithinFloat32(double value) => Within(value, float.MaxValue);

    private static bool Within(double value, double limit) => double.IsFinite(value) && Math.Abs(value) <= limit;

    /// <summary>
    /// Requires every architecture fact in the manifest to agree with the graphs' metadata. Called before the graphs'
    /// weights are read, so graphs claiming layers far larger than the manifest's are refused before anything is sized
    /// from their claim.
    /// </summary>
    public static void RequireDescribes(VaeModelManifest manifest, OnnxModelMetadata graphs)
    {
        VaeOptions options = manifest.Options;
        Require("inputDimension", manifest.InputDimension, graphs.InputDimension);
        Require("latentDimension", manifest.LatentDimension, graphs.LatentDimension);
        Require("likelihood", manifest.Likelihood, graphs.Likelihood);
        Require("activation", manifest.Activation, graphs.Activation);
        Require("inputScaling", manifest.InputScaling, graphs.InputScaling);
        Require("options.latentDimension", options.LatentDimension, graphs.LatentDimension);
        Require("options.likelihood", options.Likelihood, graphs.Likelihood);
        Require("options.activation", options.Activation, graphs.Activation);
        Require("options.inputScaling", options.InputScaling, graphs.InputScaling);
        Require("options.leakyReluSlope", options.LeakyReluSlope, graphs.LeakyReluSlope);
        Require("options.gaussianVariance", options.GaussianVariance, graphs.GaussianVariance);
        RequireSizes("options.hiddenLayerSizes", options.HiddenLayerSizes, graphs.EncoderHiddenSizes);
        RequireSizes("options.decoderHiddenLayerSizes", options.EffectiveDecoderHiddenLayerSizes, graphs.DecoderHiddenSizes);

        // Graphs that model no categories are those of a model saved before categories were modelled, whatever its features.
        if (!graphs.Categories.IsEmpty)
        {
            Require("categoricalFeatures (first+count)", CategoricalGroups.DescribeGroupsOf(manifest.CategoricalFeatures, manifest.InputDimension), graphs.Categories.Describe());
        }
    }

    /// <summary>
    /// Requires the manifest's tensor names to be the graphs' own, naming each that differs by its key in the file. A
    /// name changed in the graphs (by an ONNX tool) or in the manifest alone is no other model: the two only have to agree
    /// again, which is what the refusal advises.
    /// </summary>
    public static void RequireNames(VaeModelManifest manifest, OnnxTensorNames graphs)
    {
        string[] differing =
        [
            .. manifest.TensorNames.AllNames.Zip(graphs.AllNames)
                .Where(pair => pair.First.Value != pair.Second.Value)
                .Select(pair => $"tensorNames.{JsonNamingPolicy.CamelCase.ConvertName(pair.First.Property)} is \"{ShortList.Cut(pair.First.Value)}\" in the manifest but \"{ShortList.Cut(pair.Second.Value)}\" in the graphs"),
        ];
        if (differing.Length > 0)
        {
            throw new VaeModelFormatException(
                $"manifest.json names the graphs' inputs and outputs otherwise than the graphs in the zip do: {string.Join("; ", differing)}. "
                + "The names were changed in one and not the other; make them agree, by setting these keys in manifest.json to the graphs' names or by renaming the graphs' tensors back, and the model loads as it is.",
                Part);
        }
    }

    /// <summary>
    /// Requires the manifest's layer sizes to be the graphs' own, every one of them. Lists too long to show whole that
    /// differ only beyond what is shown are refused by their first layer that differs.
    /// </summary>
    private static void RequireSizes(string member, int[] inManifest, int[] inGraphs)
    {
        if (inManifest.AsSpan().SequenceEqual(inGraphs))
        {
            return;
        }

        string shownInManifest = $"[{ShortList.Of(inManifest)}]";
        string shownInGraphs = $"[{ShortList.Of(inGraphs)}]";
        if (shownInManifest != shownInGraphs)
        {
            Refuse(member, shownInManifest, shownInGraphs);
        }

        int layer = inManifest.AsSpan().CommonPrefixLength(inGraphs);
        Refuse($"{member}[{layer}]", inManifest[layer], inGraphs[layer]);
    }

    private static void Require<T>(string member, T inManifest, T inGraphs)
    {
        if (!EqualityComparer<T>.Default.Equals(inManifest, inGraphs))
        {
            Refuse(member, inManifest, inGraphs);
        }
    }

    [DoesNotReturn]
    private static void Refuse(string member, object? inManifest, object? inGraphs) =>
        throw new VaeModelFormatException(
            string.Create(CultureInfo.InvariantCulture, $"manifest.json says {member} is {inManifest}, but the graphs in the zip have {inGraphs}. ")
            + "The manifest and the graphs come from different models or were edited; save the model again.",
            Part);

    /// <summary>
    /// Runs a validation of one manifest section (null for a member of the root), naming the member it refuses by its
    /// path in the file.
    /// </summary>
    private static void RequireValid(Action validate, string? section)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            string member = e.ParamName is { } name ? $" at $.{(section is null ? string.Empty : $"{section}.")}{JsonNamingPolicy.CamelCase.ConvertName(name)}" : string.Empty;
            throw new VaeModelFormatException(
                $"manifest.json holds settings this library refuses{member}: {ArgumentMessages.Describe(e)} The manifest is damaged; save the model again.", Part, e);
        }
    }
}
