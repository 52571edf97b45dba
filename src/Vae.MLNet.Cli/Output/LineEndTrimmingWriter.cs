using System.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Text on its way to a file or pipe with the spaces that end each line left out. Spectre pads every cell to its
/// column's width, and without a terminal a column is as wide as its widest cell anywhere in the table, so one long
/// value made every row and blank line of a redirected table hundreds of spaces long. Spaces are held until a character
/// other than a space follows them on the same line; those a line ends with are dropped.
/// </summary>
/// <param name="output">Where the text goes; left open.</param>
internal sealed class LineEndTrimmingWriter(TextWriter output) : RewritingWriter(output)
{
    private int _heldSpaces;

    public override void Write(ReadOnlySpan<char> buffer)
    {
        var kept = new StringBuilder(buffer.Length);
        foreach (char c in buffer)
        {
            switch (c)
            {
                case ' ':
                    _heldSpaces++;
                    break;
                case '\n' or '\r':
                    _heldSpaces = 0;
                    kept.Append(c);
                    break;
                default:
                    kept.Append(' ', _heldSpaces).Append(c);
                    _heldSpaces = 0;
                    break;
            }
        }

        Output.Write(kept.ToString());
    }

    public override void WriteLine()
    {
        _heldSpaces = 0;
        base.WriteLine();
    }
}
