namespace Vae.MLNet.Numerics;

/// <summary>
/// The part of <see cref="IMatrixMultiplier.Multiply"/> every backend shares: argument checks that must happen before
/// any pointer reaches a kernel (a short span handed to BLAS is a segmentation fault, not an exception), and the
/// degenerate shapes where no product is formed at all.
/// </summary>
internal static unsafe class GemmContract
{
    /// <summary>
    /// Multiply-adds below which a product runs on the calling thread alone: under a few microseconds of work, waking
    /// another thread costs more than it saves.
    /// </summary>
    public const long MinimumParallelWork = 1L << 17;

    /// <summary>
    /// Validates the arguments of <see cref="IMatrixMultiplier.Multiply"/> and finishes the call when no product is
    /// needed (an empty C, or k = 0, where C is left as it is when accumulating and cleared otherwise).
    /// </summary>
    /// <returns><see langword="true"/> when the caller still has to compute the product.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or a leading dimension is too small.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix as described by the dimensions and stride.</exception>
    public static bool RequiresProduct(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        bool accumulate,
        Span<float> c,
        int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(a), nameof(lda));
        CheckOperand(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(b), nameof(ldb));
        CheckOperand(c.Length, m, n, ldc, nameof(c), nameof(ldc));

        if (m == 0 || n == 0)
        {
            return false;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                fixed (float* start = c)
                {
                    Clear(start, ldc, m, n);
                }
            }

            return false;
        }

        return true;
    }

    private static void CheckOperand(int length, int rows, int columns, int stride, string name, string strideName)
    {
        // BLAS insists on a stride of at least 1 even for empty matrices; holding managed code to the same rule keeps
        // the backends interchangeable.
        if (stride < Math.Max(1, columns))
        {
            throw new ArgumentOutOfRangeException(
                strideName,
                stride,
                $"The row stride must be at least max(1, {columns}), the number of stored columns.");
        }

        long required = rows == 0 || columns == 0 ? 0 : ((long)(rows - 1) * stride) + columns;
        if (length < required)
        {
            throw new ArgumentException(
                $"The span holds {length} values but a {rows}×{columns} matrix with row stride {stride} needs {required}.",
                name);
        }
    }

    /// <summary>
    /// Sets <paramref name="rows"/> × <paramref name="columns"/> of C, rows <paramref name="ldc"/> apart, to 0: what a
    /// product with nothing to sum leaves there when it does not accumulate, C's prior contents (NaN or not) unread.
    /// </summary>
    public static void Clear(float* c, nint ldc, int rows, int columns)
    {
        for (int i = 0; i < rows; i++)
        {
            new Span<float>(c + (i * ldc), columns).Clear();
        }
    }
}
