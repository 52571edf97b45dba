namespace Vae.MLNet.Model;

/// <summary>
/// The ranges, in order, that cut rows [0, <paramref name="rows"/>) into <paramref name="rangeRows"/> rows each but
/// the last, which has the rest. Their count is rounded up in long: in int, a row count within
/// <paramref name="rangeRows"/> of <see cref="int.MaxValue"/> wrapped to a negative count of ranges.
/// </summary>
internal readonly struct RowRanges(int rows, int rangeRows)
{
    /// <summary>How many ranges there are.</summary>
    public int Count => (int)(((long)rows + rangeRows - 1) / rangeRows);

    /// <summary>The first row and the row count of range <paramref name="index"/>, which lies in [0, <see cref="Count"/>).</summary>
    public (int Start, int Count) this[int index]
    {
        get
        {
            int start = index * rangeRows;
            return (start, Math.Min(rangeRows, rows - start));
        }
    }
}
