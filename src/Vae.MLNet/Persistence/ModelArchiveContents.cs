namespace Vae.MLNet.Persistence;

/// <summary>A model zip after every check: its manifest and the engine model its validated graphs rebuild.</summary>
/// <param name="Manifest">The parsed manifest, which agrees with the graphs.</param>
/// <param name="Model">The trainable engine model rebuilt from the graphs and the manifest.</param>
internal sealed record ModelArchiveContents(VaeModelManifest Manifest, VaeModel Model);
