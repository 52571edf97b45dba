using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Json.Nodes;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// The machine's arithmetic ceiling: single-precision GFLOP/s of fused multiply-adds that never touch memory, at the
/// widest vector width the managed GEMM uses, on one thread and on two at once. On a virtual machine two vCPUs need not
/// be two whole cores (they may be hyperthreads of one, or share it with other guests); the ratio of the two figures
/// bounds what a second thread can add to the matrix products that dominate training and scoring.
/// </summary>
internal static class CoresBenchmark
{
    // Twelve independent accumulators cover the multiply-add latency on two ports.
    private const int Accumulators = 12;
    private const long Iterations = 50_000_000;
    private const int Repeats = 3;

    public static JsonObject Run(BenchmarkArguments args)
    {
        args.RequireOnly();
        (Func<long, float> spin, int lanes, string width) = Vector512.IsHardwareAccelerated
            ? (Spin<Vector512Ops, Vector512<float>>, Vector512Ops.Count, "Vector512")
            : (new Func<long, float>(Spin<Vector256Ops, Vector256<float>>), Vector256Ops.Count, "Vector256");
        double flops = 2.0 * lanes * Accumulators * Iterations;
        spin(1000);
        double bestOne = 0, bestTwo = 0;
        for (int repeat = 0; repeat < Repeats; repeat++)
        {
            var timer = Stopwatch.StartNew();
            spin(Iterations);
            double one = flops / timer.Elapsed.TotalSeconds / 1e9;

            timer.Restart();
            var helper = new Thread(() => spin(Iterations));
            helper.Start();
            spin(Iterations);
            helper.Join();
            double two = 2 * flops / timer.Elapsed.TotalSeconds / 1e9;
            Console.WriteLine($"one thread {one,6:F1} GFLOP/s; two threads {two,6:F1} GFLOP/s together; scaling {two / one:F2}");
            bestOne = Math.Max(bestOne, one);
            bestTwo = Math.Max(bestTwo, two);
        }

        return new JsonObject
        {
            ["benchmark"] = "cores",
            ["vector"] = width,
            ["gflops_one_thread"] = Math.Round(bestOne, 1),
            ["gflops_two_threads"] = Math.Round(bestTwo, 1),
            ["two_thread_scaling"] = Math.Round(bestTwo / bestOne, 2),
        };
    }

    // Fully optimized at once, as the GEMM kernel is: the first tier would keep the accumulators on the stack.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Spin<TOps, TVector>(long iterations)
        where TOps : IFloatVectorOps<TVector>
        where TVector : unmanaged
    {
        TVector multiplier = TOps.Broadcast(0.999999f), addend = TOps.Broadcast(1e-7f);
        TVector s0 = TOps.Broadcast(1f), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0, s8 = s0, s9 = s0, s10 = s0, s11 = s0;
        for (long i = 0; i < iterations; i++)
        {
            s0 = TOps.MultiplyAdd(s0, multiplier, addend);
            s1 = TOps.MultiplyAdd(s1, multiplier, addend);
            s2 = TOps.MultiplyAdd(s2, multiplier, addend);
            s3 = TOps.MultiplyAdd(s3, multiplier, addend);
            s4 = TOps.MultiplyAdd(s4, multiplier, addend);
            s5 = TOps.MultiplyAdd(s5, multiplier, addend);
            s6 = TOps.MultiplyAdd(s6, multiplier, addend);
            s7 = TOps.MultiplyAdd(s7, multiplier, addend);
            s8 = TOps.MultiplyAdd(s8, multiplier, addend);
            s9 = TOps.MultiplyAdd(s9, multiplier, addend);
            s10 = TOps.MultiplyAdd(s10, multiplier, addend);
            s11 = TOps.MultiplyAdd(s11, multiplier, addend);
        }

        // Summed and returned so the JIT cannot drop the loop.
        TVector one = TOps.Broadcast(1f);
        TVector sum = TOps.MultiplyAdd(s0, one, TOps.MultiplyAdd(s1, one, TOps.MultiplyAdd(s2, one, TOps.MultiplyAdd(s3, one, s4))));
        sum = TOps.MultiplyAdd(s5, one, TOps.MultiplyAdd(s6, one, TOps.MultiplyAdd(s7, one, TOps.MultiplyAdd(s8, one, sum))));
        sum = TOps.MultiplyAdd(s9, one, TOps.MultiplyAdd(s10, one, TOps.MultiplyAdd(s11, one, sum)));
        float* lanes = stackalloc float[TOps.Count];
        TOps.Store(lanes, sum);
        return lanes[0];
    }
}
