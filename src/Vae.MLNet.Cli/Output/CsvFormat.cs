using System.Buffers;
using System.Globalization;

namespace Vae.MLNet.Cli.Output;

/// <summary>How the commands write CSV: invariant culture, round-trip floats, "\n" line ends.</summary>
internal static class CsvFormat
{
    private static readonly SearchValues<char> QuotedCharacters = SearchValues.Create(",\"\r\n");

    /// <summary>Column names prefix_0 … prefix_{count-1}.</summary>
    public static IEnumerable<string> Numbered(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}_{i}");

    /// <summary>
    /// Whether the CSV reader gives back each of <paramref name="names"/> as written in a header, quoted where it holds a
    /// comma, a quote or a line break (<see cref="Quoted"/>): it trims cells.
    /// </summary>
    public static bool AreReadBackAsWritten(IEnumerable<string> names) => names.All(name => name == name.Trim());

    /// <summary>
    /// The header <paramref name="header"/> gives with names (its argument true), unless two of its cells come out the
    /// same, as a feature named <c>label</c> beside the label would; then the one it gives with numbers, where a cell that
    /// is one of <paramref name="featureNames"/> or repeats an earlier cell takes underscores after it until it is neither.
    /// </summary>
    /// <param name="header">The header's cells, with names or with numbers.</param>
    /// <param name="featureNames">
    /// The names a reader takes columns for the model's features by. No numbered column is that feature, so a cell
    /// of such a name, as <c>x_0</c> for a feature named <c>x_0</c>, would have the file read back with the wrong columns.
    /// </param>
    public static string[] NamedUnlessClashing(Func<bool, IEnumerable<string>> header, IEnumerable<string>? featureNames = null)
    {
        string[] named = [.. header(true)];
        if (named.Distinct(StringComparer.Ordinal).Count() == named.Length)
        {
            return named;
        }

        var taken = new HashSet<string>((featureNames ?? []).Select(Quoted), StringComparer.Ordinal);
        return [.. header(false).Select(cell =>
        {
            while (!taken.Add(cell))
            {
                cell += "_";
            }

            return cell;
        })];
    }

    /// <summary>
    /// <paramref name="text"/> as a cell, in quotes where it holds a comma, a quote or a line break, as RFC 4180 has it:
    /// a category built in code may hold a line break, which unquoted would split its row in two for every reader.
    /// </summary>
    public static string Quoted(string text) =>
        text.AsSpan().IndexOfAny(QuotedCharacters) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>Writes a cell's text into <paramref name="destination"/>; false when it does not fit.</summary>
    public static bool TryCopy(string cell, Span<char> destination, out int written)
    {
        written = cell.Length;
        return cell.TryCopyTo(destination);
    }

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
            bool firstCell = true;
            foreach ((int width, CsvBlock.CellFormatter cell) in blocks)
            {
                for (int c = 0; c < width; c++)
                {
                    // Not the line's length: a first cell may be empty.
                    int separator = firstCell ? 0 : 1;
                    firstCell = false;
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
