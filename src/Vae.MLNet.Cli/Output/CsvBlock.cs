using System.Globalization;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Columns of a CSV table, <see cref="Width"/> cells per row, row-major: <see cref="Cell"/> formats cell
/// <c>row × Width + column</c>. Floats and integer labels are blocks of their own, so a label is never written
/// through a float, which holds integers exactly only up to 2^24.
/// </summary>
internal readonly record struct CsvBlock(int Width, CsvBlock.CellFormatter Cell)
{
    /// <summary>Formats cell <paramref name="index"/> into <paramref name="destination"/>; false when it does not fit.</summary>
    public delegate bool CellFormatter(int index, Span<char> destination, out int written);

    /// <summary>Row-major floats, written so they read back as the same values.</summary>
    public static implicit operator CsvBlock((float[] Values, int Width) block)
    {
        float[] values = block.Values;
        return new CsvBlock(block.Width, (int i, Span<char> destination, out int written) => CsvFormat.TryFormat(values[i], destination, out written));
    }

    /// <summary>One double per row, written so it reads back as the same value.</summary>
    public static CsvBlock Doubles(IReadOnlyList<double> values) =>
        new(1, (int i, Span<char> destination, out int written) => values[i].TryFormat(destination, out written, "R", CultureInfo.InvariantCulture));

    /// <summary>One integer per row, the first row's at <paramref name="first"/>.</summary>
    public static CsvBlock Integers(IReadOnlyList<int> values, int first = 0) =>
        new(1, (int i, Span<char> destination, out int written) => values[first + i].TryFormat(destination, out written, provider: CultureInfo.InvariantCulture));

    /// <summary>
    /// The blocks of <paramref name="data"/>'s labels, one a row from the row given on: the class's name where the data
    /// names its classes (<see cref="VaeDataset.LabelNames"/>), otherwise the integer. The names are quoted once, for
    /// every block.
    /// </summary>
    public static Func<int, CsvBlock> Labels(VaeDataset data)
    {
        IReadOnlyList<int> labels = data.Labels!;
        if (data.LabelNames is not { } names)
        {
            return first => Integers(labels, first);
        }

        string[] cells = [.. names.Select(CsvFormat.Quoted)];
        return first => new(1, (int i, Span<char> destination, out int written) => CsvFormat.TryCopy(cells[labels[first + i]], destination, out written));
    }

    /// <summary>One text per row, the first row's at <paramref name="first"/>, quoted where it holds a comma, a quote or a line break.</summary>
    public static CsvBlock Texts(IReadOnlyList<string> texts, int first = 0) =>
        new(1, (int i, Span<char> destination, out int written) => CsvFormat.TryCopy(CsvFormat.Quoted(texts[first + i]), destination, out written));

    /// <summary>The row numbers, from 0.</summary>
    public static CsvBlock RowNumbers() =>
        new(1, (int i, Span<char> destination, out int written) => i.TryFormat(destination, out written, provider: CultureInfo.InvariantCulture));
}
