namespace Vae.MLNet.Decomposition;

/// <summary>
/// Every eigenpair of a small dense symmetric matrix by cyclic Jacobi rotations. Each rotation zeroes one off-diagonal
/// pair; the sweeps converge quadratically and the result is accurate to rounding even for clustered eigenvalues,
/// which is why it solves the projected problems of <see cref="SubspaceIteration"/>.
/// </summary>
internal static class JacobiEigenSolver
{
    private const int MaxSweeps = 100;

    /// <summary>
    /// Eigenvalues in descending order and, in row r of the n×n <c>Vectors</c>, the unit eigenvector of eigenvalue r.
    /// Only the symmetric part of <paramref name="matrix"/> (n×n, row-major) matters.
    /// </summary>
    public static (double[] Values, double[] Vectors) Solve(ReadOnlySpan<double> matrix, int n)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i * n + j] = 0.5 * (matrix[i * n + j] + matrix[j * n + i]);
            }
        }

        // Columns of v accumulate the rotations: A₀ = V·diag·Vᵀ.
        var v = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            v[i * n + i] = 1;
        }

        int sweep = 0;
        while (!IsDiagonal(a, n))
        {
            if (++sweep > MaxSweeps)
            {
                throw new InvalidOperationException($"The Jacobi eigenvalue iteration did not converge in {MaxSweeps} sweeps; the matrix holds non-finite values.");
            }

            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p * n + q] != 0)
                    {
                        Rotate(a, v, n, p, q);
                    }
                }
            }
        }

        int[] order = Enumerable.Range(0, n).OrderByDescending(i => a[i * n + i]).ToArray();
        var values = new double[n];
        var vectors = new double[n * n];
        for (int r = 0; r < n; r++)
        {
            values[r] = a[order[r] * n + order[r]];
            for (int k = 0; k < n; k++)
            {
                vectors[r * n + k] = v[k * n + order[r]];
            }
        }

        return (values, vectors);
    }

    /// <summary>Off-diagonal mass below 1e-28 of the total (1e-14 in norm) is rounding noise, not structure.</summary>
    private static bool IsDiagonal(double[] a, int n)
    {
        double off = 0;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double square = a[i * n + j] * a[i * n + j];
                total += square;
                off += i == j ? 0 : square;
            }
        }

        if (!double.IsFinite(total))
        {
            throw new ArgumentException("The matrix holds values that are not finite.", "matrix");
        }

        return off <= 1e-28 * total;
    }

    /// <summary>A ← JᵀAJ and V ← VJ for the plane rotation J in (p, q) that makes A[p, q] zero.</summary>
    private static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        double apq = a[p * n + q];
        double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);

        // The smaller root of t² + 2θt − 1 = 0 keeps the rotation angle below π/4, which is what makes the sweeps converge.
        double t = Math.CopySign(1, theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k * n + p];
            double akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }

        for (int k = 0; k < n; k++)
        {
            double apk = a[p * n + k];
            double aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
            double vkp = v[k * n + p];
            double vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }

        a[p * n + q] = 0;
        a[q * n + p] = 0;
    }
}
