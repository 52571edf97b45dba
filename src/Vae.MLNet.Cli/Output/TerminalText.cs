using System.Globalization;
using System.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>Text that came from a file or the command line, made safe to print on a terminal.</summary>
internal static class TerminalText
{
    /// <summary>
    /// <paramref name="text"/> with every control character (C0, DEL and C1) written as its <c>\uXXXX</c> escape: a
    /// feature name or a model's version string read from a file could otherwise clear the screen, move the cursor or
    /// retitle the window when printed.
    /// </summary>
    public static string Visible(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var visible = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                visible.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                visible.Append(c);
            }
        }

        return visible.ToString();
    }
}
