using Vae.MLNet.Onnx;

namespace Vae.MLNet.Persistence;

/// <summary>A model zip after every check: its manifest, its validated graphs and the engine model they rebuild.</summary>
/// <param name="Manifest">The parsed manifest, which agrees with the graphs.</param>
/// <param name="Graphs">The graph bytes, which the importer has read and accepted.</param>
/// <param name="Model">The trainable engine model rebuilt from the graphs and the manifest.</param>
internal sealed record ModelArchiveContents(VaeModelManifest Manifest, VaeOnnxGraphs Graphs, VaeModel Model);
