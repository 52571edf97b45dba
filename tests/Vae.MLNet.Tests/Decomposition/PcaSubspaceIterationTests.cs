using Vae.MLNet.Decomposition;

namespace Vae.MLNet.Tests.Decomposition;

/// <summary>The eigensolver under <see cref="Pca"/>.</summary>
[TestClass]
public sealed class PcaSubspaceIterationTests
{
    [TestMethod]
    public void FindsTheLeadingEigenpairsOfAMatrixWithAKnownSpectrum()
    {
        // A = Qᵀ·diag(λ)·Q with Q a random orthonormal basis; n is large enough that the block (26) is a true subspace.
        const int n = 60;
        const int count = 5;
        double[] spectrum = Enumerable.Range(0, n).Select(i => 10 * Math.Pow(0.8, i)).ToArray();
        (double[] matrix, double[][] basis) = WithSpectrum(spectrum, seed: 21);

        (double[] values, double[][] vectors) = Converged(matrix, n, count);

        for (int r = 0; r < count; r++)
        {
            Assert.AreEqual(spectrum[r], values[r], 1e-9 * spectrum[0]);
            double alignment = Math.Abs(Enumerable.Range(0, n).Sum(i => vectors[r][i] * basis[r][i]));
            Assert.AreEqual(1, alignment, 1e-9, $"eigenvector {r}");
        }
    }

    [TestMethod]
    public void EveryEigenpairAskedForConvergesNotOnlyTheLeadingOne()
    {
        // λ₀ = 1000 stands far above the rest, which fall by 1 % each: the leading vector converges in a few iterations,
        // the second and third only after many, as the block's next eigenvalue is close to theirs. Each residual is held
        // to its own eigenvalue: held to λ₀, the second and third stopped a thousand times less accurate.
        const int n = 60;
        const int count = 3;
        double[] spectrum = Enumerable.Range(0, n).Select(i => i == 0 ? 1000 : Math.Pow(0.99, i)).ToArray();
        (double[] matrix, _) = WithSpectrum(spectrum, seed: 5);

        (double[] values, double[][] vectors) = Converged(matrix, n, count);

        for (int r = 0; r < count; r++)
        {
            double residual = Math.Sqrt(Enumerable.Range(0, n).Sum(i =>
            {
                double product = Enumerable.Range(0, n).Sum(j => matrix[i * n + j] * vectors[r][j]);
                return Math.Pow(product - (values[r] * vectors[r][i]), 2);
            }));
            Assert.IsLessThanOrEqualTo(2 * SubspaceIteration.RelativeTolerance * spectrum[r], residual, $"eigenpair {r}");
        }
    }

    [TestMethod]
    public void TheZeroEigenvaluesOfARankDeficientMatrixConvergeToo()
    {
        // Rank 3, five pairs asked for: held to a share of their own eigenvalue alone, the zero pairs, whose eigenvalues
        // are rounding, would need residuals below double's and never converge.
        const int n = 60;
        double[] spectrum = Enumerable.Range(0, n).Select(i => i < 3 ? Math.Pow(0.5, i) : 0).ToArray();
        (double[] matrix, _) = WithSpectrum(spectrum, seed: 8);

        (double[] values, _) = SubspaceIteration.Largest(matrix, n, count: 5, maxIterations: 100, new Random(1), threads: 1)
            ?? throw new AssertFailedException("Subspace iteration did not converge in 100 iterations.");

        Assert.AreEqual(0, values[4], 1e-12);
    }

    [TestMethod]
    public void LeadingEigenvaluesTooCloseToConvergeWithinTheIterationsGiveNull()
    {
        // λᵢ = 1 − 10⁻⁴·i: each iteration shrinks the unwanted directions by less than 0.3 %.
        const int n = 120;
        double[] spectrum = Enumerable.Range(0, n).Select(i => 1 - (1e-4 * i)).ToArray();
        (double[] matrix, _) = WithSpectrum(spectrum, seed: 3);

        Assert.IsNull(SubspaceIteration.Largest(matrix, n, count: 5, maxIterations: 100, new Random(1), threads: 1));
    }

    /// <summary>The <paramref name="count"/> leading eigenpairs of <paramref name="matrix"/>, failing the test unless they converge.</summary>
    internal static (double[] Values, double[][] Vectors) Converged(double[] matrix, int n, int count) =>
        SubspaceIteration.Largest(matrix, n, count, maxIterations: 1000, new Random(1), threads: 1)
        ?? throw new AssertFailedException("Subspace iteration did not converge in 1000 iterations.");

    /// <summary>A = Qᵀ·diag(λ)·Q, row-major, with Q (returned as its rows) a random orthonormal basis.</summary>
    private static (double[] Matrix, double[][] Basis) WithSpectrum(double[] spectrum, int seed)
    {
        int n = spectrum.Length;
        var random = new Random(seed);
        double[][] basis = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        SubspaceIteration.Orthonormalize(basis, random);
        var matrix = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                matrix[i * n + j] = Enumerable.Range(0, n).Sum(k => spectrum[k] * basis[k][i] * basis[k][j]);
            }
        }

        return (matrix, basis);
    }
}
