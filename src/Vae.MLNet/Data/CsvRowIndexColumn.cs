using System.Collections;

namespace Vae.MLNet.Data;

/// <summary>
/// Watches, row by row, a first column the header leaves unnamed (or names as pandas' <c>Unnamed: 0</c>) for the row
/// index a DataFrame writes: a different whole number, not below 0, in every row, in any order and with gaps. Rows that
/// count 0, 1, 2, … or 1, 2, 3, … in order need no memory of the numbers seen, and settle it once
/// <see cref="RowsInOrderThatSettleIt"/> of them have; a shuffled index is remembered in a fixed 2 MiB of bits.
/// </summary>
internal sealed class CsvRowIndexColumn
{
    /// <summary>
    /// Rows counted in order from the start that make the column an index, whatever follows: frames concatenated
    /// without <c>ignore_index</c> start counting again, which no data column does for so long.
    /// </summary>
    public const int RowsInOrderThatSettleIt = 1000;

    // From 2^24 on, float32 rounds neighbouring whole numbers to one value, so a repeat there is no evidence against an index.
    private const int FirstInexactInteger = 1 << 24;

    private BitArray? _seen;
    private float _first;
    private int _rows;
    private bool _inOrder = true;
    private bool _ruledOut;

    /// <summary>Whether every row observed held a different whole number not below 0, in more than one row (one row proves nothing).</summary>
    public bool NumbersEveryRow => !_ruledOut && _rows > 1;

    /// <summary>Observes the column's value in the next row; true once the rows observed settle it as an index.</summary>
    public bool Settled(float value)
    {
        if (_ruledOut)
        {
            return false;
        }

        if (value < 0 || value != MathF.Round(value))
        {
            _ruledOut = true;
            return false;
        }

        if (_rows == 0)
        {
            _first = value;
        }

        _inOrder &= _first is 0 or 1 && value == _first + _rows;
        if (!_inOrder)
        {
            _ruledOut = !Remember(value);
        }

        _rows++;
        return _inOrder && _rows == RowsInOrderThatSettleIt;
    }

    // False for a number seen before. The rows counted in order until now are remembered first.
    private bool Remember(float value)
    {
        if (_seen is null)
        {
            _seen = new BitArray(FirstInexactInteger);
            for (int row = 0; row < _rows; row++)
            {
                _seen[(int)_first + row] = true;
            }
        }

        if (value >= FirstInexactInteger)
        {
            return true;
        }

        bool repeat = _seen[(int)value];
        _seen[(int)value] = true;
        return !repeat;
    }
}
