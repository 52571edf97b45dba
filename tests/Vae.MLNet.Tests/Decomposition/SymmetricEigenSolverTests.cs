using System.Text.Json;
using Vae.MLNet.Decomposition;

namespace Vae.MLNet.Tests.Decomposition;

/// <summary>
/// The dense symmetric eigensolver under <see cref="Pca"/>: every result is judged by its residual ‖A·v − λ·v‖, the
/// orthonormality of its eigenvectors and the order of its eigenvalues, and where the spectrum is known, by that.
/// </summary>
[TestClass]
public sealed class SymmetricEigenSolverTests
{
    /// <summary>Residuals and departures from orthonormality allowed, in units of n·ε·‖A‖ (ε = 2⁻⁵²).</summary>
    private const double Slack = 4;

    [TestMethod]
    [DataRow(3, 1)]
    [DataRow(17, 2)]
    [DataRow(100, 3)]
    [DataRow(200, 4)]
    public void RandomSymmetricMatricesAreDiagonalized(int n, int seed)
    {
        double[] matrix = RandomSymmetric(n, new Random(seed));

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n, threads: 2);

        AssertEigenDecomposition(matrix, n, values, vectors);
        Assert.AreEqual(Trace(matrix, n), values.Sum(), 1e-12 * FrobeniusNorm(matrix) * n, "the eigenvalues sum to the trace");
    }

    [TestMethod]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        // 200 is past the size at which both stages hand rows and columns to other threads.
        const int n = 200;
        double[] matrix = RandomSymmetric(n, new Random(5));

        (double[] values1, double[] vectors1) = SymmetricEigenSolver.Solve(matrix, n, threads: 1);
        (double[] values3, double[] vectors3) = SymmetricEigenSolver.Solve(matrix, n, threads: 3);

        CollectionAssert.AreEqual(values1, values3);
        CollectionAssert.AreEqual(vectors1, vectors3);
    }

    [TestMethod]
    public void RepeatedEigenvaluesGiveAnOrthonormalBasisOfEachEigenspace()
    {
        // Qᵀ·diag(λ)·Q with 5, 2 and −1 each ten times.
        const int n = 30;
        double[] spectrum = Enumerable.Range(0, n).Select(i => i < 10 ? 5.0 : i < 20 ? 2.0 : -1.0).ToArray();
        double[] matrix = WithSpectrum(spectrum, new Random(6));

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n);

        AssertEigenDecomposition(matrix, n, values, vectors);
        for (int r = 0; r < n; r++)
        {
            Assert.AreEqual(spectrum[r], values[r], 1e-13 * 5, $"eigenvalue {r}");
        }
    }

    [TestMethod]
    public void ThreeTimesIdentityLessOnesHasAThreeTwiceAndAZero()
    {
        // 3·I − J in 3 dimensions (J all ones): eigenvalue 0 once (along 1) and 3 twice.
        double[] matrix = [2, -1, -1, -1, 2, -1, -1, -1, 2];

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, 3);

        AssertEigenDecomposition(matrix, 3, values, vectors);
        CollectionAssert.AreEqual(new[] { 3.0, 3.0, 0.0 }, values.Select(v => Math.Round(v, 14)).ToArray());
    }

    [TestMethod]
    public void ADiagonalMatrixKeepsItsEntriesAndTheUnitVectors()
    {
        double[] diagonal = [3, -7, 0, 12.5, 3, 1e-3];
        int n = diagonal.Length;
        var matrix = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            matrix[i * n + i] = diagonal[i];
        }

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n);

        CollectionAssert.AreEqual(diagonal.OrderDescending().ToArray(), values);
        for (int r = 0; r < n; r++)
        {
            // Exactly ±1 at an index holding that value, zeros elsewhere.
            int index = Enumerable.Range(0, n).Single(j => vectors[r * n + j] != 0);
            Assert.AreEqual(1, Math.Abs(vectors[r * n + index]), $"eigenvector {r}");
            Assert.AreEqual(values[r], diagonal[index], $"eigenvector {r}");
        }

        AssertEigenDecomposition(matrix, n, values, vectors);
    }

    [TestMethod]
    [DataRow(7)]
    [DataRow(120)]
    public void SecondDifferenceMatrixHasItsClosedFormSpectrum(int n)
    {
        // tridiag(−1, 2, −1), already tridiagonal, has eigenvalues 2 − 2·cos(kπ/(n + 1)) with eigenvectors
        // sin(jkπ/(n + 1)), k = 1…n.
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

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n);

        AssertEigenDecomposition(matrix, n, values, vectors);
        for (int r = 0; r < n; r++)
        {
            int k = n - r;
            Assert.AreEqual(2 - 2 * Math.Cos(k * Math.PI / (n + 1)), values[r], 1e-13, $"eigenvalue {r}");
            double[] expected = Unit(Enumerable.Range(1, n).Select(j => Math.Sin(j * k * Math.PI / (n + 1))).ToArray());
            double alignment = Math.Abs(Enumerable.Range(0, n).Sum(j => expected[j] * vectors[r * n + j]));
            Assert.AreEqual(1, alignment, 1e-12, $"eigenvector {r}");
        }
    }

    [TestMethod]
    public void TheZeroMatrixHasZeroEigenvaluesAndAnOrthonormalBasis()
    {
        const int n = 5;
        var matrix = new double[n * n];

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n);

        CollectionAssert.AreEqual(new double[n], values);
        AssertEigenDecomposition(matrix, n, values, vectors);
    }

    [TestMethod]
    public void AnEmptyMatrixHasNoEigenpairs()
    {
        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve([], 0);

        Assert.IsEmpty(values);
        Assert.IsEmpty(vectors);
    }

    [TestMethod]
    public void OneByOneIsItsOwnEigenvalue()
    {
        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve([-2.5], 1);

        CollectionAssert.AreEqual(new[] { -2.5 }, values);
        CollectionAssert.AreEqual(new[] { 1.0 }, vectors);
    }

    [TestMethod]
    [DataRow(1.5, -2.0, -0.25)]
    [DataRow(0.0, 1.0, 0.0)]
    [DataRow(1.0, 1e-20, 1.0)]
    public void TwoByTwoMatchesItsClosedForm(double a, double b, double c)
    {
        // [a b; b c] has eigenvalues (a + c)/2 ± √(((a − c)/2)² + b²). [0 1; 1 0], with eigenvalues ±1, is where QR without
        // a shift stands still; [1 1e-20; 1e-20 1] has its off-diagonal entry below rounding.
        double[] matrix = [a, b, b, c];

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, 2);

        double radius = Math.Sqrt(((a - c) / 2 * ((a - c) / 2)) + (b * b));
        Assert.AreEqual(((a + c) / 2) + radius, values[0], 1e-15);
        Assert.AreEqual(((a + c) / 2) - radius, values[1], 1e-15);
        AssertEigenDecomposition(matrix, 2, values, vectors);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void GradedMatricesKeepSmallResiduals(bool increasing)
    {
        // G·B·G with G = diag(10^(∓i/2)): entries from 1 down to 1e-19 (or up from 1e-19 to 1) across the matrix.
        const int n = 20;
        double[] matrix = RandomSymmetric(n, new Random(7));
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                int gi = increasing ? n - 1 - i : i;
                int gj = increasing ? n - 1 - j : j;
                matrix[i * n + j] *= Math.Pow(10, -(gi + gj) / 4.0);
            }
        }

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n);

        AssertEigenDecomposition(matrix, n, values, vectors);
    }

    [TestMethod]
    [DataRow(1e-156)]
    [DataRow(1e-160)]
    [DataRow(1e-308)]
    [DataRow(1e-320)]
    public void AColumnFarSmallerThanTheMatrixStillGivesAnOrthogonalReflection(double size)
    {
        // The squares of the first column's entries below the diagonal are subnormal unless the column is rescaled.
        const int n = 8;
        double[] matrix = RandomSymmetric(n, new Random(10));
        matrix[0] = 1;
        var random = new Random(11);
        for (int i = 1; i < n; i++)
        {
            matrix[i * n] = matrix[i] = size * (random.NextDouble() + 0.5);
        }

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n);

        AssertEigenDecomposition(matrix, n, values, vectors);
    }

    [TestMethod]
    [DataRow(1e-300)]
    [DataRow(1e300)]
    public void HugeAndTinyScalesScaleTheEigenvalues(double scale)
    {
        // Sums of squares of 1e300 overflow and those of 1e-300 underflow unless the solver rescales first.
        const int n = 12;
        double[] unit = RandomSymmetric(n, new Random(8));
        double[] matrix = unit.Select(x => x * scale).ToArray();

        (double[] expected, double[] _) = SymmetricEigenSolver.Solve(unit, n);
        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n);

        for (int r = 0; r < n; r++)
        {
            Assert.AreEqual(expected[r], values[r] / scale, 1e-13 * Math.Abs(expected[0]), $"eigenvalue {r}");
        }

        AssertEigenDecomposition(matrix, n, values, vectors);
    }

    [TestMethod]
    public void AgreesWithTorchLinalgEigh()
    {
        // TestData/Eigen/make_eigen_reference.py: a fixed 16×16 symmetric matrix, torch.linalg.eigh in float64.
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "Eigen", "eigen_reference.json");
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(path));
        int n = reference.RootElement.GetProperty("n").GetInt32();
        double[] matrix = Doubles(reference.RootElement.GetProperty("matrix"));
        double[] expectedValues = Doubles(reference.RootElement.GetProperty("values"));
        double[] expectedVectors = Doubles(reference.RootElement.GetProperty("vectors"));

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n);

        for (int r = 0; r < n; r++)
        {
            Assert.AreEqual(expectedValues[r], values[r], 1e-13 * Math.Abs(expectedValues[0]), $"eigenvalue {r}");

            // Eigenvectors are unique up to sign: the smallest gap, 0.04, bounds their angle error by ~1e-14 / 0.04.
            double dot = Enumerable.Range(0, n).Sum(j => expectedVectors[r * n + j] * vectors[r * n + j]);
            Assert.AreEqual(1, Math.Abs(dot), 1e-12, $"eigenvector {r}");
        }
    }

    [TestMethod]
    public void AgreesWithSubspaceIterationOnTheLeadingEigenpairs()
    {
        // The leading pairs of a positive semi-definite matrix with a geometric spectrum, as PCA asks for them when it
        // takes few components of wide data.
        const int n = 60;
        const int count = 5;
        double[] spectrum = Enumerable.Range(0, n).Select(i => 10 * Math.Pow(0.8, i)).ToArray();
        double[] matrix = WithSpectrum(spectrum, new Random(9));

        (double[] values, double[] vectors) = SymmetricEigenSolver.Solve(matrix, n);
        (double[] iterated, double[][] iteratedVectors) = PcaSubspaceIterationTests.Converged(matrix, n, count);

        for (int r = 0; r < count; r++)
        {
            Assert.AreEqual(iterated[r], values[r], 1e-12 * iterated[r], $"eigenvalue {r}");
            double dot = Enumerable.Range(0, n).Sum(j => iteratedVectors[r][j] * vectors[r * n + j]);
            Assert.AreEqual(1, Math.Abs(dot), 1e-9, $"eigenvector {r}");
        }
    }

    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    public void NonFiniteEntriesAreRefused(double bad)
    {
        double[] matrix = [1, 2, 2, bad];

        Assert.AreEqual("matrix", Assert.ThrowsExactly<ArgumentException>(() => SymmetricEigenSolver.Solve(matrix, 2)).ParamName);
    }

    [TestMethod]
    [DataRow(3, 8)]
    [DataRow(65536, 0)]
    public void AMatrixOfAnotherSizeThanTheOrderSaysIsRefused(int n, int length)
    {
        // 65536² wraps to 0 in int arithmetic, which an empty span would otherwise match.
        var error = Assert.ThrowsExactly<ArgumentException>(() => SymmetricEigenSolver.Solve(new double[length], n));

        Assert.AreEqual("matrix", error.ParamName);
        StringAssert.StartsWith(error.Message, $"The matrix holds {length} values, not {n}×{n}.");
    }

    [TestMethod]
    public void TheQrIterationGivesUpOnATridiagonalMatrixThatCannotConverge()
    {
        // A NaN never passes the test for a negligible off-diagonal entry, so without the cap this would loop forever.
        const int n = 4;
        double[] diagonal = [1, double.NaN, 3, 4];
        double[] offDiagonal = [1, 1, 1];
        var rows = new double[n * n];

        Task run = Task.Run(() => TridiagonalQrIteration.Diagonalize(diagonal, offDiagonal, rows, threads: 1));

        bool finished = Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))).GetAwaiter().GetResult() == run;
        Assert.IsTrue(finished, "the iteration is still running after 10 s");
        InvalidOperationException failure = Assert.ThrowsExactly<InvalidOperationException>(() => run.GetAwaiter().GetResult());
        StringAssert.Contains(failure.Message, "did not converge");
    }

    /// <summary>
    /// Eigenvalues descending; ‖A·v − λ·v‖ ≤ Slack·n·ε·‖A‖ for every pair, with ‖A‖ the Frobenius norm; and
    /// |VVᵀ − I| ≤ Slack·n·ε entry by entry.
    /// </summary>
    private static void AssertEigenDecomposition(double[] matrix, int n, double[] values, double[] vectors)
    {
        Assert.AreEqual(n, values.Length);
        Assert.AreEqual(n * n, vectors.Length);
        double epsilon = Math.Pow(2, -52);
        double norm = FrobeniusNorm(matrix);
        for (int r = 0; r + 1 < n; r++)
        {
            Assert.IsTrue(values[r] >= values[r + 1], $"eigenvalue {r}, {values[r]}, is below the next, {values[r + 1]}");
        }

        for (int r = 0; r < n; r++)
        {
            double residual = 0;
            for (int i = 0; i < n; i++)
            {
                double product = 0;
                for (int j = 0; j < n; j++)
                {
                    product += matrix[i * n + j] * vectors[r * n + j];
                }

                // Relative to ‖A‖ before squaring, so that matrices of 1e±300 neither overflow nor underflow here.
                double difference = (product - (values[r] * vectors[r * n + i])) / (norm == 0 ? 1 : norm);
                residual += difference * difference;
            }

            Assert.IsTrue(Math.Sqrt(residual) <= Slack * n * epsilon, $"eigenpair {r}: residual {Math.Sqrt(residual):G3}·‖A‖, ‖A‖ = {norm:G3}");
            for (int s = 0; s <= r; s++)
            {
                double dot = 0;
                for (int j = 0; j < n; j++)
                {
                    dot += vectors[r * n + j] * vectors[s * n + j];
                }

                Assert.AreEqual(r == s ? 1 : 0, dot, Slack * n * epsilon, $"eigenvectors {r} and {s}");
            }
        }
    }

    private static double[] RandomSymmetric(int n, Random random)
    {
        var matrix = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                matrix[i * n + j] = matrix[j * n + i] = (random.NextDouble() * 2) - 1;
            }
        }

        return matrix;
    }

    /// <summary>Qᵀ·diag(spectrum)·Q for a random orthonormal Q (Gram–Schmidt, twice, on random rows).</summary>
    private static double[] WithSpectrum(double[] spectrum, Random random)
    {
        int n = spectrum.Length;
        var q = new double[n][];
        for (int k = 0; k < n; k++)
        {
            q[k] = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            for (int pass = 0; pass < 2; pass++)
            {
                for (int l = 0; l < k; l++)
                {
                    double dot = Enumerable.Range(0, n).Sum(j => q[k][j] * q[l][j]);
                    for (int j = 0; j < n; j++)
                    {
                        q[k][j] -= dot * q[l][j];
                    }
                }
            }

            q[k] = Unit(q[k]);
        }

        var matrix = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                matrix[i * n + j] = matrix[j * n + i] = Enumerable.Range(0, n).Sum(k => spectrum[k] * q[k][i] * q[k][j]);
            }
        }

        return matrix;
    }

    private static double Trace(double[] matrix, int n) => Enumerable.Range(0, n).Sum(i => matrix[i * n + i]);

    private static double FrobeniusNorm(double[] matrix)
    {
        double largest = matrix.Max(Math.Abs);
        return largest == 0 ? 0 : largest * Math.Sqrt(matrix.Sum(x => (x / largest) * (x / largest)));
    }

    private static double[] Unit(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
