using System.Numerics.Tensors;

namespace Vae.MLNet.Decomposition;

/// <summary>
/// The largest eigenpairs of a dense symmetric positive semi-definite matrix by block subspace iteration with
/// Rayleigh–Ritz: a block of more vectors than asked for is multiplied by the matrix, the small projected problem is
/// solved exactly (<see cref="SymmetricEigenSolver"/>), and the Ritz vectors are re-orthonormalized with Gram–Schmidt
/// until every wanted pair has a residual ‖A·v − λ·v‖ below <see cref="RelativeTolerance"/> × its own λ (see
/// <see cref="Tolerance"/>).
/// </summary>
internal static class SubspaceIteration
{
    /// <summary>Residual bound relative to each pair's eigenvalue; it bounds each eigenvector's angle error by residual / gap.</summary>
    public const double RelativeTolerance = 1e-9;

    /// <summary>
    /// The smallest eigenvalue, as a share of the largest, that a pair's tolerance is taken relative to. Below it an
    /// eigenvalue is about the rounding of the float32 products a covariance is summed from, and the zero eigenvalues of
    /// rank-deficient data, held to a share of themselves, would never converge.
    /// </summary>
    private const double SmallestRelativeEigenvalue = 1e-7;

    /// <summary>
    /// Vectors iterated to find <paramref name="count"/> eigenpairs of an n×n matrix. The extra ones make convergence
    /// depend on λ(block + 1)/λ(count) instead of λ(count + 1)/λ(count), which can be 1.
    /// </summary>
    public static int BlockSize(int n, int count) => Math.Min(n, (2 * count) + 16);

    /// <summary>
    /// The <paramref name="count"/> largest eigenvalues of the n×n <paramref name="matrix"/> (row-major, symmetric) in
    /// descending order, with unit eigenvectors as rows; null when they have not converged in
    /// <paramref name="maxIterations"/> iterations, as where the leading eigenvalues lie too close together.
    /// </summary>
    public static (double[] Values, double[][] Vectors)? Largest(double[] matrix, int n, int count, int maxIterations, Random random, int threads)
    {
        int block = BlockSize(n, count);
        var basis = new double[block][];
        for (int j = 0; j < block; j++)
        {
            basis[j] = new double[n];
            Fill(basis[j], random);
        }

        Orthonormalize(basis, random);
        var product = Enumerable.Range(0, block).Select(_ => new double[n]).ToArray();
        var ritz = Enumerable.Range(0, block).Select(_ => new double[n]).ToArray();
        var ritzProduct = Enumerable.Range(0, block).Select(_ => new double[n]).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Parallel.For(0, n, parallel, i =>
            {
                ReadOnlySpan<double> row = matrix.AsSpan(i * n, n);
                for (int j = 0; j < block; j++)
                {
                    product[j][i] = TensorPrimitives.Dot(row, basis[j]);
                }
            });

            var projected = new double[block * block];
            for (int a = 0; a < block; a++)
            {
                for (int b = 0; b < block; b++)
                {
                    projected[a * block + b] = TensorPrimitives.Dot<double>(basis[a], product[b]);
                }
            }

            (double[] values, double[] rotation) = SymmetricEigenSolver.Solve(projected, block, threads);
            Combine(rotation, basis, ritz);
            Combine(rotation, product, ritzProduct);
            if (Converged(values, ritz, ritzProduct, count))
            {
                return (values[..count], ritz[..count]);
            }

            // A·(Ritz vectors), in descending Ritz order, so Gram–Schmidt keeps the leading directions intact.
            for (int j = 0; j < block; j++)
            {
                ritzProduct[j].CopyTo(basis[j], 0);
            }

            Orthonormalize(basis, random);
        }

        return null;
    }

    /// <summary>Modified Gram–Schmidt, applied twice for orthogonality to rounding; a vector that vanishes is replaced at random.</summary>
    public static void Orthonormalize(double[][] vectors, Random random)
    {
        for (int j = 0; j < vectors.Length; j++)
        {
            double[] v = vectors[j];
            for (int attempt = 0; ; attempt++)
            {
                double before = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(v));
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int i = 0; i < j; i++)
                    {
                        TensorPrimitives.MultiplyAdd<double>(vectors[i], -TensorPrimitives.Dot<double>(vectors[i], v), v, v);
                    }
                }

                double norm = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(v));

                // A vector that lost almost all its length lay in the span of the earlier ones (the matrix has lower rank
                // than the block); a fresh random direction keeps the basis complete.
                if (norm > 1e-10 * before && norm > 0)
                {
                    TensorPrimitives.Multiply(v, 1 / norm, v);
                    break;
                }

                if (attempt > 10)
                {
                    throw new InvalidOperationException("Gram–Schmidt could not complete the basis; there are more vectors than dimensions.");
                }

                Fill(v, random);
            }
        }
    }

    /// <summary>
    /// The residual below which the pair of eigenvalue <paramref name="value"/> has converged, where the largest is
    /// <paramref name="largest"/>. Each pair is held to its own eigenvalue: held to λ₁, the small pairs of data whose
    /// first variance dwarfs the rest (λ₁/λᵣ = 10⁶) stopped 2e-3 to 5e-3 rad from their eigenvectors, and where they
    /// stopped depended on the seed.
    /// </summary>
    private static double Tolerance(double value, double largest) =>
        RelativeTolerance * Math.Max(Math.Abs(value), SmallestRelativeEigenvalue * Math.Abs(largest));

    private static bool Converged(double[] values, double[][] vectors, double[][] products, int count)
    {
        var residual = new double[vectors[0].Length];
        for (int r = 0; r < count; r++)
        {
            TensorPrimitives.MultiplyAdd<double>(vectors[r], -values[r], products[r], residual);
            if (Math.Sqrt(TensorPrimitives.SumOfSquares<double>(residual)) > Tolerance(values[r], values[0]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>destination[r] = Σⱼ rotation[r, j]·source[j].</summary>
    private static void Combine(double[] rotation, double[][] source, double[][] destination)
    {
        int block = source.Length;
        for (int r = 0; r < block; r++)
        {
            Array.Clear(destination[r]);
            for (int j = 0; j < block; j++)
            {
                TensorPrimitives.MultiplyAdd<double>(source[j], rotation[r * block + j], destination[r], destination[r]);
            }
        }
    }

    private static void Fill(double[] vector, Random random)
    {
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = (random.NextDouble() * 2) - 1;
        }
    }
}
