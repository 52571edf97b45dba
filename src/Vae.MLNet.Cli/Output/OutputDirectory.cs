using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// A directory a command writes its files into, created before the work so that a path that cannot be one fails at
/// once, and removed again when disposed if no file was written into it: a run that failed first leaves no empty
/// directory behind.
/// </summary>
internal sealed class OutputDirectory : IDisposable
{
    private readonly string? _created;

    private OutputDirectory(string path, string? created)
    {
        Path = path;
        _created = created;
    }

    /// <summary>The directory as the user named it.</summary>
    public string Path { get; }

    /// <summary>Creates the directory <paramref name="path"/> unless it exists; <paramref name="option"/> names it in messages.</summary>
    public static OutputDirectory Create(string path, string option)
    {
        if (File.Exists(path))
        {
            throw new CommandLineException($"{option} {path}: that is a file; give a directory (it is created if missing).");
        }

        string? created = FirstMissing(System.IO.Path.GetFullPath(path));
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new CommandLineException($"{option} {path}: the directory cannot be created ({e.Message}).", e);
        }

        return new OutputDirectory(path, created);
    }

    /// <summary>Removes the directories <see cref="Create"/> made, unless a file was written into them.</summary>
    public void Dispose()
    {
        if (_created is null || !Directory.Exists(_created)
            || Directory.EnumerateFiles(_created, "*", SearchOption.AllDirectories).Any())
        {
            return;
        }

        try
        {
            Directory.Delete(_created, recursive: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Another process may have used it meanwhile; an empty directory left behind is harmless.
        }
    }

    /// <summary>The outermost directory of <paramref name="fullPath"/> that does not exist yet, or null when it exists.</summary>
    private static string? FirstMissing(string fullPath)
    {
        string? missing = null;
        for (string? path = fullPath; path is not null && !Directory.Exists(path); path = System.IO.Path.GetDirectoryName(path))
        {
            missing = path;
        }

        return missing;
    }
}
