namespace Vae.MLNet.Data;

/// <summary>
/// Floats appended one at a time, an unknown number of them, kept in blocks and copied once into an array of the exact
/// length: a <see cref="List{T}"/> doubling its array held up to twice the values read, and three times the values while
/// copying them out, which for a CSV file of 188 MB of features was the larger part of the reading's peak memory.
/// </summary>
internal sealed class FloatBlocks
{
    // Small first, so a small file costs little; at most 4 MiB, so the last block wastes at most that much.
    private const int FirstBlockLength = 1 << 12;
    private const int LargestBlockLength = 1 << 20;

    private readonly List<float[]> _full = [];
    private float[] _current = new float[FirstBlockLength];
    private int _used;
    private long _fullCount;

    /// <summary>How many values have been added.</summary>
    public long Count => _fullCount + _used;

    public void Add(float value)
    {
        if (_used == _current.Length)
        {
            _full.Add(_current);
            _fullCount += _current.Length;
            _current = new float[Math.Min(LargestBlockLength, 2 * _current.Length)];
            _used = 0;
        }

        _current[_used++] = value;
    }

    /// <summary>Every value added, in order, in a new array; callers keep <see cref="Count"/> within <see cref="Array.MaxLength"/>.</summary>
    public float[] ToArray()
    {
        var values = new float[Count];
        int at = 0;
        foreach (float[] block in _full)
        {
            block.CopyTo(values, at);
            at += block.Length;
        }

        _current.AsSpan(0, _used).CopyTo(values.AsSpan(at));
        return values;
    }
}
