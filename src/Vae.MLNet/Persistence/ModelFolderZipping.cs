using Vae.MLNet.Text;

namespace Vae.MLNet.Persistence;

/// <summary>
/// How to zip the contents of a folder of a model's files so that they sit at the zip's root, where the loader reads
/// them: with zip and with PowerShell, as the folder may have been zipped or unzipped with either, the folder's name
/// quoted where each shell needs it.
/// </summary>
internal static class ModelFolderZipping
{
    /// <summary>
    /// The advice for <paramref name="folder"/>, whose names any of <paramref name="separators"/> part: a zip's entries
    /// may part them with / or \, while on Linux and macOS a path parts them with / only, \ being a character of a name.
    /// </summary>
    public static string HowToZipTheContentsOf(string folder, params char[] separators)
    {
        string[] names = folder.TrimEnd(separators).Split(separators);
        return $"cd {ShellWords.ForPosixShell(string.Join('/', names))} && zip -r ../model.zip ., "
            + $"or in PowerShell Compress-Archive -Path {ShellWords.ForPowerShell(string.Join('\\', [.. names, "*"]))} -DestinationPath model.zip";
    }
}
