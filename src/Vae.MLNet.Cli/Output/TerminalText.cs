using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>Text that came from a file or the command line, made safe to print on a terminal.</summary>
internal static class TerminalText
{
    /// <summary>
    /// <paramref name="text"/> with every character a terminal cannot show as itself written as its <c>\uXXXX</c> escape
    /// (<see cref="InvisibleCharacters"/>): a feature name or a model's version string read from a file could otherwise
    /// clear the screen, move the cursor or retitle the window when printed, and a no-break space in a cell would look
    /// like the space it is not.
    /// </summary>
    public static string Visible(string text) => InvisibleCharacters.Escaped(text);
}
