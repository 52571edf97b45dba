using System.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// The UTF-8 decoding of a CSV file: each byte that is not part of UTF-8 text becomes a character of its own, U+10FF00
/// plus the byte, so that <see cref="CsvLineReader"/> can refuse the line that holds such bytes and name them. A decoder
/// that threw would throw where the reader decodes ahead of the lines (64 K characters at a time): far from the line,
/// and past the last row a reading of <see cref="CsvDatasetOptions.MaxRows"/> takes; one that made U+FFFD of them could
/// not tell them from that character, which UTF-8 text may hold. (.NET's decoders refuse lone surrogates, Python's
/// "surrogateescape", as fallback characters.) The escapes lie in the last plane's private use area, which a CSV file
/// of numbers and names has little use for; they are taken for escapes only once a reading's decoding has escaped a
/// byte, so a valid UTF-8 file keeps its own such characters. (In a file that also holds bytes that are not UTF-8,
/// such a character within the reader's 64 K characters of read-ahead before them is still taken for one.)
/// </summary>
internal sealed class Utf8ByteEscapes : DecoderFallback
{
    // U+10FF00 as UTF-16: the byte goes into the low surrogate.
    private const char EscapeHigh = '\uDBFF';
    private const char EscapeLow = '\uDF00';

    private Utf8ByteEscapes()
    {
    }

    /// <summary>Whether a byte that is not UTF-8 text has been escaped, here or ahead of the lines read so far.</summary>
    public bool HasEscaped { get; private set; }

    public override int MaxCharCount => 8;

    /// <summary>
    /// UTF-8 with a decoding of its own, for one reading. Its preamble lets a StreamReader that meets UTF-8's byte order
    /// mark keep it, where it would otherwise switch to a decoder of its own.
    /// </summary>
    public static Encoding CreateEncoding()
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).Clone();
        encoding.DecoderFallback = new Utf8ByteEscapes();
        return encoding;
    }

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Escapes(this);

    /// <summary>The bytes escaped in <paramref name="line"/>, in order; empty when it holds none.</summary>
    public static byte[] EscapedIn(string line)
    {
        int first = line.IndexOf(EscapeHigh, StringComparison.Ordinal);
        if (first < 0)
        {
            return [];
        }

        var bytes = new List<byte>();
        for (int i = first; i + 1 < line.Length; i++)
        {
            if (line[i] == EscapeHigh && line[i + 1] is >= EscapeLow and <= '\uDFFF')
            {
                bytes.Add((byte)(line[i + 1] - EscapeLow));
                i++;
            }
        }

        return [.. bytes];
    }

    private sealed class Escapes(Utf8ByteEscapes owner) : DecoderFallbackBuffer
    {
        private char[] _chars = [];
        private int _next;

        public override int Remaining => _chars.Length - _next;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            _chars = [.. bytesUnknown.SelectMany(b => new[] { EscapeHigh, (char)(EscapeLow + b) })];
            _next = 0;
            owner.HasEscaped |= _chars.Length > 0;
            return _chars.Length > 0;
        }

        public override char GetNextChar() => _next < _chars.Length ? _chars[_next++] : '\0';

        public override bool MovePrevious()
        {
            if (_next == 0)
            {
                return false;
            }

            _next--;
            return true;
        }

        public override void Reset()
        {
            _chars = [];
            _next = 0;
        }
    }
}
