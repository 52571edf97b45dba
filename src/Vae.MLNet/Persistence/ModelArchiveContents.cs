namespace Vae.MLNet.Persistence;

/// <summary>A model zip after every check: its manifest and the engine model its validated graphs rebuild.</summary>
/// <param name="Manifest">The parsed manifest, which agrees with the graphs.</param>
/// <param name="Model">The trainable engine model rebuilt from the graphs and the manifest.</param>
internal sealed record ModelArchiveContents(VaeModelManifest Manifest, VaeModel Model)
{
    /// <summary>
    /// Whether the zip keeps an optimizer state that a newer build wrote in a layout this build does not read, so that
    /// <see cref="Model"/> holds none: the manifest names the file, and the model was loaded without it.
    /// </summary>
    public bool HasNewerOptimizerState => Manifest.OptimizerStateFile is not null && !Model.HasOptimizerState;
}
