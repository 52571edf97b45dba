using System.Text;
using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// A standard stream as the commands write to it: every write and flush is passed on, and a failure of the stream
/// (<see cref="IOException"/>, the <see cref="ArgumentOutOfRangeException"/> .NET makes of a file grown past its limit,
/// or <see cref="UnauthorizedAccessException"/> for a closed descriptor) is handed to <see cref="Failed"/>, which decides
/// what the command sees of it.
/// </summary>
internal abstract class GuardedWriter(TextWriter stream) : TextWriter
{
    public override Encoding Encoding => stream.Encoding;

    public override IFormatProvider FormatProvider => stream.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => stream.NewLine;
        set => stream.NewLine = value;
    }

    public override void Write(char value) => Guarded(() => stream.Write(value));

    public override void Write(string? value) => Guarded(() => stream.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guarded(() => stream.Write(buffer, index, count));

    public override void WriteLine(string? value) => Guarded(() => stream.WriteLine(value));

    public override void WriteLine() => Guarded(stream.WriteLine);

    public override void Flush() => Guarded(stream.Flush);

    /// <summary>Called with the stream's failure; returning drops the write, throwing ends the command.</summary>
    protected abstract void Failed(Exception failure);

    /// <summary>Runs <paramref name="write"/>, handing a failure of the stream to <see cref="Failed"/>.</summary>
    protected void Guarded(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (TargetNamingStream.IsWriteFailure(e) || e is UnauthorizedAccessException)
        {
            Failed(e);
        }
    }
}
