namespace Vae.MLNet.IO;

/// <summary>
/// Opens a file the library reads (data, model zips), turning the ways a path can miss a file into the exceptions the
/// readers document: a directory is a bad argument, and a missing file or folder is a missing file.
/// </summary>
internal static class InputFile
{
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names a directory.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>, or its folder does not exist.</exception>
    public static FileStream OpenRead(string path, string paramName, int bufferSize = 4096)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, paramName);
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"'{path}' is a directory; give the path of a file.", paramName);
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"Could not find the file '{path}': its folder does not exist.", path, e);
        }
    }
}
