using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.IO;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Files a command writes as one result, such as export-onnx's three graphs or train's model and its curves: every file
/// is written whole to its temporary file before the first is moved into place, so a write that fails (a full disk, a
/// quota) or a cancellation leaves every file of the set as it was. The renames that follow take no space; one refused
/// between them (a directory made at a path meanwhile, or on Windows a file another program holds open) leaves the files
/// renamed before it replaced, which its failure names. Files
/// of the set that this run leaves out are removed once the others are in place, so that none an earlier run wrote
/// is left among them; one that cannot be removed is told after every report and note, as a failure that names it.
/// The lines that report the files, and the notes after them, are printed once every one is in place: a report that
/// fails, as when standard output's reader has gone, must not leave the set half written.
/// </summary>
internal sealed class FileSet
{
    private readonly List<(string Path, Action<Stream> Write, string Report)> _files = [];
    private readonly List<(string Note, IReadOnlyList<string> EarlierFiles)> _notes = [];

    /// <summary>Adds the file <paramref name="path"/>, filled by <paramref name="write"/> and reported as <paramref name="report"/>.</summary>
    public void Add(string path, Action<Stream> write, string report) => _files.Add((path, write, report));

    /// <summary>
    /// Adds <paramref name="note"/>, a line printed after the files' reports, with the files an earlier run wrote that it
    /// accounts for, <paramref name="earlierFiles"/>, to be removed once the files added are in place. The line ends by
    /// naming those removed ("; removed the earlier a.png"): one that could not be removed is named by the failure instead.
    /// </summary>
    public void AddNote(string note, IReadOnlyList<string> earlierFiles) => _notes.Add((note, earlierFiles));

    /// <summary>
    /// Writes every file, moves them into place, removes the earlier files of the notes and prints the reports, then the
    /// notes, on <paramref name="output"/>.
    /// </summary>
    /// <exception cref="IOException">
    /// A file could not be written, and the message says that the set was left as it was; or one could not be moved into
    /// place after others were, which the message names; or an earlier file could not be removed, and the message says
    /// why, that the new files were written and to remove it by hand.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the files were moved into place.</exception>
    public void Write(TextWriter output, CancellationToken cancellation)
    {
        var writers = new List<AtomicFileWriter>(_files.Count);
        try
        {
            WriteTemporaryFiles(writers, cancellation);
            cancellation.ThrowIfCancellationRequested();
            for (int committed = 0; committed < writers.Count; committed++)
            {
                try
                {
                    writers[committed].Commit();
                }
                catch (Exception e) when (committed > 0 && e is IOException or UnauthorizedAccessException)
                {
                    throw PartlyReplaced(e, committed, writers);
                }
            }
        }
        finally
        {
            foreach (AtomicFileWriter writer in writers)
            {
                writer.Dispose();
            }
        }

        // The new files are in place whether or not the earlier ones go, so they are reported, with the notes, either way.
        (string Path, Exception Failure)[] kept = RemoveEarlierFiles();
        foreach ((_, _, string report) in _files)
        {
            output.WriteLine(report);
        }

        foreach ((string note, IReadOnlyList<string> earlierFiles) in _notes)
        {
            string[] removed = [.. earlierFiles.Where(path => !kept.Any(file => file.Path == path))];
            output.WriteLine(removed.Length > 0 ? $"{note}{TerminalText.Visible($"; removed the earlier {ShortList.Listed(removed)}")}" : note);
        }

        if (kept.Length > 0)
        {
            (string firstPath, Exception firstFailure) = kept[0];
            string[] paths = [.. kept.Select(file => file.Path)];
            string left = paths.Length == 1
                ? "it is left among them: remove it by hand."
                : $"the earlier {ShortList.Listed(paths)} are left among them: remove them by hand.";
            throw new IOException($"{WhyNotRemoved(firstPath, firstFailure)}; the new files were all written, but {left}", firstFailure);
        }
    }

    /// <summary>Removes the notes' earlier files, each tried even when one before it fails; gives those that stay.</summary>
    private (string Path, Exception Failure)[] RemoveEarlierFiles()
    {
        var kept = new List<(string Path, Exception Failure)>();
        foreach (string path in _notes.SelectMany(note => note.EarlierFiles))
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                kept.Add((path, e));
            }
        }

        return [.. kept];
    }

    /// <summary>
    /// Why <paramref name="path"/> could not be removed, in the system's words as a failed write gives them ("'a.png' could
    /// not be removed: Operation not permitted"), where .NET's own says "Access to the path '/full/a.png' is denied".
    /// </summary>
    private static string WhyNotRemoved(string path, Exception failure) =>
        (failure as IOException ?? failure.InnerException as IOException) is { } systemFailure
            ? $"'{path}' could not be removed: {RuntimeIOMessage.ReasonOf(systemFailure, Path.GetFullPath(path))}"
            : ErrorReporter.Describe(failure).TrimEnd('.');

    /// <summary>Writes each file to its temporary file, adding its writer to <paramref name="writers"/> to be committed.</summary>
    private void WriteTemporaryFiles(List<AtomicFileWriter> writers, CancellationToken cancellation)
    {
        try
        {
            foreach ((string path, Action<Stream> write, _) in _files)
            {
                var writer = new AtomicFileWriter(path, nameof(path));
                writers.Add(writer);
                write(writer.OpenStream(cancellation));
                writer.Prepare();
            }
        }
        catch (IOException e) when (_files.Count > 1 && Untouched(writers) is { Length: > 0 } kept)
        {
            string reason = ErrorReporter.Describe(e).TrimEnd('.');
            throw new IOException(kept.Length == 1 ? $"{reason}; {kept[0]} was left as it was." : $"{reason}; {string.Join(", ", kept)} were all left as they were.", e);
        }
    }

    /// <summary>
    /// <paramref name="failure"/> of the move of file <paramref name="committed"/> into place, told with the files moved
    /// before it, which replaced the earlier ones, and those from it on that <paramref name="writers"/> did not write
    /// through, left as they were.
    /// </summary>
    private IOException PartlyReplaced(Exception failure, int committed, List<AtomicFileWriter> writers)
    {
        string path = _files[committed].Path;
        string[] inPlace = [.. _files.Take(committed).Select(file => file.Path)];
        string[] asTheyWere = [.. _files.Select(file => file.Path).Where((_, index) => index >= committed && !writers[index].WritesThrough)];

        // A refusal on Windows names the file and says what to do already; .NET's own ends with the full path instead.
        string why = failure.Message.StartsWith($"'{path}'", StringComparison.Ordinal)
            ? failure.Message.TrimEnd('.')
            : $"'{path}' could not be moved into place: {RuntimeIOMessage.ReasonOf(failure, Path.GetFullPath(path))}";
        string replaced = inPlace.Length == 1 ? $"{inPlace[0]} was already in place" : $"{ShortList.Listed(inPlace)} were already in place";
        string left = asTheyWere.Length == 1 ? $"{asTheyWere[0]} was left as it was" : $"{ShortList.Listed(asTheyWere)} were left as they were";
        return new IOException($"{why}; {replaced}, and {left}.", failure);
    }

    /// <summary>
    /// The files of the set that a failure while <paramref name="writers"/> wrote them leaves as they were: all but a
    /// device or pipe, which has been written straight through.
    /// </summary>
    private string[] Untouched(List<AtomicFileWriter> writers) =>
        [.. _files.Select(file => file.Path).Where((_, index) => index >= writers.Count || !writers[index].WritesThrough)];
}
