using System.Numerics.Tensors;

namespace Vae.MLNet.Decomposition;

/// <summary>
/// Every eigenpair of a dense symmetric matrix: Householder reduction to tridiagonal form
/// (<see cref="HouseholderTridiagonalization"/>), then implicit QR with Wilkinson shifts on the tridiagonal matrix
/// (<see cref="TridiagonalQrIteration"/>), accumulating the eigenvectors, all in double precision. Both stages are
/// backward stable: residuals ‖A·v − λ·v‖ and departures from orthonormality are a modest multiple of rounding × ‖A‖.
/// </summary>
internal static class SymmetricEigenSolver
{
    /// <summary>
    /// Eigenvalues in descending order and, in row r of the n×n <c>Vectors</c>, the unit eigenvector of eigenvalue r.
    /// </summary>
    /// <param name="matrix">n×n values, row-major; only the symmetric part, (A + Aᵀ)/2, matters.</param>
    /// <param name="n">The order of the matrix.</param>
    /// <param name="threads">Threads for the O(n³) stages; results do not depend on it.</param>
    /// <exception cref="ArgumentException">The matrix holds values that are not finite.</exception>
    public static (double[] Values, double[] Vectors) Solve(ReadOnlySpan<double> matrix, int n, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (matrix.Length != (long)n * n)
        {
            throw new ArgumentException($"The matrix holds {matrix.Length} values, not {n}×{n}.", nameof(matrix));
        }

        if (n == 0)
        {
            return ([], []);
        }

        if (!TensorPrimitives.IsFiniteAll(matrix))
        {
            throw new ArgumentException("The matrix holds values that are not finite.", nameof(matrix));
        }

        // Scaled exactly, by the power of two that brings the largest entry into [1, 2), so that squares and sums of
        // squares neither overflow nor underflow; each half of the average (A + Aᵀ)/2 is scaled before the sum, which
        // then cannot overflow either. The eigenvalues are scaled back at the end.
        double largest = TensorPrimitives.MaxMagnitude(matrix);
        int exponent = largest == 0 ? 0 : Math.ILogB(largest);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i * n + j] = Math.ScaleB(matrix[i * n + j], -exponent - 1) + Math.ScaleB(matrix[j * n + i], -exponent - 1);
            }
        }

        (double[] diagonal, double[] offDiagonal, double[] rows) = HouseholderTridiagonalization.Reduce(a, n, threads);
        TridiagonalQrIteration.Diagonalize(diagonal, offDiagonal, rows, threads);

        int[] order = Enumerable.Range(0, n).OrderByDescending(i => diagonal[i]).ToArray();
        var values = new double[n];
        var vectors = new double[n * n];
        for (int r = 0; r < n; r++)
        {
            values[r] = Math.ScaleB(diagonal[order[r]], exponent);
            rows.AsSpan(order[r] * n, n).CopyTo(vectors.AsSpan(r * n, n));
        }

        return (values, vectors);
    }
}
