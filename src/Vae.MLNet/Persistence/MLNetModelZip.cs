using System.IO.Compression;

namespace Vae.MLNet.Persistence;

/// <summary>
/// Tells a model zip that ML.NET's <c>mlContext.Model.Save</c> wrote, which holds a fitted pipeline rather than a
/// Vae.MLNet model, so that the refusal of one can say how to save the VAE in it. ML.NET writes
/// <c>TrainingInfo/Version.txt</c> into every model zip and a <c>Model.key</c> for each object saved, the pipeline's
/// under <c>TransformerChain/</c>; on Windows its entry names take '\' for '/'.
/// </summary>
internal static class MLNetModelZip
{
    /// <summary>Whether <paramref name="zip"/> holds the entries ML.NET writes into every model zip.</summary>
    public static bool Is(ZipArchive zip)
    {
        string[] paths = [.. zip.Entries.Select(entry => entry.FullName.Replace('\\', '/'))];
        return paths.Contains("TrainingInfo/Version.txt", StringComparer.Ordinal)
            && paths.Any(path => path == "Model.key" || path.EndsWith("/Model.key", StringComparison.Ordinal));
    }
}
