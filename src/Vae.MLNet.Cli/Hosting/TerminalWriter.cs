using System.Text;
using Spectre.Console;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard output or error while it is a terminal, which may be closed under the command: every write to a hung-up
/// terminal fails with EIO, often before the SIGHUP that stops the command arrives, and the failure would end the
/// process in the middle of its clean-up (in the live display's refresh thread, or in the error reporter's last line)
/// and leave the --plots directory or a temporary file behind. Such writes are dropped: no one is left to read them.
/// On a terminal whose encoding is not Unicode's (a Latin-1 locale), each character it has no bytes for is written as
/// its <c>\uXXXX</c> escape (<see cref="EscapingEncoderFallback"/>) rather than as the encoding's '?'.
/// </summary>
internal sealed class TerminalWriter : GuardedWriter
{
    // Null on a terminal that shows every character.
    private readonly Encoding? _escaping;

    public TerminalWriter(TextWriter terminal)
        : base(terminal)
    {
        _escaping = EncodesEveryCharacter(terminal.Encoding) ? null : EscapingEncoderFallback.On(terminal.Encoding);
    }

    /// <summary>
    /// Spectre's view of the terminal: Spectre takes only <see cref="Console.Out"/> itself for a terminal, so the live
    /// display asks it about the terminal and writes here.
    /// </summary>
    public IAnsiConsoleOutput AnsiOutput => new AnsiOutputOf(this);

    /// <summary>
    /// Whether the terminal's encoding has every character, so tables may have box-drawing borders; Spectre takes a
    /// Latin-1 terminal for a Unicode one.
    /// </summary>
    public bool ShowsEveryCharacter => _escaping is null;

    public override void Write(char value)
    {
        if (_escaping is null || char.IsAscii(value))
        {
            base.Write(value);
        }
        else
        {
            base.Write(Shown(value.ToString()));
        }
    }

    public override void Write(string? value) => base.Write(Shown(value));

    public override void Write(char[] buffer, int index, int count)
    {
        if (_escaping is null)
        {
            base.Write(buffer, index, count);
        }
        else
        {
            base.Write(Shown(new string(buffer, index, count)));
        }
    }

    public override void WriteLine(string? value) => base.WriteLine(Shown(value));

    protected override void Failed(Exception failure)
    {
        // The terminal hung up; see the class's summary.
    }

    private static bool EncodesEveryCharacter(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage) is UTF8Encoding or UnicodeEncoding or UTF32Encoding;

    // Encoding and decoding again leaves every character the encoding has as it was and each other one escaped.
    private string? Shown(string? text) =>
        _escaping is null || text is null || Ascii.IsValid(text) ? text : _escaping.GetString(_escaping.GetBytes(text));

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
