using System.Globalization;

namespace Vae.MLNet.Cli.Output;

/// <summary>How the commands write CSV: invariant culture, round-trip floats, "\n" line ends.</summary>
internal static class CsvFormat
{
    /// <summary>Column names prefix_0 … prefix_{count-1}.</summary>
    public static IEnumerable<string> Numbered(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}_{i}");

    /// <summary>
    /// A header naming <paramref name="count"/> features as <paramref name="names"/> does, each quoted where it holds a
    /// comma or a quote, so that the CSV reader gives them back; x_0… when there are no names, or when a name could not
    /// come back as written (the reader trims cells and reads a line at a time).
    /// </summary>
    public static IEnumerable<string> FeatureHeader(IReadOnlyList<string>? names, int count) =>
        names is not null && names.All(name => name == name.Trim() && name.AsSpan().IndexOfAny('\r', '\n') < 0)
            ? names.Select(Quoted)
            : Numbered("x", count);

    /// <summary><paramref name="text"/> as a cell, in quotes where it holds a comma or a quote.</summary>
    public static string Quoted(string text) =>
        text.AsSpan().IndexOfAny(',', '"') < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>Writes one line of cells separated by commas.</summary>
    public static void WriteLine(TextWriter writer, IEnumerable<string> cells)
    {
        writer.Write(string.Join(',', cells));
        writer.Write('\n');
    }

    /// <summary>Writes the shortest text that reads back as the same float into <paramref name="destination"/>; false when it does not fit.</summary>
    public static bool TryFormat(float value, Span<char> destination, out int written) =>
        value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);

    /// <summary>Writes the rows of every block side by side, after a header.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="header">Every column name, in block order.</param>
    /// <param name="rows">Rows to write.</param>
    /// <param name="cancellation">Checked before each row: a large table takes long enough to be stopped.</param>
    /// <param name="blocks">Row-major blocks, e.g. the features and the latent means.</param>
    public static void WriteTable(TextWriter writer, IEnumerable<string> header, int rows, CancellationToken cancellation, params CsvBlock[] blocks)
    {
        WriteLine(writer, header);
        WriteRows(writer, rows, cancellation, blocks);
    }

    /// <summary>Writes the rows of every block side by side.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="rows">Rows to write.</param>
    /// <param name="cancellation">Checked before each row.</param>
    /// <param name="blocks">Row-major blocks, each starting with the first row to write.</param>
    public static void WriteRows(TextWriter writer, int rows, CancellationToken cancellation, params CsvBlock[] blocks)
    {
        // One line is formatted into this buffer and written at once: a string per cell was most of the time and
        // garbage of writing millions of cells. A float takes at most 15 characters in "R" form, an int 11.
        char[] line = new char[Math.Max(64, blocks.Sum(block => block.Width) * 16)];
        for (int r = 0; r < rows; r++)
        {
            cancellation.ThrowIfCancellationRequested();
            int length = 0;
            foreach ((int width, CsvBlock.CellFormatter cell) in blocks)
            {
                for (int c = 0; c < width; c++)
                {
                    int separator = length > 0 ? 1 : 0;
                    int written;

                    // Room is left for the separator before the cell and for the line's end after it.
                    while (length + separator + 1 > line.Length || !cell((r * width) + c, line.AsSpan(length + separator, line.Length - length - separator - 1), out written))
                    {
                        Array.Resize(ref line, line.Length * 2);
                    }

                    if (separator > 0)
                    {
                        line[length] = ',';
                    }

                    length += separator + written;
                }
            }

            line[length++] = '\n';
            writer.Write(line, 0, length);
        }
    }
}
