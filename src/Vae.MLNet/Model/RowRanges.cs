namespace Vae.MLNet.Model;

/// <summary>
/// The ranges, in order, that cut rows [0, <paramref name="rows"/>) into <paramref name="rangeRows"/> rows each but
/// the last, which has the rest: a loop over a batch a chunk at a time takes them in a <c>foreach</c>. Their count is
/// rounded up in long and each start is worked out from its range's index, so none passes the row count: in int, a row
/// count within <paramref name="rangeRows"/> of <see cref="int.MaxValue"/> wrapped to a negative count of ranges, and a
/// start stepped on past the last range to a negative row.
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

    /// <summary>The ranges in order, as <c>foreach</c> takes them.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Steps through the ranges by index.</summary>
    internal struct Enumerator(RowRanges ranges)
    {
        private int _index = -1;

        /// <summary>The range reached.</summary>
        public readonly (int Start, int Count) Current => ranges[_index];

        /// <summary>Moves to the next range; false once past the last.</summary>
        public bool MoveNext() => ++_index < ranges.Count;
    }
}
