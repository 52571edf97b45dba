using System.Globalization;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Columns of a CSV table, <see cref="Width"/> cells per row, row-major: <see cref="Cell"/> gives the text of cell
/// <c>row × Width + column</c>. Floats and integer labels are blocks of their own, so a label is never written
/// through a float, which holds integers exactly only up to 2^24.
/// </summary>
internal readonly record struct CsvBlock(int Width, Func<int, string> Cell)
{
    /// <summary>Row-major floats, written so they read back as the same values.</summary>
    public static implicit operator CsvBlock((float[] Values, int Width) block)
    {
        float[] values = block.Values;
        return new CsvBlock(block.Width, i => CsvFormat.Format(values[i]));
    }

    /// <summary>One integer per row, the first row's at <paramref name="first"/>.</summary>
    public static CsvBlock Integers(IReadOnlyList<int> values, int first = 0) =>
        new(1, i => values[first + i].ToString(CultureInfo.InvariantCulture));
}
