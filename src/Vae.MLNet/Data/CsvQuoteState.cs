namespace Vae.MLNet.Data;

/// <summary>
/// Follows a row's text, line by line, to tell whether it ends inside a quoted cell, by the rules
/// <see cref="CsvLineSplitter"/> splits it by: a quote opens a cell only at the cell's start (after spaces, unless the
/// separator is one), <c>""</c> inside it is a quote, and any other quote closes it. A row whose text ends inside one
/// goes on at the next line, the line break being the cell's, as RFC 4180 has it.
/// </summary>
internal struct CsvQuoteState(char separator)
{
    private Place _place;

    private enum Place
    {
        CellStart,
        UnquotedCell,
        QuotedCell,
        QuoteInQuotedCell,
    }

    /// <summary>Whether the text so far ends inside a quoted cell; a quote ending the text closes its cell.</summary>
    public readonly bool IsOpen => _place == Place.QuotedCell;

    /// <summary>The line the last quote that opened a cell is on, counting from 1; 0 before any.</summary>
    public int OpenedOnLine { get; private set; }

    /// <summary>Follows <paramref name="line"/>, the row's next line, whose number is <paramref name="lineNumber"/>.</summary>
    public void Follow(ReadOnlySpan<char> line, int lineNumber)
    {
        foreach (char c in line)
        {
            _place = _place switch
            {
                Place.CellStart when c == '"' => Opened(lineNumber),
                Place.CellStart when c == separator || (c == ' ' && separator != ' ') => Place.CellStart,
                Place.CellStart => Place.UnquotedCell,
                Place.UnquotedCell => c == separator ? Place.CellStart : Place.UnquotedCell,
                Place.QuotedCell => c == '"' ? Place.QuoteInQuotedCell : Place.QuotedCell,
                _ => c == '"' ? Place.QuotedCell : c == separator ? Place.CellStart : Place.UnquotedCell,
            };
        }
    }

    private Place Opened(int lineNumber)
    {
        OpenedOnLine = lineNumber;
        return Place.QuotedCell;
    }
}
