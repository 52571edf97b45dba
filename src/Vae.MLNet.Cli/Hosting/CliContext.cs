using Spectre.Console;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Where a command writes and what stops it: passed to every command instead of the process-wide console, so the
/// tests can run commands in process and capture what they print.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, bool interactive, CancellationToken cancellation)
{
    /// <summary>Results: CSV when no --out is given, reports, help.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Error messages.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Whether <see cref="Output"/> is a terminal that can show a live display.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>Signalled by Ctrl+C, SIGTERM or SIGHUP, each asking the command to stop cleanly.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>
    /// A Spectre console over <see cref="Output"/>; without a terminal it writes plain text with no colour codes and no
    /// line ending in spaces, as wide as <see cref="PipedWidth"/> allows.
    /// </summary>
    public IAnsiConsole CreateConsole()
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = Output is TerminalWriter terminalOutput ? terminalOutput.AnsiOutput : new AnsiConsoleOutput(new LineEndTrimmingWriter(Output)),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (Output is TerminalWriter terminal)
        {
            // Spectre draws ASCII borders and bars where it is told the terminal lacks box-drawing characters.
            console.Profile.Capabilities.Unicode = terminal.ShowsEveryCharacter;
        }
        else
        {
            console.Profile.Width = PipedWidth.Current;
        }

        return console;
    }
}
