using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.IO;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Files a command writes as one result, such as export-onnx's three graphs or train's model and its curves: every file
/// is written whole to its temporary file before the first is moved into place, so a write that fails (a full disk, a
/// quota) or a cancellation leaves every file of the set as it was. The renames that follow take no space; only one
/// refused between them (a directory made at a path meanwhile) would leave the files renamed before it replaced. Files
/// of the set that this run leaves out are removed once the others are in place, so that none an earlier run wrote
/// is left among them; one that cannot be removed is reported after the others are, as a failure that names it. The
/// lines that report the files are printed once every one is in place: a report that fails, as when standard output's
/// reader has gone, must not leave the set half written.
/// </summary>
internal sealed class FileSet
{
    private readonly List<(string Path, Action<Stream> Write, string Report)> _files = [];
    private readonly List<string> _removed = [];

    /// <summary>Adds the file <paramref name="path"/>, filled by <paramref name="write"/> and reported as <paramref name="report"/>.</summary>
    public void Add(string path, Action<Stream> write, string report) => _files.Add((path, write, report));

    /// <summary>Adds the file <paramref name="path"/>, an earlier run's, to be removed once the files added are in place.</summary>
    public void Remove(string path) => _removed.Add(path);

    /// <summary>Writes every file, moves them into place, removes those to be removed and prints the reports on <paramref name="output"/>.</summary>
    /// <exception cref="IOException">
    /// A file could not be written, and the message says that the set was left as it was; or an earlier file could not be
    /// removed, and the message says that the new files were written and to remove it by hand.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the files were moved into place.</exception>
    public void Write(TextWriter output, CancellationToken cancellation)
    {
        var writers = new List<AtomicFileWriter>(_files.Count);
        try
        {
            WriteTemporaryFiles(writers, cancellation);
            cancellation.ThrowIfCancellationRequested();
            foreach (AtomicFileWriter writer in writers)
            {
                writer.Commit();
            }
        }
        finally
        {
            foreach (AtomicFileWriter writer in writers)
            {
                writer.Dispose();
            }
        }

        // The new files are in place whether or not the earlier ones go, so they are reported either way.
        (string Path, Exception Failure)[] kept = RemoveEarlierFiles();
        foreach ((_, _, string report) in _files)
        {
            output.WriteLine(report);
        }

        if (kept.Length > 0)
        {
            string reason = ErrorReporter.Describe(kept[0].Failure).TrimEnd('.');
            string[] paths = [.. kept.Select(file => file.Path)];
            throw new IOException(
                $"{reason}; the new files were all written, but the earlier {ShortList.Listed(paths)} could not be removed and "
                + (paths.Length == 1 ? "is left among them: remove it by hand." : "are left among them: remove them by hand."),
                kept[0].Failure);
        }
    }

    /// <summary>Removes the earlier files to be removed, each tried even when one before it fails; gives those that stay.</summary>
    private (string Path, Exception Failure)[] RemoveEarlierFiles()
    {
        var kept = new List<(string Path, Exception Failure)>();
        foreach (string path in _removed)
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
    /// The files of the set that a failure while <paramref name="writers"/> wrote them leaves as they were: all but a
    /// device or pipe, which has been written straight through.
    /// </summary>
    private string[] Untouched(List<AtomicFileWriter> writers) =>
        [.. _files.Select(file => file.Path).Where((_, index) => index >= writers.Count || !writers[index].WritesThrough)];
}
