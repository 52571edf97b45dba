using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Decomposition;

/// <summary>
/// A queue of plane rotations between adjacent rows of a row-major matrix, applied in the order they were added. They
/// are applied one strip of columns at a time, every queued rotation to one strip before the next, and along a chain of
/// rotations (k, k + 1), (k + 1, k + 2), …, as a QR step queues them, the strip of the lower row stays in registers
/// from one rotation to the next. Rotating whole rows instead passes over the entire matrix once per QR step. Strips
/// are independent, so threads take whole strips, and the result does not depend on how many there are.
/// </summary>
internal sealed class AdjacentRowRotations
{
    /// <summary>Rotations held before they are applied: 20 MB of cosines, sines and row indices.</summary>
    private const int Capacity = 1 << 20;

    /// <summary>Below this many rotated entries the rotations are not worth handing to other threads.</summary>
    private const long ParallelEntries = 1 << 15;

    /// <summary>Columns in a strip: four vectors.</summary>
    private static readonly int StripWidth = 4 * Vector<double>.Count;

    private readonly double[] _rows;
    private readonly int _columns;
    private readonly ParallelOptions _parallel;
    private readonly double[] _cosines;
    private readonly double[] _sines;
    private readonly int[] _upperRows;
    private int _count;

    /// <param name="rows">The matrix the rotations apply to, row-major with <paramref name="columns"/> columns.</param>
    /// <param name="columns">Its row length.</param>
    /// <param name="threads">Threads that apply the rotations.</param>
    public AdjacentRowRotations(double[] rows, int columns, int threads)
    {
        _rows = rows;
        _columns = columns;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        int capacity = (int)Math.Min(Capacity, Math.Max(1L, (long)columns * columns));
        _cosines = new double[capacity];
        _sines = new double[capacity];
        _upperRows = new int[capacity];
    }

    /// <summary>Queues (row k, row k + 1) ← (c·row k + s·row k + 1, c·row k + 1 − s·row k).</summary>
    public void Add(int k, double c, double s)
    {
        if (k < 0 || (long)(k + 2) * _columns > _rows.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "Both rows of a rotation must be in the matrix.");
        }

        if (_count == _cosines.Length)
        {
            Apply();
        }

        _upperRows[_count] = k;
        _cosines[_count] = c;
        _sines[_count] = s;
        _count++;
    }

    /// <summary>Applies every queued rotation, in order, and empties the queue.</summary>
    public void Apply()
    {
        int strips = (_columns + StripWidth - 1) / StripWidth;
        if (_parallel.MaxDegreeOfParallelism > 1 && strips > 1 && (long)_count * _columns >= ParallelEntries)
        {
            Parallel.For(0, strips, _parallel, ApplyToStrip);
        }
        else
        {
            for (int strip = 0; strip < strips; strip++)
            {
                ApplyToStrip(strip);
            }
        }

        _count = 0;
    }

    private void ApplyToStrip(int strip)
    {
        int start = strip * StripWidth;
        if (start + StripWidth <= _columns)
        {
            RotateStrip(start);
            return;
        }

        // The last columns, fewer than a strip.
        for (int r = 0; r < _count; r++)
        {
            int k = _upperRows[r];
            double c = _cosines[r];
            double s = _sines[r];
            for (int j = start; j < _columns; j++)
            {
                ref double x = ref _rows[k * _columns + j];
                ref double y = ref _rows[(k + 1) * _columns + j];
                double xj = x;
                x = (c * xj) + (s * y);
                y = (c * y) - (s * xj);
            }
        }
    }

    /// <summary>
    /// Every queued rotation on the strip of columns from <paramref name="start"/>. A QR step queues the rotations
    /// of rows (k, k + 1), (k + 1, k + 2), …, in turn, and row k is final once the rotation of (k, k + 1) is done, so along
    /// such a chain the lower row is carried in registers to the next rotation: one load and one store per rotation
    /// instead of two of each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RotateStrip(int start)
    {
        // Add checked that both rows of every rotation are in the matrix, and a strip ends by the last column, so the
        // loads and stores go unchecked.
        nuint width = (nuint)Vector<double>.Count;
        nuint columns = (nuint)_columns;
        ref double rows = ref MemoryMarshal.GetArrayDataReference(_rows);
        int r = 0;
        while (r < _count)
        {
            nuint offset = ((nuint)_upperRows[r] * columns) + (nuint)start;
            Vector<double> x0 = Vector.LoadUnsafe(ref rows, offset);
            Vector<double> x1 = Vector.LoadUnsafe(ref rows, offset + width);
            Vector<double> x2 = Vector.LoadUnsafe(ref rows, offset + (2 * width));
            Vector<double> x3 = Vector.LoadUnsafe(ref rows, offset + (3 * width));
            do
            {
                var c = new Vector<double>(_cosines[r]);
                var s = new Vector<double>(_sines[r]);
                nuint next = offset + columns;
                Vector<double> y0 = Vector.LoadUnsafe(ref rows, next);
                Vector<double> y1 = Vector.LoadUnsafe(ref rows, next + width);
                Vector<double> y2 = Vector.LoadUnsafe(ref rows, next + (2 * width));
                Vector<double> y3 = Vector.LoadUnsafe(ref rows, next + (3 * width));
                ((c * x0) + (s * y0)).StoreUnsafe(ref rows, offset);
                ((c * x1) + (s * y1)).StoreUnsafe(ref rows, offset + width);
                ((c * x2) + (s * y2)).StoreUnsafe(ref rows, offset + (2 * width));
                ((c * x3) + (s * y3)).StoreUnsafe(ref rows, offset + (3 * width));
                x0 = (c * y0) - (s * x0);
                x1 = (c * y1) - (s * x1);
                x2 = (c * y2) - (s * x2);
                x3 = (c * y3) - (s * x3);
                offset = next;
                r++;
            }
            while (r < _count && _upperRows[r] == _upperRows[r - 1] + 1);

            x0.StoreUnsafe(ref rows, offset);
            x1.StoreUnsafe(ref rows, offset + width);
            x2.StoreUnsafe(ref rows, offset + (2 * width));
            x3.StoreUnsafe(ref rows, offset + (3 * width));
        }
    }
}
