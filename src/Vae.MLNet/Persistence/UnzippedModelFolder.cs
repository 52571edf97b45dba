namespace Vae.MLNet.Persistence;

/// <summary>
/// Tells a folder of a model's files, as unzipping a model zip leaves them, given where the zip belongs: refused as any
/// directory is, but saying how to zip it again. The loader does not read such a folder, as it reads no other directory.
/// </summary>
internal static class UnzippedModelFolder
{
    /// <summary>Refuses <paramref name="path"/> when it is a directory holding every file VaeModel.Save always writes.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is such a directory.</exception>
    public static void Refuse(string path, string paramName)
    {
        if (Directory.Exists(path) && ModelArchive.SavedFiles.All(file => File.Exists(Path.Combine(path, file))))
        {
            throw new ArgumentException(
                $"'{path}' is a directory holding a model's files ({string.Join(", ", ModelArchive.SavedFiles)}), as unzipping a model zip leaves them; "
                + $"give the model zip, or zip the folder's contents so that they sit at the zip's root ({ModelFolderZipping.HowToZipTheContentsOf(path, Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)}).",
                paramName);
        }
    }
}
