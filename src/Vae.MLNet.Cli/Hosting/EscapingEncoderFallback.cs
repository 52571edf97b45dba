using System.Text;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Writes each character an encoding has no bytes for as its <c>\uXXXX</c> escape (<c>\UXXXXXXXX</c> beyond the BMP),
/// as <see cref="InvisibleCharacters"/> writes those a terminal would not show. An encoding's own fallback writes '?'
/// or a look-alike, which turns the file name "dαta.csv" in an error into "d?ta.csv", another name, and β into
/// nothing anyone can read back.
/// </summary>
internal sealed class EscapingEncoderFallback : EncoderFallback
{
    private static readonly EscapingEncoderFallback Instance = new();

    // The longest escape, \UXXXXXXXX.
    public override int MaxCharCount => 10;

    /// <summary><paramref name="encoding"/>'s code page, with this fallback for the characters it cannot encode.</summary>
    public static Encoding On(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, Instance, DecoderFallback.ReplacementFallback);

    public override EncoderFallbackBuffer CreateFallbackBuffer() => new EscapeBuffer();

    private sealed class EscapeBuffer : EncoderFallbackBuffer
    {
        private readonly FallbackCharacters _escape = new();

        public override int Remaining => _escape.Remaining;

        public override bool Fallback(char charUnknown, int index) => _escape.Start(InvisibleCharacters.EscapeOf(charUnknown));

        public override bool Fallback(char charUnknownHigh, char charUnknownLow, int index) =>
            _escape.Start(InvisibleCharacters.EscapeOf(char.ConvertToUtf32(charUnknownHigh, charUnknownLow)));

        public override char GetNextChar() => _escape.Next();

        public override bool MovePrevious() => _escape.MovePrevious();

        public override void Reset() => _escape.Reset();
    }
}
