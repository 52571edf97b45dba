namespace Vae.MLNet.Numerics;

/// <summary>
/// <see cref="IMatrixMultiplier"/> on OpenBLAS <c>cblas_sgemm</c>, which runs on one thread (see
/// <see cref="OpenBlasLibrary"/>). A product large enough is cut into row stripes decided by its shape and this
/// multiplier's thread count alone, one <c>cblas_sgemm</c> call each on the thread pool, so its results depend on
/// nothing else in the process.
/// </summary>
internal sealed unsafe class OpenBlasMatrixMultiplier : IMatrixMultiplier
{
    private const int RowMajor = 101;
    private const int NoTranspose = 111;
    private const int Transpose = 112;

    private readonly OpenBlasLibrary _library;
    private readonly int _threads;

    /// <summary>Wraps the loaded library.</summary>
    /// <param name="library">The loaded OpenBLAS library.</param>
    /// <param name="threads">Threads each product may use, at least 1.</param>
    public OpenBlasMatrixMultiplier(OpenBlasLibrary library, int threads)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _library = library;
        _threads = threads;
    }

    /// <inheritdoc/>
    public GemmBackend Backend => GemmBackend.OpenBlas;

    /// <summary>
    /// The cores OpenBLAS runs (<see cref="OpenBlasLibrary.CoreName"/>) and its <see cref="OpenBlasLibrary.Version"/>,
    /// as <c>Haswell (OpenBLAS 0.3.21)</c>; either alone when the library reports only it, null when neither.
    /// </summary>
    public string? Kernel => (_library.CoreName, _library.Version) switch
    {
        ({ } core, { } version) => $"{core} (OpenBLAS {version})",
        ({ } core, null) => core,
        (null, { } version) => $"OpenBLAS {version}",
        (null, null) => null,
    };

    /// <inheritdoc/>
    public void Multiply(
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
        if (!GemmContract.RequiresProduct(transposeA, transposeB, m, n, k, a, lda, b, ldb, accumulate, c, ldc))
        {
            return;
        }

        int stripes = (long)m * n * k < GemmContract.MinimumParallelWork ? 1 : Math.Min(_threads, m);
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (stripes == 1)
            {
                Sgemm(transposeA, transposeB, m, n, k, pa, lda, pb, ldb, accumulate, pc, ldc);
            }
            else
            {
                MultiplyInStripes(stripes, transposeA, transposeB, m, n, k, (nint)pa, lda, (nint)pb, ldb, accumulate, (nint)pc, ldc);
            }
        }
    }

    /// <summary>
    /// One <c>cblas_sgemm</c> call per stripe of C's rows, on the thread pool. A method of its own, since the lambda's
    /// captured arguments are allocated where the method starts: a single-threaded training step allocates nothing.
    /// </summary>
    private void MultiplyInStripes(int stripes, bool transposeA, bool transposeB, int m, int n, int k, nint a, int lda, nint b, int ldb, bool accumulate, nint c, int ldc) =>
        Parallel.For(0, stripes, stripe =>
        {
            // Rows [start, end) of C need the same rows of op(A): rows of A as stored, or its columns when transposed.
            (int start, int rows) = EqualParts.Of(m, stripe, stripes).GetOffsetAndLength(m);
            float* stripeA = (float*)a + (transposeA ? start : (long)start * lda);
            float* stripeC = (float*)c + ((long)start * ldc);
            Sgemm(transposeA, transposeB, rows, n, k, stripeA, lda, (float*)b, ldb, accumulate, stripeC, ldc);
        });

    private void Sgemm(bool transposeA, bool transposeB, int m, int n, int k, float* a, int lda, float* b, int ldb, bool accumulate, float* c, int ldc) =>
        _library.Sgemm(RowMajor, transposeA ? Transpose : NoTranspose, transposeB ? Transpose : NoTranspose, m, n, k, 1f, a, lda, b, ldb, accumulate ? 1f : 0f, c, ldc);
}
