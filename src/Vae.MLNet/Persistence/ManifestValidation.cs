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

    /// <summary>Checks what the manifest says on its own, before any graph is read.</summary>
    public static void RequireWellFormed(VaeModelManifest manifest)
    {
        if (manifest.Library.Name != OnnxModelMetadata.LibraryName)
        {
            throw new VaeModelFormatException(
                $"manifest.json says the model was written by '{manifest.Library.Name}', not {OnnxModelMetadata.LibraryName}. Load a zip written by VaeModel.Save.", Part);
        }

        string[] files = [manifest.Graphs.Encoder, manifest.Graphs.Decoder, manifest.Graphs.Autoencoder];
        if (files.Any(string.IsNullOrWhiteSpace) || files.Contains(ModelArchive.ManifestFile) || files.Distinct().Count() != files.Length)
        {
            throw new VaeModelFormatException(
                $"manifest.json lists the graph files '{string.Join("', '", files)}'; the encoder, decoder and autoencoder need distinct file names other than "
                + $"{ModelArchive.ManifestFile}. The manifest is damaged; save the model again.",
                Part);
        }

        RequireValid(manifest.Options.Validate, "options");
        RequireValid(manifest.TensorNames.Validate, "tensorNames");
        if (manifest.FeatureNames is { } featureNames)
        {
            RequireValid(() => FeatureNaming.Validated(featureNames, manifest.InputDimension, "featureNames"), section: null);
        }

        IReadOnlyList<VaeEpochReport> epochs = manifest.History.Epochs;
        if (epochs.Any(e => e is null) || manifest.History.BestEpoch is < 1 || manifest.History.BestEpoch > epochs.Count)
        {
            throw new VaeModelFormatException(
                $"manifest.json's training history is inconsistent: {epochs.Count} epoch reports with best epoch {manifest.History.BestEpoch}. "
                + "The manifest is damaged; save the model again.",
                Part);
        }
    }

    /// <summary>Requires every architecture fact in the manifest to agree with the imported graphs.</summary>
    public static void RequireDescribes(VaeModelManifest manifest, OnnxImportedModel imported)
    {
        VaeNetwork network = imported.Network;
        VaeOptions options = manifest.Options;
        Require("inputDimension", manifest.InputDimension, network.InputDimension);
        Require("latentDimension", manifest.LatentDimension, network.LatentDimension);
        Require("likelihood", manifest.Likelihood, network.Likelihood);
        Require("activation", manifest.Activation, network.Activation);
        Require("inputScaling", manifest.InputScaling, imported.InputScaling);
        Require("options.latentDimension", options.LatentDimension, network.LatentDimension);
        Require("options.likelihood", options.Likelihood, network.Likelihood);
        Require("options.activation", options.Activation, network.Activation);
        Require("options.inputScaling", options.InputScaling, imported.InputScaling);
        Require("options.leakyReluSlope", options.LeakyReluSlope, network.LeakyReluSlope);
        Require("options.gaussianVariance", options.GaussianVariance, network.GaussianVariance);
        Require("options.hiddenLayerSizes", Sizes(options.HiddenLayerSizes), Sizes(network.EncoderHidden.Select(l => l.OutputSize)));
        Require("options.decoderHiddenLayerSizes", Sizes(options.EffectiveDecoderHiddenLayerSizes), Sizes(network.DecoderHidden.Select(l => l.OutputSize)));
        Require("tensorNames", manifest.TensorNames, imported.TensorNames);
    }

    private static string Sizes(IEnumerable<int> sizes) => "[" + string.Join(", ", sizes) + "]";

    private static void Require<T>(string member, T inManifest, T inGraphs)
    {
        if (!EqualityComparer<T>.Default.Equals(inManifest, inGraphs))
        {
            throw new VaeModelFormatException(
                $"manifest.json says {member} is {inManifest}, but the graphs in the zip have {inGraphs}. The manifest and the graphs come from "
                + "different models or were edited; save the model again.",
                Part);
        }
    }

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
