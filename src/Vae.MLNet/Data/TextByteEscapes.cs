using System.Text;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// The decoding of a CSV file, UTF-8 or the UTF-16 or UTF-32 its byte order mark names: each byte that is not part of
/// text in that encoding (in UTF-16, half a surrogate pair) becomes a character of its own, U+10FF00 plus the byte, so
/// that <see cref="CsvLineReader"/> can refuse the line that holds such bytes and name them. A decoder that threw would
/// throw where the reader decodes ahead of the lines (64 K characters at a time): far from the line, and past the last
/// row a reading of <see cref="CsvDatasetOptions.MaxRows"/> takes; one that made U+FFFD of them could not tell them from
/// that character, which text may hold, and would make one name of two categories that differ only in such bytes.
/// (.NET's decoders refuse lone surrogates, Python's "surrogateescape", as fallback characters.) The escapes lie in the
/// last plane's private use area, which a CSV file of numbers and names has little use for; they are taken for escapes
/// only once a reading's decoding has escaped a byte, so a valid file keeps its own such characters. (In a file that
/// also holds bytes that are not text, such a character within the reader's 64 K characters of read-ahead before them
/// is still taken for one.)
/// </summary>
internal sealed class TextByteEscapes : DecoderFallback
{
    // U+10FF00 as UTF-16: the byte goes into the low surrogate.
    private const char EscapeHigh = '\uDBFF';
    private const char EscapeLow = '\uDF00';

    private TextByteEscapes(string encodingName)
    {
        EncodingName = encodingName;
    }

    /// <summary>The encoding decoded: UTF-8, UTF-16 or UTF-32.</summary>
    public string EncodingName { get; }

    /// <summary>Whether a byte that is not text has been escaped, here or ahead of the lines read so far.</summary>
    public bool HasEscaped { get; private set; }

    /// <summary>The encodings a CSV file that is not UTF-8 was most likely saved in, for messages.</summary>
    public const string LikelyOtherEncodings = "Latin-1 or Windows-1252, as some spreadsheet programs save CSV";

    /// <summary>What most likely made such bytes, and what to do about them.</summary>
    public string Advice => EncodingName == "UTF-8"
        ? $"so the file was most likely saved in another encoding ({LikelyOtherEncodings}); save it as UTF-8."
        : "which its byte order mark names, so the text was damaged (half of a surrogate pair, as a string cut between the two halves of a character holds, or in UTF-32 a number beyond the last character); mend it, or save the file again as UTF-8.";

    public override int MaxCharCount => 8;

    /// <summary>
    /// The encoding of a text that begins with <paramref name="head"/>, its first four bytes (all of a shorter text): the
    /// UTF-16 or UTF-32 a byte order mark names, UTF-8 otherwise, with a decoding of its own, for one reading. Its
    /// preamble is that byte order mark, which a StreamReader skips; UTF-8's is optional.
    /// </summary>
    public static Encoding CreateEncoding(ReadOnlySpan<byte> head)
    {
        // UTF-32's little-endian mark begins with UTF-16's, so it is looked for first, as StreamReader does.
        (Encoding encoding, string name) = head switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => ((Encoding)new UTF32Encoding(bigEndian: false, byteOrderMark: true), "UTF-32"),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: true), "UTF-32"),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: true), "UTF-16"),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: true), "UTF-16"),
            _ => (new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), "UTF-8"),
        };
        var escaping = (Encoding)encoding.Clone();
        escaping.DecoderFallback = new TextByteEscapes(name);
        return escaping;
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

    private sealed class Escapes(TextByteEscapes owner) : DecoderFallbackBuffer
    {
        private readonly FallbackCharacters _escapes = new();

        public override int Remaining => _escapes.Remaining;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            bool escaped = _escapes.Start(new string([.. bytesUnknown.SelectMany(b => new[] { EscapeHigh, (char)(EscapeLow + b) })]));
            owner.HasEscaped |= escaped;
            return escaped;
        }

        public override char GetNextChar() => _escapes.Next();

        public override bool MovePrevious() => _escapes.MovePrevious();

        public override void Reset() => _escapes.Reset();
    }
}
