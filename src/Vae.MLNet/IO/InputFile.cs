namespace Vae.MLNet.IO;

/// <summary>
/// Opens a file the library reads (data, model zips), turning the ways a path can miss a file into the exceptions the
/// readers document: a directory is a bad argument, and a missing file or folder is a missing file; and refuses a stream
/// given in a file's place that cannot be read.
/// </summary>
internal static class InputFile
{
    /// <summary>
    /// What a file being read lets other processes do with it: write it (Windows refused to open a CSV open in Excel,
    /// which holds its files open for writing) and delete or rename over it (another process's atomic replacement of a
    /// model being read). Linux and macOS lock only advisorily, and take any sharing but none alike, for a shared lock.
    /// </summary>
    private const FileShare ReadersSharing = FileShare.ReadWrite | FileShare.Delete;

    /// <summary>Refuses a stream that cannot be read, which would fail its first read with a bare NotSupportedException.</summary>
    /// <param name="stream">The caller's stream.</param>
    /// <param name="paramName">The caller's name for it.</param>
    /// <param name="content">What the stream should start with, as in "the start of a model zip".</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public static void RequireReadable(Stream stream, string paramName, string content)
    {
        if (!stream.CanRead)
        {
            throw new ArgumentException($"The stream cannot be read (it is write-only or closed); pass a readable stream positioned at the start of {content}.", paramName);
        }
    }

    /// <summary>Refuses a path that cannot name a file to read, before the reader checks the rest of its arguments.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static void RequirePath(string path, string paramName)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        if (path.Length == 0)
        {
            throw new ArgumentException("The path is empty; give the path of a file.", paramName);
        }
    }

    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names a directory.</exception>
    /// <exception cref="FileNotFoundException">
    /// There is no file at <paramref name="path"/>, or its folder does not exist or is a file (as <c>notes.txt</c> is in
    /// <c>notes.txt/model.zip</c>), which the message names.
    /// </exception>
    public static FileStream OpenRead(string path, string paramName, int bufferSize = 4096)
    {
        RequirePath(path, paramName);
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"'{path}' is a directory; give the path of a file.", paramName);
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, ReadersSharing, bufferSize);
        }
        catch (DirectoryNotFoundException e)
        {
            // A file where a folder belongs (ENOTDIR) comes as a missing folder, as does a link that leads nowhere.
            string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            string why = FileInTheWay.AtOrAbove(folder) is { } file
                ? $"'{file}' is a file, not a directory; give a path whose folders are directories"
                : FileInTheWay.BrokenLinkAtOrAbove(folder) ?? "its folder does not exist";
            throw new FileNotFoundException($"Could not find the file '{path}': {why}.", path, e);
        }
    }
}
