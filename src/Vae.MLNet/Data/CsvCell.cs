namespace Vae.MLNet.Data;

/// <summary>
/// One cell of a split CSV line: where it lies in the line, or its own text when a quoted cell's <c>""</c> had to be
/// unescaped. Parsing a cell in place makes no string of it, which for a numeric file would be one per value.
/// </summary>
/// <param name="Start">Where the cell begins in the line.</param>
/// <param name="Length">How many characters of the line it takes.</param>
/// <param name="Unescaped">The cell's text when it differs from the line's characters; otherwise null.</param>
internal readonly record struct CsvCell(int Start, int Length, string? Unescaped)
{
    /// <summary>The cell's characters in <paramref name="line"/>, the line it was split from.</summary>
    public ReadOnlySpan<char> In(string line) => Unescaped ?? line.AsSpan(Start, Length);

    /// <summary>The cell's text, as a string of its own.</summary>
    public string Text(string line) => Unescaped ?? line.Substring(Start, Length);
}
