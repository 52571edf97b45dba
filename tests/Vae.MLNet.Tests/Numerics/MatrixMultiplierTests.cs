using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class MatrixMultiplierTests
{
    // Odd sizes straddle the register tiles (6 rows × 2 or 4 vectors, and the one-vector tile for the columns past the
    // last full one), the 120-row A block and the 128- and 256-deep k blocks.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 3, 17), (3, 1, 65), (17, 65, 3), (65, 17, 130), (130, 65, 17), (7, 33, 300), (130, 130, 1), (6, 32, 5), (13, 70, 257),
        (7, 100, 129), (12, 16, 40), (9, 400, 20),
    ];

    private static readonly bool[] Accumulations = [false, true];

    private static readonly ManualResetEventSlim SecondStripeStarted = new(false);

    [TestMethod]
    [DataRow(GemmBackend.Managed, false, false)]
    [DataRow(GemmBackend.Managed, true, false)]
    [DataRow(GemmBackend.Managed, false, true)]
    [DataRow(GemmBackend.Managed, true, true)]
    [DataRow(GemmBackend.OpenBlas, false, false)]
    [DataRow(GemmBackend.OpenBlas, true, false)]
    [DataRow(GemmBackend.OpenBlas, false, true)]
    [DataRow(GemmBackend.OpenBlas, true, true)]
    public void MatchesDoublePrecisionReference(GemmBackend backend, bool transposeA, bool transposeB)
    {
        AssertMatchesReference(Create(backend), transposeA, transposeB, backend.ToString());
    }

    [TestMethod]
    [DataRow(128)]
    [DataRow(256)]
    [DataRow(512)]
    public void EveryVectorWidthsKernelMatchesTheReferenceWithOneThreadOrTwo(int vectorBits)
    {
        // The machine runs only its widest accelerated kernel otherwise; the others run emulated where it lacks them.
        foreach ((bool transposeA, bool transposeB) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            AssertMatchesReference(new ManagedMatrixMultiplier(1, vectorBits), transposeA, transposeB, $"{vectorBits}-bit, 1 thread");
            AssertMatchesReference(new ManagedMatrixMultiplier(2, vectorBits), transposeA, transposeB, $"{vectorBits}-bit, 2 threads");
        }

        // Products rounded before they are added give other last bits than fused ones, so the name tells them apart.
        string rounding = Fma.IsSupported || AdvSimd.IsSupported ? string.Empty : "NoFma";
        Assert.AreEqual($"Vector{vectorBits}{rounding}", new ManagedMatrixMultiplier(1, vectorBits).Kernel, "the training history names the kernel by its vectors and rounding");
    }

    [TestMethod]
    public void AManagedKernelOnVectorsOfAnotherWidthIsRefused()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ManagedMatrixMultiplier(1, 64));

        Assert.AreEqual("vectorBits", error.ParamName);
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void ZeroTilesOfAGiveTheSameProductAsAnyOther(bool transposeA, bool transposeB)
    {
        // op(A) zero over a whole first k-block (every row skipped, B's block never packed), over two whole row tiles,
        // over one short edge tile, and zero but for one element in a tile that must therefore still be computed.
        AssertZerosOfAKeepTheProduct(
            transposeA, transposeB, k: 300, (i, p) => (p < 150 || i is >= 6 and < 18 || i is >= 24 and < 30 || i >= 126) && !(i == 27 && p == 299));
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void ZeroRowTilesOfTheFirstKBlockAmongLiveOnesStillClearC(bool transposeA, bool transposeB)
    {
        // One k-block, whose zero row tiles are skipped while the others are computed: they are cleared there or nowhere,
        // as in the weight gradients of a batch whose blank pixels make whole tiles of inputᵀ zero.
        AssertZerosOfAKeepTheProduct(transposeA, transposeB, k: 100, (i, _) => i is >= 6 and < 18 || i >= 126);
    }

    // Compares the managed product with zeros of op(A) where zero(i, p) says, accumulating and not, the latter over a C of NaN.
    private static void AssertZerosOfAKeepTheProduct(bool transposeA, bool transposeB, int k, Func<int, int, bool> zero)
    {
        const int m = 130, n = 70;
        IMatrixMultiplier multiplier = Create(GemmBackend.Managed);
        foreach (bool accumulate in Accumulations)
        {
            Operands o = Operands.Random(transposeA, transposeB, m, n, k, padding: 2, seed: 21);
            ref float At(int i, int p) => ref o.A[transposeA ? (p * o.Lda) + i : (i * o.Lda) + p];
            for (int i = 0; i < m; i++)
            {
                for (int p = 0; p < k; p++)
                {
                    if (zero(i, p))
                    {
                        At(i, p) = 0f;
                    }
                }
            }

            if (!accumulate)
            {
                Array.Fill(o.C, float.NaN);
            }

            float[] want = o.ReferenceProduct(accumulate);
            float[] got = o.Product(multiplier, accumulate);

            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float expected = want[(i * o.Ldc) + j];
                    Assert.AreEqual(expected, got[(i * o.Ldc) + j], 1e-5f * Math.Max(1f, Math.Abs(expected)), $"C[{i}, {j}], accumulating: {accumulate}");
                }
            }

            if (accumulate)
            {
                AssertPaddingUntouched(o.C, got, m, n, o.Ldc);
            }
        }
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void SkippingTheZeroStepsOfASparseAChangesNoBitOfTheProduct(bool transposeA, bool transposeB)
    {
        // Four in five entries of op(A) zero, as in image pixels: most steps of most row tiles are skipped. Products 8
        // columns wide are too narrow to list live steps, so they sum every step; 130 rows leave a short edge tile, and
        // 300 steps make k-blocks whose depth is not a multiple of the 8-step scan.
        const int m = 130, n = 200, k = 300, slice = 8;
        IMatrixMultiplier multiplier = Create(GemmBackend.Managed);
        Operands o = Operands.Random(transposeA, transposeB, m, n, k, padding: 3, seed: 5);
        var random = new Random(6);
        for (int i = 0; i < o.A.Length; i++)
        {
            if (random.NextDouble() < 0.8)
            {
                o.A[i] = 0f;
            }
        }

        float[] listed = new float[o.C.Length];
        float[] summedThroughout = new float[o.C.Length];

        multiplier.Multiply(transposeA, transposeB, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, listed, o.Ldc);
        for (int first = 0; first < n; first += slice)
        {
            int bOffset = transposeB ? first * o.Ldb : first;
            multiplier.Multiply(transposeA, transposeB, m, slice, k, o.A, o.Lda, o.B.AsSpan(bOffset), o.Ldb, accumulate: false, summedThroughout.AsSpan(first), o.Ldc);
        }

        CollectionAssert.AreEqual(summedThroughout, listed);
        Assert.IsLessThan(1e-5, o.MaxRelativeError(accumulate: false, o.ReferenceProduct(accumulate: false), listed));
    }

    [TestMethod]
    [DataRow(GemmBackend.Managed)]
    [DataRow(GemmBackend.OpenBlas)]
    public void BetaZeroIgnoresNaNInC(GemmBackend backend)
    {
        Operands o = Operands.Random(false, true, 19, 37, 23, padding: 0, seed: 7);
        Array.Fill(o.C, float.NaN);

        Create(backend).Multiply(false, true, 19, 37, 23, o.A, o.Lda, o.B, o.Ldb, accumulate: false, o.C, o.Ldc);

        Assert.IsTrue(o.C.All(float.IsFinite));
    }

    [TestMethod]
    [DataRow(GemmBackend.Managed)]
    [DataRow(GemmBackend.OpenBlas)]
    public void EmptySharedDimensionLeavesAnAccumulatedCAndClearsAnOverwrittenOne(GemmBackend backend)
    {
        IMatrixMultiplier multiplier = Create(backend);
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];
        float[] nan = [float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN];

        multiplier.Multiply(false, false, 2, 3, 0, [], 1, [], 3, accumulate: true, c, 3);
        multiplier.Multiply(true, true, 2, 3, 0, [], 2, [], 1, accumulate: false, nan, 3);

        CollectionAssert.AreEqual(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, c);
        CollectionAssert.AreEqual(new float[6], nan);
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void OpenBlasAndManagedAgree(bool transposeA, bool transposeB)
    {
        IMatrixMultiplier blas = Create(GemmBackend.OpenBlas);
        IMatrixMultiplier managed = Create(GemmBackend.Managed);
        const int m = 128, n = 40, k = 400;
        Operands o = Operands.Random(transposeA, transposeB, m, n, k, padding: 3, seed: 11);

        float[] fromBlas = o.Product(blas, accumulate: true);
        float[] fromManaged = o.Product(managed, accumulate: true);

        Assert.IsLessThan(1e-4, o.MaxRelativeError(accumulate: true, fromBlas, fromManaged));
    }

    /// <summary>
    /// OpenBLAS keeps one thread count per process, and its sums depend on it: a multiplier that set it changed the
    /// results of every other one, so a training's weights depended on what else the process scored meanwhile.
    /// </summary>
    [TestMethod]
    public void AnOpenBlasProductDoesNotDependOnMultipliersMadeElsewhereInTheProcess()
    {
        IMatrixMultiplier oneThread = Create(GemmBackend.OpenBlas, threads: 1);
        const int m = 256, n = 400, k = 784;
        Operands o = Operands.Random(false, false, m, n, k, padding: 0, seed: 9);
        float[] before = new float[o.C.Length];
        float[] after = new float[o.C.Length];

        oneThread.Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, before, o.Ldc);
        _ = Create(GemmBackend.OpenBlas, threads: Math.Max(2, Environment.ProcessorCount));
        oneThread.Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, after, o.Ldc);

        CollectionAssert.AreEqual(before, after);
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, true)]
    public void ManagedResultDoesNotDependOnTheThreadCount(bool transposeA, bool transposeB)
    {
        // 400 columns split in two stripes leave the second one a one-vector remainder: the same sums must come out.
        const int m = 64, n = 400, k = 300;
        Operands o = Operands.Random(transposeA, transposeB, m, n, k, padding: 0, seed: 5);
        float[] oneThread = new float[o.C.Length];
        float[] twoThreads = new float[o.C.Length];

        new ManagedMatrixMultiplier(1).Multiply(transposeA, transposeB, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, oneThread, o.Ldc);
        new ManagedMatrixMultiplier(2).Multiply(transposeA, transposeB, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, twoThreads, o.Ldc);

        CollectionAssert.AreEqual(MemoryMarshal.Cast<float, int>(oneThread).ToArray(), MemoryMarshal.Cast<float, int>(twoThreads).ToArray());
    }

    [TestMethod]
    [DataRow(1, 128)]
    [DataRow(2, 128)]
    [DataRow(1, 256)]
    [DataRow(2, 256)]
    [DataRow(1, 512)]
    [DataRow(2, 512)]
    public void AFewRowsGetTheBitsTheyGetInALargerProductOnEveryVectorWidth(int threads, int vectorBits)
    {
        // One tile of rows reads B in place rather than packed: the sums must be formed the same way. 70 columns leave a
        // partial vector, and the padded stride puts other values right after each row of B.
        const int m = 20, n = 70, k = 300;
        Operands o = Operands.Random(false, false, m, n, k, padding: 5, seed: 9);
        var multiplier = new ManagedMatrixMultiplier(threads, vectorBits);
        float[] whole = new float[o.C.Length];
        multiplier.Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, whole, o.Ldc);

        foreach (int rows in new[] { 1, 5, 6 })
        {
            for (int first = 0; first + rows <= m; first += rows)
            {
                float[] part = new float[GemmReference.Length(rows, n, o.Ldc)];
                multiplier.Multiply(false, false, rows, n, k, o.A.AsSpan(first * o.Lda, GemmReference.Length(rows, k, o.Lda)), o.Lda, o.B, o.Ldb, accumulate: false, part, o.Ldc);
                CollectionAssert.AreEqual(
                    MemoryMarshal.Cast<float, int>(whole.AsSpan(first * o.Ldc, part.Length)).ToArray(),
                    MemoryMarshal.Cast<float, int>(part).ToArray(),
                    $"rows {first}..{first + rows - 1}");
            }
        }
    }

    [TestMethod]
    public void ManagedResultIsBitIdenticalAcrossRunsWithTwoThreads()
    {
        const int m = 128, n = 400, k = 784;
        Operands o = Operands.Random(false, false, m, n, k, padding: 0, seed: 3);
        float[] first = new float[o.C.Length];
        float[] second = new float[o.C.Length];

        new ManagedMatrixMultiplier(2).Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, first, o.Ldc);
        var reused = new ManagedMatrixMultiplier(2);
        reused.Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, second, o.Ldc);
        reused.Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, second, o.Ldc);

        CollectionAssert.AreEqual(MemoryMarshal.Cast<float, int>(first).ToArray(), MemoryMarshal.Cast<float, int>(second).ToArray());
    }

    [TestMethod]
    public void AManagedProductDoesNotWaitForHelpersThePoolCannotStart()
    {
        const int m = 128, n = 400, k = 784;
        Operands o = Operands.Random(false, false, m, n, k, padding: 0, seed: 4);
        float[] expected = new float[o.C.Length];
        float[] product = new float[o.C.Length];
        new ManagedMatrixMultiplier(1).Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, expected, o.Ldc);

        // Work queued ahead of the product's helpers holds every thread the pool has or adds, as callers blocked on one
        // shared model do; the product has to finish on its calling thread alone.
        var release = new TaskCompletionSource();
        for (int i = 0; i < 1000; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => release.Task.Wait(), null);
        }

        bool finished;
        try
        {
            var caller = new Thread(() => new ManagedMatrixMultiplier(2).Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, product, o.Ldc));
            caller.Start();
            finished = caller.Join(TimeSpan.FromSeconds(30));
        }
        finally
        {
            release.SetResult();
        }

        Assert.IsTrue(finished, "the product waited for a helper the busy pool never started");
        CollectionAssert.AreEqual(MemoryMarshal.Cast<float, int>(expected).ToArray(), MemoryMarshal.Cast<float, int>(product).ToArray());
    }

    [TestMethod]
    public unsafe void APartThatThrowsFailsTheCallOnlyAfterTheOtherPartsFinish()
    {
        // Up to 12 rows make a two-thread product split by columns: whichever thread fails, the other is still working.
        const int m = 12, n = 400, k = 784;
        Operands o = Operands.Random(false, false, m, n, k, padding: 0, seed: 6);
        float[] expected = new float[o.C.Length];
        new ManagedMatrixMultiplier(1, 128).Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, expected, o.Ldc);
        var multiplier = new ManagedMatrixMultiplier(2, 128, &FailOnTheFirstOfTwoStripes);

        for (int call = 0; call < 3; call++)
        {
            float[] product = new float[o.C.Length];
            Array.Fill(product, float.NaN);
            SecondStripeStarted.Reset();

            var error = Assert.ThrowsExactly<OutOfMemoryException>(
                () => multiplier.Multiply(false, false, m, n, k, o.A, o.Lda, o.B, o.Ldb, accumulate: false, product, o.Ldc));

            StringAssert.Contains(error.StackTrace, nameof(FailOnTheFirstOfTwoStripes), "the part's own stack trace");
            int firstWritten = Array.FindIndex(product, value => !float.IsNaN(value));
            Assert.IsTrue(firstWritten is > 0 and < n, $"call {call}: the second stripe starts at column {firstWritten}");
            for (int i = 0; i < m; i++)
            {
                Assert.IsTrue(product.AsSpan(i * o.Ldc, firstWritten).ToArray().All(float.IsNaN), $"call {call}, row {i}: the failed stripe");
                CollectionAssert.AreEqual(
                    expected.AsSpan((i * o.Ldc) + firstWritten, n - firstWritten).ToArray(),
                    product.AsSpan((i * o.Ldc) + firstWritten, n - firstWritten).ToArray(),
                    $"call {call}, row {i}: the stripe that did not fail");
            }
        }
    }

    [TestMethod]
    [DataRow(GemmBackend.Managed)]
    [DataRow(GemmBackend.OpenBlas)]
    public void RejectsOperandsThatDoNotFitTheirShape(GemmBackend backend)
    {
        IMatrixMultiplier multiplier = Create(backend);
        float[] a = new float[4 * 5], b = new float[5 * 6], c = new float[4 * 6];

        AssertParam("a", () => multiplier.Multiply(false, false, 4, 6, 5, a.AsSpan(1), 5, b, 6, accumulate: false, c, 6));
        AssertParam("b", () => multiplier.Multiply(false, false, 4, 6, 5, a, 5, b.AsSpan(1), 6, accumulate: false, c, 6));
        AssertParam("c", () => multiplier.Multiply(false, false, 4, 6, 5, a, 5, b, 6, accumulate: false, c.AsSpan(1), 6));
        AssertParam("a", () => multiplier.Multiply(true, false, 4, 6, 5, a, 5, b, 6, accumulate: false, c, 6));
        AssertParam("lda", () => multiplier.Multiply(false, false, 4, 6, 5, a, 4, b, 6, accumulate: false, c, 6));
        AssertParam("ldb", () => multiplier.Multiply(false, true, 4, 6, 5, a, 5, b, 4, accumulate: false, c, 6));
        AssertParam("ldc", () => multiplier.Multiply(false, false, 4, 6, 0, [], 1, [], 6, accumulate: false, c, 0));
        AssertParam("k", () => multiplier.Multiply(false, false, 4, 6, -1, a, 5, b, 6, accumulate: false, c, 6));
    }

    [TestMethod]
    public void CreateReturnsTheRequestedBackend()
    {
        Assert.AreEqual(GemmBackend.Managed, MatrixMultipliers.Create(GemmBackend.Managed, 1).Backend);
        GemmBackend expected = !Vector512.IsHardwareAccelerated && OpenBlasLibrary.Instance is { RunsFallbackKernels: false }
            ? GemmBackend.OpenBlas
            : GemmBackend.Managed;
        Assert.AreEqual(expected, MatrixMultipliers.Create(GemmBackend.Auto, 1).Backend);
    }

    [TestMethod]
    public void APreferredBackendIsTakenWhereItLoadsAndAutoChoosesOtherwise()
    {
        Assert.AreEqual(GemmBackend.Managed, MatrixMultipliers.CreatePreferring(GemmBackend.Managed, 1).Backend);
        GemmBackend auto = MatrixMultipliers.Create(GemmBackend.Auto, 1).Backend;
        GemmBackend expected = MatrixMultipliers.IsOpenBlasAvailable ? GemmBackend.OpenBlas : auto;
        Assert.AreEqual(expected, MatrixMultipliers.CreatePreferring(GemmBackend.OpenBlas, 1).Backend);
    }

    private static void FailOnTheFirstOfTwoStripes(in GemmProblem problem, int rowStart, int rowEnd, int columnStart, int columnEnd, GemmPackingBuffers buffers)
    {
        // The first stripe waits for the second to start, so the two run on different threads, and the second sleeps,
        // so it is still running when the first throws.
        if (columnStart == 0)
        {
            SecondStripeStarted.Wait(TimeSpan.FromSeconds(30));
            throw new OutOfMemoryException("No packing buffers for the first stripe.");
        }

        SecondStripeStarted.Set();
        Thread.Sleep(50);
        BlockedGemm<Vector128Ops, Vector128<float>>.Run(in problem, rowStart, rowEnd, columnStart, columnEnd, buffers);
    }

    private static IMatrixMultiplier Create(GemmBackend backend, int threads = 2)
    {
        if (backend == GemmBackend.OpenBlas && !MatrixMultipliers.IsOpenBlasAvailable)
        {
            Assert.Inconclusive("OpenBLAS is not installed on this machine.");
        }

        return MatrixMultipliers.Create(backend, threads);
    }

    private static void AssertParam(string name, Action call)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(call);
        Assert.AreEqual(name, error.ParamName);
    }

    private static void AssertMatchesReference(IMatrixMultiplier multiplier, bool transposeA, bool transposeB, string label)
    {
        for (int s = 0; s < Shapes.Length; s++)
        {
            (int m, int n, int k) = Shapes[s];
            bool accumulate = Accumulations[s % Accumulations.Length];
            Operands o = Operands.Random(transposeA, transposeB, m, n, k, padding: s % 3 * 5, seed: s);

            float[] got = o.Product(multiplier, accumulate);

            double error = o.MaxRelativeError(accumulate, o.ReferenceProduct(accumulate), got);
            Assert.IsLessThan(1e-5, error, $"{label} {m}×{n}×{k} op(A){(transposeA ? "ᵀ" : "")} op(B){(transposeB ? "ᵀ" : "")} accumulating: {accumulate} lda={o.Lda} ldb={o.Ldb} ldc={o.Ldc}");
            AssertPaddingUntouched(o.C, got, m, n, o.Ldc);
        }
    }

    private static void AssertPaddingUntouched(float[] before, float[] after, int m, int n, int ldc)
    {
        for (int i = 0; i < after.Length; i++)
        {
            bool inside = i / ldc < m && i % ldc < n;
            if (!inside)
            {
                Assert.AreEqual(before[i], after[i], $"element {i} outside the {m}×{n} result changed");
            }
        }
    }

    /// <summary>The operands of op(A)·op(B) + C for an M×N product summed over K, each matrix at its own stride.</summary>
    private sealed record Operands(bool TransposeA, bool TransposeB, int M, int N, int K, float[] A, int Lda, float[] B, int Ldb, float[] C, int Ldc)
    {
        public static Operands Random(bool transposeA, bool transposeB, int m, int n, int k, int padding, int seed)
        {
            (int aRows, int aColumns) = transposeA ? (k, m) : (m, k);
            (int bRows, int bColumns) = transposeB ? (n, k) : (k, n);
            int lda = Math.Max(1, aColumns + padding), ldb = Math.Max(1, bColumns + padding), ldc = n + padding;
            return new Operands(
                transposeA,
                transposeB,
                m,
                n,
                k,
                GemmReference.Random(GemmReference.Length(aRows, aColumns, lda), seed),
                lda,
                GemmReference.Random(GemmReference.Length(bRows, bColumns, ldb), seed + 1000),
                ldb,
                GemmReference.Random(GemmReference.Length(m, n, ldc), seed + 2000),
                ldc);
        }

        /// <summary>op(A)·op(B), plus C when <paramref name="accumulate"/>, summed in double precision: the product every backend is held to.</summary>
        public float[] ReferenceProduct(bool accumulate) =>
            GemmReference.Multiply(TransposeA, TransposeB, M, N, K, A, Lda, B, Ldb, accumulate, C, Ldc);

        /// <summary>op(A)·op(B), plus C when <paramref name="accumulate"/>, as <paramref name="multiplier"/> writes it over a copy of C, which stays as it was.</summary>
        public float[] Product(IMatrixMultiplier multiplier, bool accumulate)
        {
            float[] product = (float[])C.Clone();
            multiplier.Multiply(TransposeA, TransposeB, M, N, K, A, Lda, B, Ldb, accumulate, product, Ldc);
            return product;
        }

        /// <summary><see cref="GemmReference.MaxRelativeError"/> of <paramref name="got"/> against <paramref name="want"/>, two products of these operands.</summary>
        public double MaxRelativeError(bool accumulate, float[] want, float[] got) =>
            GemmReference.MaxRelativeError(TransposeA, TransposeB, M, N, K, A, Lda, B, Ldb, accumulate, C, Ldc, want, got);
    }
}
