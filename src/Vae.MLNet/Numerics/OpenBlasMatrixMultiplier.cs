namespace Vae.MLNet.Numerics;

/// <summary><see cref="IMatrixMultiplier"/> on OpenBLAS <c>cblas_sgemm</c>.</summary>
internal sealed unsafe class OpenBlasMatrixMultiplier : IMatrixMultiplier
{
    private const int RowMajor = 101;
    private const int NoTranspose = 111;
    private const int Transpose = 112;

    private readonly OpenBlasLibrary _library;

    /// <summary>Wraps the loaded library and sets its thread count.</summary>
    /// <param name="library">The loaded OpenBLAS library.</param>
    /// <param name="threads">
    /// OpenBLAS worker threads. OpenBLAS keeps one count per process, so the most recently created multiplier wins.
    /// </param>
    public OpenBlasMatrixMultiplier(OpenBlasLibrary library, int threads)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _library = library;
        _library.SetNumThreads(threads);
    }

    /// <inheritdoc/>
    public GemmBackend Backend => GemmBackend.OpenBlas;

    /// <inheritdoc/>
    public void Multiply(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc)
    {
        if (!GemmContract.RequiresProduct(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            _library.Sgemm(
                RowMajor,
                transposeA ? Transpose : NoTranspose,
                transposeB ? Transpose : NoTranspose,
                m,
                n,
                k,
                alpha,
                pa,
                lda,
                pb,
                ldb,
                beta,
                pc,
                ldc);
        }
    }
}
