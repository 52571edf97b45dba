using System.Text;
using Vae.MLNet.Imaging;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Where a command's CSV goes: the --out file, written atomically so an interrupted command leaves the old file (or
/// none) rather than half a table, or standard output when no file is named.
/// </summary>
internal sealed class TextOutput : IDisposable
{
    private readonly AtomicFileWriter? _file;
    private bool _done;

    private TextOutput(TextWriter writer, AtomicFileWriter? file)
    {
        Writer = writer;
        _file = file;
    }

    /// <summary>The writer to fill.</summary>
    public TextWriter Writer { get; }

    /// <summary>Opens <paramref name="path"/>, or wraps <paramref name="standardOutput"/> when it is null or "-".</summary>
    public static TextOutput Open(string? path, TextWriter standardOutput)
    {
        if (path is null or OutputOptions.StandardOutput)
        {
            return new TextOutput(standardOutput, null);
        }

        var file = new AtomicFileWriter(path, "--out");
        return new TextOutput(new StreamWriter(file.Stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" }, file);
    }

    /// <summary>Makes the written text visible: moves the file into place, or flushes standard output.</summary>
    public void Commit()
    {
        Writer.Flush();
        if (_file is not null)
        {
            // The writer must let go of the temporary file before it is moved.
            _done = true;
            Writer.Dispose();
            _file.Commit();
        }
    }

    /// <summary>Discards an uncommitted file.</summary>
    public void Dispose()
    {
        // A disposed StreamWriter flushes again on a second Dispose, into the stream the commit closed.
        if (_file is not null && !_done)
        {
            _done = true;
            Writer.Dispose();
            _file.Dispose();
        }
    }
}
