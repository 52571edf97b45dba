using System.Text;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// Reads lines as <see cref="TextReader.ReadLine"/> does (ended by "\n", "\r\n" or "\r"), but refuses a line longer than
/// <see cref="MaxLineLength"/>: a file with no line breaks (binary data, a file of zeros) would otherwise be gathered
/// into one string until the runtime fails with an exception that names neither the input nor the cause.
/// </summary>
internal sealed class CsvLineReader
{
    /// <summary>The longest line read, in characters: a row of a million features of 16 characters each.</summary>
    public const int MaxLineLength = 1 << 24;

    private const int BlockLength = 1 << 16;

    private readonly TextReader _reader;
    private readonly string _source;
    private readonly char[] _block = new char[BlockLength];
    private readonly StringBuilder _longLine = new();
    private int _start;
    private int _end;
    private bool _lastEndedInLoneCarriageReturn;

    public CsvLineReader(TextReader reader, string source)
    {
        _reader = reader;
        _source = source;
    }

    /// <summary>The number of the line <see cref="ReadLine"/> returned last, counting from 1.</summary>
    public int LineNumber { get; private set; }

    /// <summary>
    /// Whether some line so far ended in "\r\r\n", read as a line ended by "\r" and a blank line ended by "\r\n": the
    /// mark of a file whose line endings were converted to Windows ones twice.
    /// </summary>
    public bool HasDoubledCarriageReturns { get; private set; }

    /// <summary>The next line without its ending, or null at the end of the text.</summary>
    /// <exception cref="VaeDataException">The line is longer than <see cref="MaxLineLength"/>, or holds bytes that are not text in the file's encoding.</exception>
    public string? ReadLine()
    {
        _longLine.Clear();
        while (true)
        {
            if (_start == _end && !Fill())
            {
                return _longLine.Length == 0 ? null : Counted(_longLine.ToString());
            }

            Span<char> pending = _block.AsSpan(_start, _end - _start);
            int ending = pending.IndexOfAny('\r', '\n');
            if (ending < 0)
            {
                Append(pending);
                _start = _end;
                continue;
            }

            bool carriageReturn = pending[ending] == '\r';
            string line;
            if (_longLine.Length == 0)
            {
                line = new string(pending[..ending]);
            }
            else
            {
                Append(pending[..ending]);
                line = _longLine.ToString();
            }

            _start += ending + 1;
            bool lineFeedFollows = carriageReturn && (_start < _end || Fill()) && _block[_start] == '\n';
            if (lineFeedFollows)
            {
                _start++;
            }

            HasDoubledCarriageReturns |= lineFeedFollows && line.Length == 0 && _lastEndedInLoneCarriageReturn;
            _lastEndedInLoneCarriageReturn = carriageReturn && !lineFeedFollows;
            return Counted(line);
        }
    }

    private string Counted(string line)
    {
        LineNumber++;

        // Only a reader decoding with the escapes, once it has escaped a byte, has escaped bytes; in any other text, those
        // characters are the file's own.
        if (_reader is StreamReader { CurrentEncoding.DecoderFallback: TextByteEscapes { HasEscaped: true } escapes }
            && TextByteEscapes.EscapedIn(line) is { Length: > 0 } bytes)
        {
            throw new VaeDataException(
                $"{_source}, line {LineNumber}: the line holds bytes that are not {escapes.EncodingName} text ({ShortList.Of(bytes, b => $"0x{b:X2}")}), {escapes.Advice}",
                _source);
        }

        return line;
    }

    private void Append(ReadOnlySpan<char> part)
    {
        if (_longLine.Length + part.Length > MaxLineLength)
        {
            throw new VaeDataException(
                $"{_source}, line {LineNumber + 1}: the line is longer than {MaxLineLength} characters, so this is most likely not CSV text "
                + "(a binary file, or one without line breaks); give a CSV file with one row per line.",
                _source);
        }

        _longLine.Append(part);
    }

    private bool Fill()
    {
        _start = 0;
        _end = _reader.Read(_block, 0, _block.Length);
        return _end > 0;
    }
}
