using Vae.MLNet.Onnx;
using Vae.MLNet.Training;

namespace Vae.MLNet.Persistence;

/// <summary>What a model zip is written from, made by <see cref="ModelArchive"/>'s callers once the destination has been checked.</summary>
/// <param name="Manifest">
/// The manifest, which names the file of <paramref name="Ranges"/> when there are any, and that of
/// <paramref name="OptimizerState"/> when there is one.
/// </param>
/// <param name="Graphs">The graphs.</param>
/// <param name="Ranges">The model's feature ranges, if it has them.</param>
/// <param name="OptimizerState">The optimizer state of a checkpoint, or null for the plain model zip.</param>
internal sealed record ModelArchiveParts(VaeModelManifest Manifest, VaeOnnxGraphs Graphs, VaeFeatureRanges? Ranges, AdamState? OptimizerState = null);
