using System.Diagnostics;
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

    public static JsonObject Run(BenchmarkArguments args)
    {
        args.RequireOnly("rows", "hidden", "input");
        int rows = args.Integer("rows", 64);
        int hidden = args.Integer("hidden", 400);
        int input = args.Integer("input", 784);
        var shapes = new (string Name, bool TransposeA, bool TransposeB, int M, int N, int K)[]
        {
            ("encoder x·W", false, false, rows, hidden, input),
            ("decoder h·W", false, false, rows, input, hidden),
            ("decoder dh = dy·Wᵀ", false, true, rows, hidden, input),
            ("decoder dW = hᵀ·dy", true, false, hidden, input, rows),
            ("encoder dW = xᵀ·dh", true, false, input, hidden, rows),
        };

        var backends = new List<GemmBackend> { GemmBackend.Managed };
        if (MatrixMultipliers.IsOpenBlasAvailable)
        {
            backends.Insert(0, GemmBackend.OpenBlas);
        }

        var result = new JsonObject { ["benchmark"] = "gemm", ["rows"] = rows, ["threads"] = 1 };
        foreach (GemmBackend backend in backends)
        {
            IMatrixMultiplier gemm = MatrixMultipliers.Create(backend, threads: 1);
            var figures = new JsonObject();
            foreach (var shape in shapes)
            {
                double gflops = Measure(gemm, shape.TransposeA, shape.TransposeB, shape.M, shape.N, shape.K);
                Console.WriteLine($"{backend,-8} {shape.Name,-22} {shape.M,4}×{shape.N,4}×{shape.K,4}: {gflops,6:F1} GFLOP/s");
                figures[shape.Name] = Math.Round(gflops, 1);
            }

            result[backend.ToString()] = figures;
        }

        return result;
    }

    private static double Measure(IMatrixMultiplier gemm, bool transposeA, bool transposeB, int m, int n, int k)
    {
        var random = new SeededRandom(1);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble()).ToArray();
        float[] c = new float[m * n];
        int lda = transposeA ? m : k;
        int ldb = transposeB ? k : n;
        void Once() => gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);

        for (int i = 0; i < 20; i++)
        {
            Once();
        }

        long calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < SecondsPerShape)
        {
            for (int i = 0; i < 50; i++)
            {
                Once();
            }

            calls += 50;
        }

        return 2.0 * m * n * k * calls / clock.Elapsed.TotalSeconds / 1e9;
    }
}
