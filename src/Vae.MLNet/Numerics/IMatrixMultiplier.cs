namespace Vae.MLNet.Numerics;

/// <summary>Single-precision general matrix product on row-major storage, the one operation training spends its time in.</summary>
internal interface IMatrixMultiplier
{
    /// <summary>Which implementation this is, for reports.</summary>
    GemmBackend Backend { get; }

    /// <summary>
    /// The kernel that sums the products, for the training history, since another kernel sums in another order: the
    /// managed implementation's vectors or OpenBLAS's cores; null when OpenBLAS does not name them.
    /// </summary>
    string? Kernel { get; }

    /// <summary>
    /// C ← op(A)·op(B), or C ← C + op(A)·op(B) when <paramref name="accumulate"/> is set, all row-major: op(A) is m×k,
    /// op(B) is k×n, C is m×n. op(X) is X or, when the flag is set, Xᵀ. lda, ldb and ldc are the row strides of A, B and
    /// C as stored. Without <paramref name="accumulate"/>, C's prior contents are ignored (NaN or not). Products agree between implementations only for finite B: the managed one skips the steps at which
    /// op(A)'s entries are zero (<see cref="BlockedGemm{TOps, TVector}"/>), so 0·NaN and 0·∞ there may never be formed.
    /// </summary>
    void Multiply(
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
        int ldc);
}
