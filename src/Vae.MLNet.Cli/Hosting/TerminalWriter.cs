using System.Text;
using Spectre.Console;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard output or error while it is a terminal, which may be closed under the command: every write to a hung-up
/// terminal fails with EIO, often before the SIGHUP that stops the command arrives, and the failure would end the
/// process in the middle of its clean-up (in the live display's refresh thread, or in the error reporter's last line)
/// and leave the --plots directory or a temporary file behind. Such writes are dropped: no one is left to read them.
/// </summary>
internal sealed class TerminalWriter(TextWriter terminal) : GuardedWriter(terminal)
{
    /// <summary>
    /// Spectre's view of the terminal: Spectre takes only <see cref="Console.Out"/> itself for a terminal, so the live
    /// display asks it about the terminal and writes here.
    /// </summary>
    public IAnsiConsoleOutput AnsiOutput => new AnsiOutputOf(this);

    protected override void Failed(Exception failure)
    {
        // The terminal hung up; see the class's summary.
    }

    private sealed class AnsiOutputOf(TerminalWriter writer) : IAnsiConsoleOutput
    {
        private readonly AnsiConsoleOutput _console = new(Console.Out);

        public TextWriter Writer => writer;

        public bool IsTerminal => _console.IsTerminal;

        public int Width => _console.Width;

        public int Height => _console.Height;

        public void SetEncoding(Encoding encoding) => _console.SetEncoding(encoding);
    }
}
