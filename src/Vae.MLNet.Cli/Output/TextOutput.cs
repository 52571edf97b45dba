using System.Text;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.IO;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Where a command's CSV (or evaluate's JSON) goes: the --out file, written atomically so an interrupted command leaves the old file (or
/// none) rather than half a table, and then reported on standard output as every file a command writes is; or
/// standard output itself when no file is named, through <see cref="TerminalTableWriter"/> when that is a terminal.
/// </summary>
internal sealed class TextOutput : IDisposable
{
    private const int TableBufferSize = 1 << 16;

    private readonly AtomicFileWriter? _file;
    private readonly string? _path;
    private readonly TextWriter _standardOutput;
    private bool _writerClosed;
    private bool _committed;

    private TextOutput(TextWriter writer, AtomicFileWriter? file, string? path, TextWriter standardOutput)
    {
        Writer = writer;
        _file = file;
        _path = path;
        _standardOutput = standardOutput;
    }

    /// <summary>The writer to fill.</summary>
    public TextWriter Writer { get; }

    /// <summary>
    /// Opens <paramref name="path"/>, given as <paramref name="option"/> (--out, --scores), which a path that cannot be
    /// written is refused as; or wraps <paramref name="standardOutput"/> when it is null, "-" or a name of this process's
    /// standard output (<c>/dev/stdout</c>).
    /// </summary>
    public static TextOutput Open(string? path, string option, TextWriter standardOutput, CancellationToken cancellation)
    {
        // Written as a file, /dev/stdout would get the table and then the report of the file written.
        if (path is null || OutputOptions.NamesStandardOutput(path))
        {
            TextWriter writer = standardOutput switch
            {
                RedirectedOutputWriter redirected => redirected.Buffered(TableBufferSize),
                TerminalWriter terminal => new TerminalTableWriter(terminal),
                _ => standardOutput,
            };
            return new TextOutput(writer, null, null, standardOutput);
        }

        var file = new AtomicFileWriter(path, option);
        return new TextOutput(new StreamWriter(file.OpenStream(cancellation), new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" }, file, path, standardOutput);
    }

    /// <summary>
    /// Makes the written text visible: moves the file into place and says so with its <paramref name="rows"/>, or
    /// flushes standard output.
    /// </summary>
    public void Commit(int rows) => Commit(Counted.Of(rows, "row"));

    /// <summary>
    /// Makes the written text visible: moves the file into place and says so with what it holds,
    /// <paramref name="content"/> ("40 rows"), or flushes standard output.
    /// </summary>
    public void Commit(string content)
    {
        Writer.Flush();
        if (_file is not null)
        {
            // The writer must let go of the temporary file before it is moved.
            CloseWriter();
            _file.Commit();
            _committed = true;
            _standardOutput.WriteLine(TerminalText.Visible($"wrote {_path} ({content})"));
        }
    }

    /// <summary>
    /// Discards an uncommitted file, even when the text it still buffers cannot be written (a full disk); on standard
    /// output, writes what the table's own buffer holds, as an unbuffered writer would have written it already.
    /// </summary>
    public void Dispose()
    {
        if (_file is null)
        {
            if (!ReferenceEquals(Writer, _standardOutput))
            {
                CloseWriter();
            }

            return;
        }

        if (_committed)
        {
            return;
        }

        _committed = true;
        try
        {
            CloseWriter();
        }
        catch (IOException)
        {
            // The text being discarded could not be flushed; there is nothing of it to keep.
        }
        finally
        {
            _file.Dispose();
        }
    }

    // A disposed StreamWriter flushes again on a second Dispose, into the stream a commit may have closed.
    private void CloseWriter()
    {
        if (!_writerClosed)
        {
            _writerClosed = true;
            Writer.Dispose();
        }
    }
}
