using System.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// The UTF-8 decoding of one CSV reading: bytes that are not UTF-8 become U+FFFD, as .NET's own decoder makes them,
/// and the first of them are kept, so that <see cref="CsvLineReader"/> can refuse the first line holding one by its
/// number. A decoder that threw would throw where the reader decodes ahead of the lines (64 K characters at a time):
/// far from the line, and past the last row a reading of <see cref="CsvDatasetOptions.MaxRows"/> takes.
/// </summary>
internal sealed class Utf8Replacements : DecoderFallback
{
    public Utf8Replacements()
    {
        // With UTF-8's preamble, a StreamReader that meets the byte order mark keeps this encoding; without it, it
        // would switch to a decoder of its own.
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).Clone();
        encoding.DecoderFallback = this;
        Encoding = encoding;
    }

    /// <summary>The encoding to read with.</summary>
    public Encoding Encoding { get; }

    /// <summary>The first bytes that were not UTF-8, or null while there were none.</summary>
    public byte[]? FirstReplaced { get; private set; }

    public override int MaxCharCount => 1;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Replacement(this);

    private sealed class Replacement(Utf8Replacements replacements) : DecoderFallbackBuffer
    {
        private int _remaining;

        public override int Remaining => _remaining;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            replacements.FirstReplaced ??= bytesUnknown;
            _remaining = 1;
            return true;
        }

        public override char GetNextChar()
        {
            if (_remaining == 0)
            {
                return '\0';
            }

            _remaining--;
            return '\uFFFD';
        }

        public override bool MovePrevious()
        {
            if (_remaining != 0)
            {
                return false;
            }

            _remaining = 1;
            return true;
        }

        public override void Reset() => _remaining = 0;
    }
}
