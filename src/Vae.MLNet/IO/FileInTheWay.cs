namespace Vae.MLNet.IO;

/// <summary>
/// Finds the file that stands where a path needs a directory, as <c>notes.txt</c> does in <c>notes.txt/model.zip</c>:
/// such a path fails as if a directory were missing, and "create it" would be advice nobody can take.
/// </summary>
internal static class FileInTheWay
{
    /// <summary>
    /// The closest existing entry above <paramref name="fullPath"/> when it is a file (or a link to one); null when it is a
    /// directory, as it is for every path that can be written.
    /// </summary>
    public static string? Above(string fullPath)
    {
        for (string? entry = Path.GetDirectoryName(fullPath); entry is not null; entry = Path.GetDirectoryName(entry))
        {
            if (Directory.Exists(entry))
            {
                return null;
            }

            if (File.Exists(entry))
            {
                return entry;
            }
        }

        return null;
    }
}
