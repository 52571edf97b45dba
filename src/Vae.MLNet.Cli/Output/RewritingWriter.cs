using System.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Text passed on to another writer once rewritten: every write of characters comes to
/// <see cref="Write(ReadOnlySpan{char})"/>, and line ends, flushes, the encoding and the format provider are the
/// other writer's.
/// </summary>
/// <param name="output">Where the rewritten text goes; left open.</param>
internal abstract class RewritingWriter(TextWriter output) : TextWriter
{
    public override Encoding Encoding => output.Encoding;

    public override IFormatProvider FormatProvider => output.FormatProvider;

    /// <summary>Where the rewritten text goes.</summary>
    protected TextWriter Output => output;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    /// <summary>Rewrites <paramref name="buffer"/> and writes it to <see cref="Output"/>.</summary>
    /// <param name="buffer">Characters on their way out.</param>
    public abstract override void Write(ReadOnlySpan<char> buffer);

    public override void WriteLine(string? value)
    {
        Write(value);
        WriteLine();
    }

    public override void WriteLine() => output.WriteLine();

    public override void Flush() => output.Flush();
}
