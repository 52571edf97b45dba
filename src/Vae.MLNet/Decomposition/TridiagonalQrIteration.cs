using System.Runtime.CompilerServices;

namespace Vae.MLNet.Decomposition;

/// <summary>
/// Diagonalizes a symmetric tridiagonal matrix by the implicit QR algorithm with Wilkinson shifts (Golub &amp; Van Loan,
/// Matrix Computations, §8.3.3–8.3.5): each step chases a bulge down an unreduced block with plane rotations, and an
/// off-diagonal entry that falls below rounding relative to its two diagonal neighbours is set to zero, splitting the
/// problem. The rotations are also applied to the rows of a matrix, which accumulates the eigenvectors as rows.
/// </summary>
internal static class TridiagonalQrIteration
{
    /// <summary>Iterations allowed per eigenvalue; Wilkinson's shift needs two or three on average.</summary>
    private const int MaxIterationsPerEigenvalue = 30;

    /// <summary>2⁻⁵³, the unit roundoff of double precision.</summary>
    private const double UnitRoundoff = 1.1102230246251565e-16;

    /// <summary>The smallest normal double: an off-diagonal entry below it would only lose precision as it shrank further.</summary>
    private const double SmallestNormal = 2.2250738585072014e-308;

    /// <summary>
    /// Overwrites <paramref name="diagonal"/> (n) with the eigenvalues, unordered, and <paramref name="offDiagonal"/>
    /// (n − 1) with zeros. Every rotation P applied to the tridiagonal matrix, T ← P·T·Pᵀ, also takes the n×n row-major
    /// <paramref name="rows"/> to P·rows: starting from Qᵀ with A = Q·T·Qᵀ, row r ends as the eigenvector of A whose
    /// eigenvalue is diagonal[r].
    /// </summary>
    /// <exception cref="InvalidOperationException">The iteration did not converge (the entries are not finite).</exception>
    public static void Diagonalize(double[] diagonal, double[] offDiagonal, double[] rows, int threads)
    {
        int n = diagonal.Length;
        var rotations = new AdjacentRowRotations(rows, n, threads);
        int iterations = 0;
        int maxIterations = MaxIterationsPerEigenvalue * n;
        int last = n - 1;
        while (last > 0)
        {
            if (Negligible(offDiagonal, diagonal, last - 1))
            {
                offDiagonal[last - 1] = 0;
                last--;
                continue;
            }

            int first = last - 1;
            while (first > 0 && !Negligible(offDiagonal, diagonal, first - 1))
            {
                first--;
            }

            if (first > 0)
            {
                offDiagonal[first - 1] = 0;
            }

            if (++iterations > maxIterations)
            {
                throw new InvalidOperationException(
                    $"The tridiagonal QR iteration did not converge in {maxIterations} steps ({MaxIterationsPerEigenvalue} per eigenvalue); the matrix holds values that are not finite.");
            }

            Step(diagonal, offDiagonal, first, last, rotations);
        }

        rotations.Apply();
    }

    /// <summary>
    /// |e(k)| ≤ u·(|d(k)| + |d(k + 1)|): setting it to zero perturbs the matrix by no more than rounding its diagonal
    /// neighbours already has.
    /// </summary>
    private static bool Negligible(double[] offDiagonal, double[] diagonal, int k)
    {
        double e = Math.Abs(offDiagonal[k]);
        return e <= UnitRoundoff * (Math.Abs(diagonal[k]) + Math.Abs(diagonal[k + 1])) || e < SmallestNormal;
    }

    /// <summary>
    /// One implicit QR step with Wilkinson's shift on the unreduced block first … last. The first rotation is the one a
    /// QR factorization of T − μI would start with: it turns (d(first) − μ, e(first)) into (r, 0). It puts a bulge
    /// below the tridiagonal band, and each following rotation in the plane (k, k + 1) moves the bulge from column k − 1
    /// to column k, until it drops off the end. Rotation k, P = [c s; −s c] on rows and columns k and k + 1, is queued
    /// on <paramref name="rotations"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Step(double[] d, double[] e, int first, int last, AdjacentRowRotations rotations)
    {
        double x = d[first] - WilkinsonShift(d[last - 1], e[last - 1], d[last]);
        double z = e[first];
        for (int k = first; k < last; k++)
        {
            double r = double.Hypot(x, z);
            double c = r == 0 ? 1 : x / r;
            double s = r == 0 ? 0 : z / r;
            if (k > first)
            {
                // (x, z) were e(k − 1) and the bulge at (k + 1, k − 1).
                e[k - 1] = r;
            }

            // The 2×2 block [d(k) e(k); e(k) d(k + 1)] becomes P·block·Pᵀ.
            double dk = d[k];
            double dNext = d[k + 1];
            double ek = e[k];
            double cc = c * c;
            double ss = s * s;
            double cs = c * s;
            d[k] = (cc * dk) + (2 * cs * ek) + (ss * dNext);
            d[k + 1] = (ss * dk) - (2 * cs * ek) + (cc * dNext);
            e[k] = (cs * (dNext - dk)) + ((cc - ss) * ek);
            rotations.Add(k, c, s);
            if (k + 1 < last)
            {
                // Row k picks up s·e(k + 1) at column k + 2, the new bulge; row k + 1 keeps c·e(k + 1).
                x = e[k];
                z = s * e[k + 1];
                e[k + 1] *= c;
            }
        }
    }

    /// <summary>
    /// The eigenvalue of the trailing 2×2 block [a b; b c] nearer to c: with δ = (a − c)/2 the eigenvalues are
    /// c + δ ± √(δ² + b²), and the nearer one, c − b²/(δ + sign(δ)·√(δ² + b²)), is written so nothing cancels.
    /// </summary>
    private static double WilkinsonShift(double a, double b, double c)
    {
        double delta = (a - c) / 2;
        double denominator = delta + Math.CopySign(double.Hypot(delta, b), delta);
        return c - (b * (b / denominator));
    }
}
