using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>Rows read from DATA, with the image shape when the file itself declares one (IDX).</summary>
/// <param name="Path">The file as the user named it, for messages.</param>
/// <param name="Data">The rows.</param>
/// <param name="Shape">The images' shape for IDX input; null for CSV.</param>
internal sealed record LoadedData(string Path, VaeDataset Data, ImageShape? Shape);
