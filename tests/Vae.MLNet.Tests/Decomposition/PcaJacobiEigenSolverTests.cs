using Vae.MLNet.Decomposition;

namespace Vae.MLNet.Tests.Decomposition;

/// <summary>The eigensolver under <see cref="Pca"/>.</summary>
[TestClass]
public sealed class PcaJacobiEigenSolverTests
{
    [TestMethod]
    public void SecondDifferenceMatrixHasItsClosedFormSpectrum()
    {
        // tridiag(−1, 2, −1) of size n has eigenvalues 2 − 2·cos(kπ/(n + 1)), k = 1…n.
        const int n = 7;
        var matrix = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            matrix[i * n + i] = 2;
            if (i + 1 < n)
            {
                matrix[i * n + i + 1] = -1;
                matrix[(i + 1) * n + i] = -1;
            }
        }

        (double[] values, double[] vectors) = JacobiEigenSolver.Solve(matrix, n);

        double[] expected = Enumerable.Range(1, n).Select(k => 2 - 2 * Math.Cos(k * Math.PI / (n + 1))).OrderDescending().ToArray();
        for (int r = 0; r < n; r++)
        {
            Assert.AreEqual(expected[r], values[r], 1e-12);
            for (int i = 0; i < n; i++)
            {
                double product = Enumerable.Range(0, n).Sum(j => matrix[i * n + j] * vectors[r * n + j]);
                Assert.AreEqual(values[r] * vectors[r * n + i], product, 1e-12);
            }

            Assert.AreEqual(1, Enumerable.Range(0, n).Sum(j => vectors[r * n + j] * vectors[r * n + j]), 1e-12);
        }
    }

    [TestMethod]
    public void RepeatedEigenvaluesStillGiveAnOrthonormalBasis()
    {
        // 3·I − J in 3 dimensions (J all ones): eigenvalue 0 once (along 1) and 3 twice.
        double[] matrix = [2, -1, -1, -1, 2, -1, -1, -1, 2];
        (double[] values, double[] vectors) = JacobiEigenSolver.Solve(matrix, 3);

        CollectionAssert.AreEqual(new[] { 3.0, 3.0, 0.0 }, values.Select(v => Math.Round(v, 12)).ToArray());
        for (int a = 0; a < 3; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                double dot = Enumerable.Range(0, 3).Sum(j => vectors[a * 3 + j] * vectors[b * 3 + j]);
                Assert.AreEqual(a == b ? 1 : 0, dot, 1e-12);
            }
        }
    }
}
