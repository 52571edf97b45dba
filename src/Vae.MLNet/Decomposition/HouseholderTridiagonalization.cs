using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Decomposition;

/// <summary>
/// Reduces a dense symmetric matrix to tridiagonal form by Householder reflections, T = Qᵀ·A·Q (Golub &amp; Van Loan,
/// Matrix Computations, §8.3.1), and forms Qᵀ. Every loop walks rows: the matrix is symmetric, so the column a
/// reflection is built from is also a row, and Qᵀ is accumulated by rows.
/// </summary>
internal static class HouseholderTridiagonalization
{
    /// <summary>Below this many entries in a block its rows are not worth handing to other threads.</summary>
    private const int ParallelEntries = 1 << 15;

    /// <summary>
    /// Overwrites the n×n symmetric <paramref name="matrix"/> (row-major, both triangles filled) and returns the
    /// diagonal (n) and off-diagonal (n − 1) of T and Qᵀ (n×n, row-major), with A = Q·T·Qᵀ.
    /// </summary>
    public static (double[] Diagonal, double[] OffDiagonal, double[] TransposedQ) Reduce(double[] matrix, int n, int threads)
    {
        var diagonal = new double[n];
        var offDiagonal = new double[Math.Max(0, n - 1)];

        // Step k reflects entries k + 1 … n − 1; its unit vector u is kept in row k from column k + 1, whose old
        // entries the step zeroes (they are the reflected column, A being symmetric), or is left empty when the column
        // is already zero below its first entry.
        var reflected = new bool[n];
        var product = new double[n];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int k = 0; k < n - 2; k++)
        {
            int m = n - k - 1;
            diagonal[k] = matrix[k * n + k];
            Span<double> u = matrix.AsSpan(k * n + k + 1, m);
            double largest = TensorPrimitives.MaxMagnitude<double>(u);
            if (largest == 0)
            {
                continue;
            }

            // Scaled exactly, by the power of two that brings the column's largest entry into [1, 2): a column far smaller
            // than the matrix would otherwise square into subnormals, and the reflector built from it would not be
            // orthogonal. Its direction is all the reflector needs; α is scaled back. The factor goes in two halves: below
            // 2⁻¹⁰²³ the whole of it, 2^−exponent, would be infinite.
            int exponent = Math.ILogB(largest);
            TensorPrimitives.Multiply(u, Math.ScaleB(1.0, -exponent / 2), u);
            TensorPrimitives.Multiply(u, Math.ScaleB(1.0, -exponent + exponent / 2), u);
            double tail = TensorPrimitives.Norm<double>(u[1..]);
            if (tail == 0)
            {
                offDiagonal[k] = Math.ScaleB(u[0], exponent);
                continue;
            }

            // H = I − 2uuᵀ maps x = u (the column below the diagonal) to α·e₁ with |α| = ‖x‖. α takes the sign opposite
            // to x₀, so that x − α·e₁ adds two numbers of one sign in its first entry instead of cancelling.
            double alpha = -Math.CopySign(double.Hypot(u[0], tail), u[0]);
            u[0] -= alpha;
            TensorPrimitives.Multiply(u, 1 / double.Hypot(u[0], tail), u);
            offDiagonal[k] = Math.ScaleB(alpha, exponent);
            reflected[k] = true;

            // With p = 2·B·u for the trailing block B, H·B·H = B − u·pᵀ − p·uᵀ + 2(uᵀp)·uuᵀ = B − u·wᵀ − w·uᵀ where
            // w = p − (uᵀp)·u. B starts at row and column k + 1, below row k, so the update leaves u alone.
            int first = k + 1;
            Span<double> w = product.AsSpan(0, m);
            ForRows(m, parallel, (start, end) => MultiplyRows(matrix, n, first, product, start, end));
            TensorPrimitives.MultiplyAdd(u, -TensorPrimitives.Dot<double>(u, w), w, w);
            ForRows(m, parallel, (start, end) => SubtractRankTwo(matrix, n, first, product, start, end));
        }

        for (int k = Math.Max(0, n - 2); k < n; k++)
        {
            diagonal[k] = matrix[k * n + k];
        }

        if (n >= 2)
        {
            offDiagonal[n - 2] = matrix[(n - 1) * n + n - 2];
        }

        return (diagonal, offDiagonal, TransposedQ(matrix, n, reflected, parallel));
    }

    /// <summary>
    /// Qᵀ = H(n − 3)·…·H(1)·H(0), formed from the right starting from the last reflection: when H(k) is applied, the
    /// product so far is the identity outside rows and columns k + 2 …, so only the trailing block of rows and columns
    /// k + 1 … changes, each of its rows r by r ← r − 2·(r·u)·uᵀ.
    /// </summary>
    private static double[] TransposedQ(double[] reflections, int n, bool[] reflected, ParallelOptions parallel)
    {
        var q = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            q[i * n + i] = 1;
        }

        for (int k = n - 3; k >= 0; k--)
        {
            if (!reflected[k])
            {
                continue;
            }

            int first = k + 1;
            ForRows(n - first, parallel, (start, end) => ReflectRows(q, reflections, n, first, start, end));
        }

        return q;
    }

    // The kernels below take whole ranges of rows and are compiled fully optimized from their first call
    // (AggressiveOptimization): an eigenproblem is usually solved once in a process, and the first 784×784 reduction in
    // a process took 0.76–0.93 s while the runtime still ran first-tier code for a delegate called per row, against
    // 0.43–0.59 s this way (one thread, four fresh processes of each, alternating).

    /// <summary>
    /// p(i) = 2·B(i)·u for rows start … end − 1 of the trailing block B from row and column <paramref name="first"/>, u
    /// being the reflection kept in row first − 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyRows(double[] matrix, int n, int first, double[] product, int start, int end)
    {
        int m = n - first;
        ReadOnlySpan<double> u = matrix.AsSpan(((first - 1) * n) + first, m);
        for (int i = start; i < end; i++)
        {
            product[i] = 2 * TensorPrimitives.Dot<double>(matrix.AsSpan(((first + i) * n) + first, m), u);
        }
    }

    /// <summary>B(i) ← B(i) − u(i)·w − w(i)·u for rows start … end − 1 of the trailing block, one pass over each row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubtractRankTwo(double[] matrix, int n, int first, double[] w, int start, int end)
    {
        int m = n - first;
        ReadOnlySpan<double> u = matrix.AsSpan(((first - 1) * n) + first, m);
        int vectorEnd = m - (m % Vector<double>.Count);
        ReadOnlySpan<Vector<double>> us = MemoryMarshal.Cast<double, Vector<double>>(u[..vectorEnd]);
        ReadOnlySpan<Vector<double>> ws = MemoryMarshal.Cast<double, Vector<double>>(w.AsSpan(0, vectorEnd));
        for (int i = start; i < end; i++)
        {
            Span<double> row = matrix.AsSpan(((first + i) * n) + first, m);
            Span<Vector<double>> rows = MemoryMarshal.Cast<double, Vector<double>>(row[..vectorEnd]);
            double ui = u[i];
            double wi = w[i];
            for (int j = 0; j < rows.Length; j++)
            {
                rows[j] -= (ws[j] * ui) + (us[j] * wi);
            }

            for (int j = vectorEnd; j < m; j++)
            {
                row[j] -= (w[j] * ui) + (u[j] * wi);
            }
        }
    }

    /// <summary>
    /// r ← r − 2·(r·u)·uᵀ for rows start … end − 1 of the block of Qᵀ from row and column <paramref name="first"/>, u
    /// being the reflection kept in row first − 1 of <paramref name="reflections"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReflectRows(double[] q, double[] reflections, int n, int first, int start, int end)
    {
        int m = n - first;
        ReadOnlySpan<double> u = reflections.AsSpan(((first - 1) * n) + first, m);
        int vectorEnd = m - (m % Vector<double>.Count);
        ReadOnlySpan<Vector<double>> us = MemoryMarshal.Cast<double, Vector<double>>(u[..vectorEnd]);
        for (int i = start; i < end; i++)
        {
            Span<double> row = q.AsSpan(((first + i) * n) + first, m);
            Span<Vector<double>> rows = MemoryMarshal.Cast<double, Vector<double>>(row[..vectorEnd]);
            double a = 2 * TensorPrimitives.Dot<double>(row, u);
            for (int j = 0; j < rows.Length; j++)
            {
                rows[j] -= us[j] * a;
            }

            for (int j = vectorEnd; j < m; j++)
            {
                row[j] -= u[j] * a;
            }
        }
    }

    /// <summary>
    /// Runs body(start, end) over rows 0 … count − 1: in one piece, or in one contiguous range per thread when the
    /// block of count × count entries is worth sharing. Every row is computed the same way either way.
    /// </summary>
    private static void ForRows(int count, ParallelOptions parallel, Action<int, int> body)
    {
        int pieces = parallel.MaxDegreeOfParallelism;
        if (pieces == 1 || (long)count * count < ParallelEntries)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, pieces, parallel, piece => body(piece * count / pieces, (piece + 1) * count / pieces));
    }
}
