using System.CommandLine.Parsing;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// A directory a command writes its files into, created before the work so that a path that cannot be one fails at
/// once, and removed again when disposed if nothing was written into it: a run that failed first leaves no empty
/// directory behind. Only directories this made are removed, and only while empty, so nothing else is ever deleted.
/// </summary>
internal sealed class OutputDirectory : IDisposable
{
    private readonly string _option;
    private readonly string _fullPath;
    private readonly string? _outermostCreated;
    private readonly (string Name, string Path)[] _filesRead;

    private OutputDirectory(string path, string option, string fullPath, string? outermostCreated, (string Name, string Path)[] filesRead)
    {
        Path = path;
        _option = option;
        _fullPath = fullPath;
        _outermostCreated = outermostCreated;
        _filesRead = filesRead;
    }

    /// <summary>The directory as the user named it.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates the directory <paramref name="path"/> unless it exists; <paramref name="option"/> names it in messages, and
    /// the files <paramref name="command"/> reads are never written over.
    /// </summary>
    public static OutputDirectory Create(string path, string option, CommandResult command)
    {
        string fullPath = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        if (FileInTheWay.AtOrAbove(fullPath) is { } file)
        {
            throw new CommandLineException(file == fullPath
                ? $"{option} {path}: that is a file; give a directory (it is created if missing)."
                : $"{option} {path}: '{file}' is a file, not a directory, so no directory can be made in it; give a path whose folders are directories.");
        }

        if (FileInTheWay.BrokenLinkAtOrAbove(fullPath) is { } link)
        {
            throw new CommandLineException($"{option} {path}: {link}, so no directory can be made there; make the link lead to a directory, or give another path.");
        }

        var directory = new OutputDirectory(path, option, fullPath, OutermostMissing(fullPath), InputOutputClashes.FilesRead(command));
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Directory.CreateDirectory may have made some of the parents before it failed.
            directory.Dispose();
            throw new CommandLineException($"{option} {path}: the directory cannot be created ({e.Message}).", e);
        }

        return directory;
    }

    /// <summary>
    /// The path of the file <paramref name="name"/> in the directory, checked as <see cref="OutputOptions.RequireWritableFile"/>
    /// checks --out, and refused when it is a file the command reads. Asked for before the work, so that an existing
    /// directory this process may not write into, or a read-only file of that name in it, fails at once rather than
    /// after the work.
    /// </summary>
    public string WritableFile(string name) => Checked(name, $"get its {name} written over");

    /// <summary>
    /// The paths of the files of <paramref name="names"/> the directory holds, for a run that writes none of them: those
    /// an earlier run left, as <paramref name="leftByEarlierRun"/> tells from a file's path, checked as
    /// <see cref="WritableFile"/> checks one written, to be removed; and the others, to be left alone. A directory of
    /// such a name is neither, and is left alone too.
    /// </summary>
    public (string[] Earlier, string[] Others) EarlierFiles(IEnumerable<string> names, Func<string, bool> leftByEarlierRun)
    {
        string[] held = [.. names.Where(name => File.Exists(PathOf(name)))];
        string[] earlier = [.. held.Where(name => leftByEarlierRun(PathOf(name)))];
        return (
            [.. earlier.Select(name => Checked(name, $"get its earlier {name} removed, and that is"))],
            [.. held.Except(earlier).Select(PathOf)]);
    }

    /// <summary>The path of the file <paramref name="name"/> in the directory.</summary>
    private string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The path of <paramref name="name"/>, refused when it is a file the command reads, which it would <paramref name="fate"/>.</summary>
    private string Checked(string name, string fate)
    {
        string path = PathOf(name);
        foreach ((string readBy, string read) in _filesRead)
        {
            if (InputOutputClashes.SameFile(path, read))
            {
                throw new CommandLineException($"{_option} {Path} would {fate} {read}, the {readBy} this command reads; write into another directory.");
            }
        }

        OutputOptions.RequireWritableFile(path, _option);
        return path;
    }

    /// <summary>Removes, innermost first, the empty directories <see cref="Create"/> made.</summary>
    public void Dispose()
    {
        if (_outermostCreated is null)
        {
            return;
        }

        try
        {
            // A non-recursive delete fails on a directory that holds anything, which ends the walk.
            for (string? level = _fullPath; level is not null; level = System.IO.Path.GetDirectoryName(level))
            {
                if (Directory.Exists(level))
                {
                    Directory.Delete(level, recursive: false);
                }

                if (level == _outermostCreated)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Not empty, or taken over meanwhile: it is kept, which is all a failure to remove it can mean.
        }
    }

    /// <summary>The outermost directory of <paramref name="fullPath"/> that does not exist yet, or null when it exists.</summary>
    private static string? OutermostMissing(string fullPath)
    {
        string? missing = null;
        for (string? path = fullPath; path is not null && !Directory.Exists(path); path = System.IO.Path.GetDirectoryName(path))
        {
            missing = path;
        }

        return missing;
    }
}
