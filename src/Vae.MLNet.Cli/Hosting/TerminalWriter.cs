using System.Text;
using Spectre.Console;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard output or error while it is a terminal, which may be closed under the command: every write to a hung-up
/// terminal fails with EIO, often before the SIGHUP that stops the command arrives, and the failure would end the
/// process in the middle of its clean-up (in the live display's refresh thread, or in the error reporter's last line)
/// and leave the --plots directory or a temporary file behind. Such writes are dropped: no one is left to read them.
/// </summary>
internal sealed class TerminalWriter(TextWriter terminal) : TextWriter
{
    public override Encoding Encoding => terminal.Encoding;

    public override IFormatProvider FormatProvider => terminal.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => terminal.NewLine;
        set => terminal.NewLine = value;
    }

    /// <summary>
    /// Spectre's view of the terminal: Spectre takes only <see cref="Console.Out"/> itself for a terminal, so the live
    /// display asks it about the terminal and writes here.
    /// </summary>
    public IAnsiConsoleOutput AnsiOutput => new AnsiOutputOf(this);

    public override void Write(char value) => Dropping(() => terminal.Write(value));

    public override void Write(string? value) => Dropping(() => terminal.Write(value));

    public override void Write(char[] buffer, int index, int count) => Dropping(() => terminal.Write(buffer, index, count));

    public override void WriteLine(string? value) => Dropping(() => terminal.WriteLine(value));

    public override void WriteLine() => Dropping(terminal.WriteLine);

    public override void Flush() => Dropping(terminal.Flush);

    private static void Dropping(Action write)
    {
        try
        {
            write();
        }
        catch (IOException)
        {
            // The terminal hung up; see the class's summary.
        }
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
