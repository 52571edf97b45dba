using System.Diagnostics;

namespace Vae.MLNet.Data;

/// <summary>
/// Rows of floats appended a value or a row at a time, an unknown number of them, kept in blocks of whole rows that a
/// dataset then reads in place. Copying them into one array of the exact length held every value twice at the end of
/// the reading (blocks and array), which for a CSV file of 188 MB of features was the reading's peak.
/// </summary>
internal sealed class RowBlocks
{
    // Small first, so a small file costs little; at most 4 MiB (or one row), so the last block wastes at most that much.
    private const int FirstBlockValues = 1 << 12;
    private const int LargestBlockValues = 1 << 20;

    private readonly int _rowWidth;
    private readonly int _largestBlockRows;
    private readonly List<float[]> _full = [];
    private float[] _current;
    private int _used;
    private long _fullCount;

    /// <param name="rowWidth">Values per row.</param>
    public RowBlocks(int rowWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowWidth, 1);
        _rowWidth = rowWidth;
        _largestBlockRows = Math.Max(1, LargestBlockValues / rowWidth);
        _current = new float[Math.Clamp(FirstBlockValues / rowWidth, 1, _largestBlockRows) * rowWidth];
    }

    /// <summary>How many values have been added.</summary>
    public long Count => _fullCount + _used;

    /// <summary>Appends the next value of the current row; a block holds whole rows, so a row never spans two.</summary>
    public void Add(float value)
    {
        if (_used == _current.Length)
        {
            StartBlock();
        }

        _current[_used++] = value;
    }

    /// <summary>Appends a row whole: its values are to be written into the span returned, before anything else is added.</summary>
    public Span<float> AddRow()
    {
        Debug.Assert(_used % _rowWidth == 0, "the row before is incomplete");
        if (_used == _current.Length)
        {
            StartBlock();
        }

        _used += _rowWidth;
        return _current.AsSpan(_used - _rowWidth, _rowWidth);
    }

    /// <summary>The blocks, each a whole number of rows, the last cut to the rows it holds; call once every row is complete.</summary>
    public float[][] Blocks()
    {
        Debug.Assert(_used % _rowWidth == 0, "the last row is incomplete");
        return _used == 0 ? [.. _full]
            : _used == _current.Length ? [.. _full, _current]
            : [.. _full, _current.AsSpan(0, _used).ToArray()];
    }

    private void StartBlock()
    {
        _full.Add(_current);
        _fullCount += _current.Length;
        int rows = _current.Length / _rowWidth;
        _current = new float[Math.Min(_largestBlockRows, 2 * rows) * _rowWidth];
        _used = 0;
    }
}
