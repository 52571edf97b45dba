using System.Buffers;
using System.Text;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// CSV on its way to a terminal: its cells come from files (names, categories, ids read from a model or DATA), and an
/// escape sequence among them would be run, not shown: clear the screen, retitle the window, write the clipboard. Each
/// control character but the newline and the tab that lay the table out is written as its <c>\uXXXX</c> escape
/// (<see cref="InvisibleCharacters"/>). Output that is not a terminal gets the CSV as it is.
/// </summary>
/// <param name="terminal">Standard output, a terminal; left open.</param>
internal sealed class TerminalTableWriter(TextWriter terminal) : RewritingWriter(terminal)
{
    private static readonly SearchValues<char> Commands =
        SearchValues.Create([.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not '\n' and not '\t')]);

    public override void Write(ReadOnlySpan<char> buffer)
    {
        int first = buffer.IndexOfAny(Commands);
        if (first < 0)
        {
            Output.Write(buffer.ToString());
            return;
        }

        var visible = new StringBuilder(buffer.Length + 16).Append(buffer[..first]);
        foreach (char c in buffer[first..])
        {
            _ = Commands.Contains(c) ? visible.Append(InvisibleCharacters.Escaped(c.ToString())) : visible.Append(c);
        }

        Output.Write(visible.ToString());
    }
}
