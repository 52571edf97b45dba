using System.IO.Compression;

namespace Vae.MLNet.Persistence;

/// <summary>
/// Finds a model's files in a zip made of an unpacked model folder (<c>zip -r model.zip wine</c> stores
/// <c>wine/manifest.json</c>; Windows PowerShell 5.1's <c>Compress-Archive</c> stores <c>wine\manifest.json</c>), so that
/// the refusal can say where they are. The loader still reads the zip's root only: loading from a folder would take a
/// zip of several folders, or of a folder beside other files, for a model.
/// </summary>
internal static class ZippedModelFolder
{
    /// <summary>
    /// The folder, such as <c>wine/</c> or <c>wine\</c>, that holds <paramref name="name"/> and every file VaeModel.Save
    /// always writes; null when no folder does, or when several folders hold <paramref name="name"/>.
    /// </summary>
    public static string? Holding(ZipArchive zip, string name)
    {
        HashSet<string> paths = zip.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.Ordinal);
        string[] folders =
        [
            .. paths.Where(path => path.EndsWith('/' + name, StringComparison.Ordinal) || path.EndsWith('\\' + name, StringComparison.Ordinal))
                .Select(path => path[..^name.Length])
                .Take(2),
        ];
        return folders is [string folder] && ModelArchive.SavedFiles.All(file => paths.Contains(folder + file)) ? folder : null;
    }
}
