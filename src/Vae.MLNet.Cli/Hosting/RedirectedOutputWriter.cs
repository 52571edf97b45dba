using System.Text;
using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard output redirected to a file, device or pipe (<c>&gt; rows.csv</c>, <c>| head</c>). A write that fails, on a
/// full disk, <c>/dev/full</c> or past the file-size limit, says that standard output failed, where the runtime's
/// message names no file at all; a pipe whose reader has gone stops the command with
/// <see cref="StandardOutputClosedException"/>.
/// </summary>
internal sealed class RedirectedOutputWriter : GuardedWriter
{
    // EPIPE, as .NET reports it in an IOException's HResult on Linux and macOS.
    private const int BrokenPipe = 32;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _stream;
    private readonly StreamWriter _writer;

    /// <summary>Writes each text to <paramref name="stream"/> as it comes, as <see cref="Console.Out"/> does.</summary>
    public RedirectedOutputWriter(Stream stream)
        : this(stream, new StreamWriter(stream, Utf8, bufferSize: -1, leaveOpen: true) { AutoFlush = true })
    {
    }

    private RedirectedOutputWriter(Stream stream, StreamWriter writer)
        : base(writer)
    {
        _stream = stream;
        _writer = writer;
        _writer.NewLine = "\n";
    }

    /// <summary>
    /// A writer to the same stream that writes it in parts of <paramref name="bufferSize"/> characters, for a table that
    /// would otherwise take a system call every few cells; disposing it writes what it holds. This writer holds nothing
    /// unwritten, so what it wrote before comes first.
    /// </summary>
    public RedirectedOutputWriter Buffered(int bufferSize) =>
        new(_stream, new StreamWriter(_stream, Utf8, bufferSize, leaveOpen: true));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Guarded(_writer.Dispose);
        }

        base.Dispose(disposing);
    }

    protected override void Failed(Exception failure) => throw failure switch
    {
        IOException { HResult: BrokenPipe } closed => new StandardOutputClosedException(closed),
        IOException io => new IOException($"standard output could not be written: {io.Message}; redirect it elsewhere.", io),
        ArgumentOutOfRangeException => new IOException($"standard output could not be written: it {TargetNamingStream.GrowsPastTheLargestWritable}; redirect it elsewhere.", failure),
        // .NET reports EBADF so, standard output being closed ('>&-') or open for reading only.
        _ => new IOException("standard output could not be written: it is closed or open for reading only; redirect it elsewhere.", failure),
    };
}
