namespace Vae.MLNet.Numerics;

/// <summary>
/// One pinned C ← op(A)·op(B) (+ C, when accumulating) call as the managed kernels see it: transposition folded into
/// strides, so that op(A)[i, p] = A[i·<see cref="ARowStride"/> + p·<see cref="ADepthStride"/>] and
/// op(B)[p, j] = B[p·<see cref="BDepthStride"/> + j·<see cref="BColumnStride"/>].
/// </summary>
internal readonly unsafe struct GemmProblem
{
    /// <summary>Describes a call whose spans the caller keeps pinned for as long as the problem is in use.</summary>
    public GemmProblem(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        float* a,
        int lda,
        float* b,
        int ldb,
        bool accumulate,
        float* c,
        int ldc)
    {
        M = m;
        N = n;
        K = k;
        Accumulate = accumulate;
        A = a;
        ARowStride = transposeA ? 1 : lda;
        ADepthStride = transposeA ? lda : 1;
        B = b;
        BDepthStride = transposeB ? 1 : ldb;
        BColumnStride = transposeB ? ldb : 1;
        C = c;
        Ldc = ldc;
    }

    /// <summary>Rows of op(A) and C.</summary>
    public int M { get; }

    /// <summary>Columns of op(B) and C.</summary>
    public int N { get; }

    /// <summary>The shared dimension.</summary>
    public int K { get; }

    /// <summary>Whether the product is added to C's prior contents; otherwise they are not read.</summary>
    public bool Accumulate { get; }

    /// <summary>First element of A.</summary>
    public float* A { get; }

    /// <summary>Distance between consecutive rows of op(A).</summary>
    public nint ARowStride { get; }

    /// <summary>Distance between consecutive columns of op(A).</summary>
    public nint ADepthStride { get; }

    /// <summary>First element of B.</summary>
    public float* B { get; }

    /// <summary>Distance between consecutive rows of op(B).</summary>
    public nint BDepthStride { get; }

    /// <summary>Distance between consecutive columns of op(B).</summary>
    public nint BColumnStride { get; }

    /// <summary>First element of C.</summary>
    public float* C { get; }

    /// <summary>Row stride of C.</summary>
    public nint Ldc { get; }
}
