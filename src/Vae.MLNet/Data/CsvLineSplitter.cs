namespace Vae.MLNet.Data;

/// <summary>
/// Splits one CSV row into cells. A cell may be wrapped in double quotes (so a header name can contain the separator),
/// with <c>""</c> standing for a quote inside it, and hold line breaks, which <see cref="CsvLineReader.ReadRow"/> reads
/// on over by the same rules (<see cref="CsvQuoteState"/>).
/// </summary>
internal static class CsvLineSplitter
{
    /// <summary>Fills <paramref name="cells"/> with the cells of <paramref name="line"/>, outer quotes removed.</summary>
    /// <remarks>Spaces before an opening quote are padding (<c>a, "b"</c>), unless the separator is itself a space.</remarks>
    /// <returns>The zero-based index of a cell whose opening quote is never closed, or -1 when the line is well formed.</returns>
    public static int Split(string line, char separator, List<CsvCell> cells)
    {
        cells.Clear();
        int position = 0;
        while (true)
        {
            int start = position;
            while (start < line.Length && line[start] == ' ' && separator != ' ')
            {
                start++;
            }

            if (start < line.Length && line[start] == '"')
            {
                int close = FindClosingQuote(line, start + 1);
                if (close < 0)
                {
                    return cells.Count;
                }

                int next = line.IndexOf(separator, close + 1);
                int end = next < 0 ? line.Length : next;

                // Text after the closing quote (other than padding) means the quotes did not wrap the whole cell; keep
                // it verbatim so the caller reports the cell as written.
                if (line.AsSpan(close + 1, end - close - 1).Trim(' ').IsEmpty)
                {
                    ReadOnlySpan<char> inner = line.AsSpan(start + 1, close - start - 1);
                    cells.Add(inner.Contains("\"\"", StringComparison.Ordinal)
                        ? new CsvCell(start + 1, inner.Length, inner.ToString().Replace("\"\"", "\"", StringComparison.Ordinal))
                        : new CsvCell(start + 1, inner.Length, null));
                }
                else
                {
                    cells.Add(new CsvCell(position, end - position, null));
                }

                if (next < 0)
                {
                    return -1;
                }

                position = next + 1;
            }
            else
            {
                int next = line.IndexOf(separator, position);
                int end = next < 0 ? line.Length : next;
                cells.Add(new CsvCell(position, end - position, null));
                if (next < 0)
                {
                    return -1;
                }

                position = next + 1;
            }
        }
    }

    private static int FindClosingQuote(string line, int from)
    {
        for (int i = from; i < line.Length; i++)
        {
            if (line[i] != '"')
            {
                continue;
            }

            if (i + 1 < line.Length && line[i + 1] == '"')
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
