using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// GFLOP/s of one thread on the five large matrix products of a training step of the classic 784-400-20 model, for a
/// shard of <c>--rows</c> rows, through each available backend: the figures behind the training benchmark's profile.
/// </summary>
internal static class GemmBenchmark
{
    private const double SecondsPerShape = 1.0;

    // Timing windows per shape, of which the fastest is reported.
    private const int Windows = 20;

    // Operands of at most 16384² floats (1 GiB) each: their element counts stay within an int.
    private const int MaxSide = 16384;

    public static JsonObject Run(BenchmarkArguments args)
    {
        args.RequireOnly("rows", "hidden", "input", "operands");
        int rows = args.Integer("rows", 64, maximum: MaxSide);
        int hidden = args.Integer("hidden", 400, maximum: MaxSide);
        int input = args.Integer("input", 784, maximum: MaxSide);
        OperandCache cache = args.Choice("operands", OperandCache.Warm);
        var shapes = new (string Name, bool TransposeA, bool TransposeB, int M, int N, int K)[]
        {
            ("encoder x·W", false, false, rows, hidden, input),
            ("decoder h·W", false, false, rows, input, hidden),
            ("decoder dh = dy·Wᵀ", false, true, rows, hidden, input),
            ("decoder dW = hᵀ·dy", true, false, hidden, input, rows),
            ("encoder dW = xᵀ·dh", true, false, input, hidden, rows),
        };

        var backends = new List<GemmBackend> { GemmBackend.Managed };
        string? openBlasCore = null;
        if (MatrixMultipliers.IsOpenBlasAvailable)
        {
            backends.Insert(0, GemmBackend.OpenBlas);
            openBlasCore = OpenBlasLibrary.Instance!.CoreName;
            OpenBlasKernelWarning.WarnOfKernels(args.Mode, OpenBlasLibrary.Instance!);
        }

        var result = new JsonObject
        {
            ["benchmark"] = "gemm",
            ["rows"] = rows,
            ["threads"] = 1,
            ["operands"] = cache.ToString(),
            ["openblas_core"] = openBlasCore,
        };
        foreach (GemmBackend backend in backends)
        {
            IMatrixMultiplier gemm = MatrixMultipliers.Create(backend, threads: 1);
            string kernels = backend == GemmBackend.OpenBlas ? $" on {openBlasCore ?? "unnamed"} kernels" : string.Empty;
            var figures = new JsonObject();
            foreach (var shape in shapes)
            {
                double gflops = Measure(gemm, shape.TransposeA, shape.TransposeB, shape.M, shape.N, shape.K, cache);
                Console.WriteLine($"{backend,-8} {shape.Name,-22} {shape.M,4}×{shape.N,4}×{shape.K,4}: {gflops,6:F1} GFLOP/s{kernels}");
                figures[shape.Name] = Math.Round(gflops, 1);
            }

            result[backend.ToString()] = figures;
        }

        return result;
    }

    private static double Measure(IMatrixMultiplier gemm, bool transposeA, bool transposeB, int m, int n, int k, OperandCache cache)
    {
        var random = new SeededRandom(1);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble()).ToArray();
        float[] c = new float[m * n];
        float[] eviction = new float[cache == OperandCache.Evicted ? EvictionFloats : 0];
        int lda = transposeA ? m : k;
        int ldb = transposeB ? k : n;
        long Once()
        {
            TensorPrimitives.Add(eviction, 1f, eviction);
            long start = Stopwatch.GetTimestamp();
            gemm.Multiply(transposeA, transposeB, m, n, k, a, lda, b, ldb, accumulate: false, c, n);
            return Stopwatch.GetTimestamp() - start;
        }

        for (int i = 0; i < 20; i++)
        {
            Once();
        }

        // The best of many short windows: on a shared machine the slower ones measure the neighbours.
        double best = 0;
        for (int window = 0; window < Windows; window++)
        {
            long calls = 0;
            long ticks = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < SecondsPerShape / Windows)
            {
                ticks += Once();
                calls++;
            }

            best = Math.Max(best, 2.0 * m * n * k * calls / ((double)ticks / Stopwatch.Frequency) / 1e9);
        }

        return best;
    }

    /// <summary>Where the operands are when a product starts.</summary>
    private enum OperandCache
    {
        /// <summary>Wherever the previous call of the same product left them.</summary>
        Warm,

        /// <summary>
        /// Pushed out of the core's caches and most of the shared L3 by 64 MiB of writes between calls, as in training,
        /// where a step's weights, gradients and Adam moments (about 12 MB for this model, on an L3 other guests share)
        /// pass through between two uses of one matrix.
        /// </summary>
        Evicted,
    }

    private const int EvictionFloats = 16 << 20;
}
