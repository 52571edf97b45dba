namespace Vae.MLNet.IO;

/// <summary>
/// Finds what stands where a path needs a directory: a file, as <c>notes.txt</c> does in <c>notes.txt/model.zip</c>, or
/// a symbolic link that leads to nothing, as one to a drive not mounted does. Such a path fails as if a directory were
/// missing, and "create it" would be advice nobody can take, or that names the wrong place.
/// </summary>
internal static class FileInTheWay
{
    /// <summary>
    /// The closest existing entry at or above <paramref name="directory"/> when it is a file (or a link to one); null
    /// when it is a directory, as it is for every directory that can be written into, or a link that leads to nothing.
    /// </summary>
    public static string? AtOrAbove(string directory) =>
        ClosestEntry(directory) is { } entry && BrokenLink(entry) is null ? entry : null;

    /// <summary>
    /// Why the closest existing entry at or above <paramref name="directory"/>, a symbolic link, leads to nothing, as
    /// "'…/out' is a symbolic link to '/mnt/usb/models', which does not exist"; null when it is no such link.
    /// </summary>
    public static string? BrokenLinkAtOrAbove(string directory) => ClosestEntry(directory) is { } entry ? BrokenLink(entry) : null;

    // Null when that entry is a directory, or a link to one.
    private static string? ClosestEntry(string directory)
    {
        for (string? entry = directory; entry is not null; entry = Path.GetDirectoryName(entry))
        {
            if (Directory.Exists(entry))
            {
                return null;
            }

            // True for a link whatever it leads to, or whether it leads anywhere.
            if (File.Exists(entry))
            {
                return entry;
            }
        }

        return null;
    }

    private static string? BrokenLink(string entry) => SpecialFiles.FollowLinks(entry).Path switch
    {
        null => $"'{entry}' leads through more symbolic links than the system follows, a loop",
        { } target when !Path.Exists(target) => $"'{entry}' is a symbolic link to '{target}', which does not exist",
        _ => null,
    };
}
