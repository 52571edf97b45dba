using System.Text;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// Reads lines as <see cref="TextReader.ReadLine"/> does (ended by "\n", "\r\n" or "\r"), or rows, which run on over
/// the line breaks a quoted cell holds; but refuses a line or row longer than <see cref="MaxLineLength"/>: a file with
/// no line breaks (binary data, a file of zeros) would otherwise be gathered into one string until the runtime fails
/// with an exception that names neither the input nor the cause. The limit holds for a CSV file's rows too, so one of
/// more columns than fit in it is refused as well.
/// </summary>
internal sealed class CsvLineReader
{
    /// <summary>The longest line or row read, in characters: a row of a million features of 16 characters each.</summary>
    public const int MaxLineLength = 1 << 24;

    private const int BlockLength = 1 << 16;

    // The fewest separators in the characters of a line too long to read that tell a row of many columns from a file
    // that is not CSV text: one in this many characters, where random bytes hold one in 256 and a number cell is shorter.
    private const int CharactersPerSeparatorOfARow = 64;

    private readonly TextReader _reader;
    private readonly string _source;
    private readonly char[] _block = new char[BlockLength];
    private readonly StringBuilder _longLine = new();
    private int _start;
    private int _end;
    private bool _lastEndedInLoneCarriageReturn;

    // The line break that ended the line read last, as written: a quoted cell that goes on past it keeps it.
    private string _lastEnding = string.Empty;

    // The characters of the row being read that come before the line being read, with their line breaks.
    private int _rowLengthBefore;
    private CsvQuoteState _quotes;

    // The separator of the row being read; null for a line, which ReadLine reads whatever it holds.
    private char? _separator;

    public CsvLineReader(TextReader reader, string source)
    {
        _reader = reader;
        _source = source;
    }

    /// <summary>The number of the line read last, counting from 1: the last line of a row that runs on over several.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The number of the line that the line or row read last starts on, counting from 1.</summary>
    public int StartLineNumber { get; private set; }

    /// <summary>
    /// The line on which the row <see cref="ReadRow"/> returned last opens a quote that the text never closes; 0 when
    /// it closes every quote.
    /// </summary>
    public int UnclosedQuoteLineNumber { get; private set; }

    /// <summary>
    /// Whether some line so far ended in "\r\r\n", read as a line ended by "\r" and a blank line ended by "\r\n": the
    /// mark of a file whose line endings were converted to Windows ones twice.
    /// </summary>
    public bool HasDoubledCarriageReturns { get; private set; }

    /// <summary>The next line without its ending, or null at the end of the text.</summary>
    /// <exception cref="VaeDataException">The line is longer than <see cref="MaxLineLength"/>, or holds bytes that are not text in the file's encoding.</exception>
    public string? ReadLine()
    {
        _separator = null;
        return StartLine();
    }

    /// <summary>Passes over the next <paramref name="count"/> lines, or the rest of the text when it has fewer.</summary>
    /// <exception cref="VaeDataException">A line is longer than <see cref="MaxLineLength"/>, or holds bytes that are not text in the file's encoding.</exception>
    public void Skip(int count)
    {
        for (int skipped = 0; skipped < count; skipped++)
        {
            if (ReadLine() is null)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The next row without its ending, its cells separated by <paramref name="separator"/>: a line, or where a quoted
    /// cell holds line breaks, the lines up to the one that closes it, with the line breaks as written; null at the end
    /// of the text. A quote left open at the end of the text ends the row there (<see cref="UnclosedQuoteLineNumber"/>).
    /// </summary>
    /// <exception cref="VaeDataException">The row is longer than <see cref="MaxLineLength"/>, or holds bytes that are not text in the file's encoding.</exception>
    public string? ReadRow(char separator)
    {
        UnclosedQuoteLineNumber = 0;
        _separator = separator;
        string? line = StartLine();

        // Only a line holding a quote can open a cell that goes on at the next one.
        if (line is null || !line.Contains('"', StringComparison.Ordinal))
        {
            return line;
        }

        _quotes = new CsvQuoteState(separator);
        _quotes.Follow(line, LineNumber);
        if (!_quotes.IsOpen)
        {
            return line;
        }

        var row = new StringBuilder(line);
        while (_quotes.IsOpen)
        {
            string lineBreak = _lastEnding;
            _rowLengthBefore = row.Length + lineBreak.Length;
            if (lineBreak.Length == 0 || NextLine() is not { } next)
            {
                UnclosedQuoteLineNumber = _quotes.OpenedOnLine;
                break;
            }

            row.Append(lineBreak).Append(next);
            _quotes.Follow(next, LineNumber);
        }

        return row.ToString();
    }

    private string? StartLine()
    {
        StartLineNumber = LineNumber + 1;
        _rowLengthBefore = 0;
        return NextLine();
    }

    private string? NextLine()
    {
        _longLine.Clear();
        while (true)
        {
            if (_start == _end && !Fill())
            {
                _lastEnding = string.Empty;
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
                RequireRoomFor(ending);
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

            _lastEnding = lineFeedFollows ? "\r\n" : carriageReturn ? "\r" : "\n";
            HasDoubledCarriageReturns |= lineFeedFollows && line.Length == 0 && _lastEndedInLoneCarriageReturn;
            _lastEndedInLoneCarriageReturn = carriageReturn && !lineFeedFollows;
            return Counted(line);
        }
    }

    private string Counted(string line)
    {
        LineNumber++;

        // Every byte order mark the text starts with, should a file have been saved with one more than once: none is
        // part of a name, and one before a quote would keep the quote from opening its cell.
        if (LineNumber == 1)
        {
            line = line.TrimStart('\uFEFF');
        }

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
        RequireRoomFor(_longLine.Length + part.Length);
        _longLine.Append(part);
    }

    private void RequireRoomFor(int lineLength)
    {
        if (_rowLengthBefore + lineLength <= MaxLineLength)
        {
            return;
        }

        throw new VaeDataException(
            StartLineNumber == LineNumber + 1
                ? $"{_source}, line {StartLineNumber}: the line is longer than {MaxLineLength} characters, the most a line (a row) may hold{TooLongLineCause()}"
                : $"{_source}, line {StartLineNumber}: the row that starts on this line runs on over the line breaks a quoted cell holds to line {LineNumber + 1}, "
                    + $"where it is longer than {MaxLineLength} characters; most likely the quote opened on line {_quotes.OpenedOnLine} is never closed: close it where its cell ends.",
            _source);
    }

    // What most likely made the line too long, told by the separators in the part of it gathered so far.
    private string TooLongLineCause()
    {
        int separators = 0;
        if (_separator is { } separator)
        {
            foreach (ReadOnlyMemory<char> chunk in _longLine.GetChunks())
            {
                separators += chunk.Span.Count(separator);
            }
        }

        const string remedy = "write the file with fewer columns per row (fewer features); the limit cannot be raised.";
        return separators > 0 && separators >= _longLine.Length / CharactersPerSeparatorOfARow
            ? $"; the {_longLine.Length} characters read of it hold {separators} {CsvColumnLayout.SeparatorName(_separator!.Value)} separators, so it is most likely a row of more columns than fit in that: {remedy}"
            : $", so this is most likely not CSV text (a binary file, or one without line breaks): give a CSV file with one row per line. Were it a row of more columns than fit in that, {remedy}";
    }

    private bool Fill()
    {
        _start = 0;
        _end = _reader.Read(_block, 0, _block.Length);
        return _end > 0;
    }
}
