using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json.Nodes;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// The machine's read bandwidth for buffers the size of a model's weights: how fast one thread can stream a buffer it
/// reads over and over, alone and while a second thread streams a buffer of its own. Scoring one row reads every weight
/// once, so the time of one pass over the weights' bytes bounds how many rows per second batch 1 can score, whatever
/// runs the graph; the two-thread figures show whether the two vCPUs have caches and memory paths of their own.
/// </summary>
internal static class MemoryBenchmark
{
    // The 784-400-20 MNIST model's 651 k float32 weights (2.6 MB), its half and quarter, and a buffer no cache holds.
    private static readonly int[] DefaultKibibytes = [636, 1272, 2544, 65536];

    // Eight independent sums keep enough loads in flight to reach the caches' bandwidth, not the adds' latency.
    private const int Accumulators = 8;
    private const double SecondsPerMeasurement = 0.3;

    // 64 KiB, read in about 0.3 µs here: a pass of fewer bytes would last little more than reading the clock does.
    private const long MinFloats = 16 * 1024;

    public static JsonObject Run(BenchmarkArguments args)
    {
        args.RequireOnly("kib");
        int[] kibibytes = args.Sizes("kib", DefaultKibibytes);
        (Func<nint, long, float> stream, int lanes) = Vector512.IsHardwareAccelerated
            ? (Stream<Vector512Ops, Vector512<float>>, Vector512Ops.Count)
            : (new Func<nint, long, float>(Stream<Vector256Ops, Vector256<float>>), Vector256Ops.Count);
        int floatsPerStep = lanes * Accumulators;

        // Every size is checked before the first is measured, so a list with a size out of range fails at once and names
        // each such size, not after the measurements of the sizes before it.
        long[] floatCounts = [.. kibibytes.Select(kib => (long)kib * 1024 / sizeof(float) / floatsPerStep * floatsPerStep)];
        int[] outside = [.. kibibytes.Where((_, i) => floatCounts[i] < MinFloats || floatCounts[i] > Array.MaxLength)];
        if (outside.Length > 0)
        {
            throw new ArgumentException(
                $"--kib {string.Join(", ", outside)} {(outside.Length == 1 ? "is" : "are")} outside {MinFloats * sizeof(float) / 1024} to {(long)Array.MaxLength * sizeof(float) / 1024} KiB: a smaller buffer is read too fast to time, a larger one does not fit in one array.");
        }

        var sizes = new JsonArray();
        foreach ((int kib, long floats) in kibibytes.Zip(floatCounts))
        {
            using var first = new AlignedFloats(floats);
            using var second = new AlignedFloats(floats);
            PassTimes alone = MeasurePasses(stream, first, null);
            PassTimes together = MeasurePasses(stream, first, second);
            double bytes = floats * sizeof(float);
            Console.WriteLine(
                $"{kib,7} KiB: one thread {bytes / alone.Median / 1e9,6:F1} GB/s ({alone.Median * 1e6,8:F1} µs a pass, best {alone.Best * 1e6,8:F1}); "
                + $"each of two threads at once {bytes / together.Median / 1e9,6:F1} GB/s ({together.Median * 1e6,8:F1} µs a pass, best {together.Best * 1e6,8:F1})");
            sizes.Add(new JsonObject
            {
                ["kib"] = kib,
                ["gb_per_s_one_thread"] = Math.Round(bytes / alone.Median / 1e9, 1),
                ["us_per_pass_one_thread"] = Math.Round(alone.Median * 1e6, 1),
                ["us_per_best_pass_one_thread"] = Math.Round(alone.Best * 1e6, 1),
                ["gb_per_s_each_of_two_threads"] = Math.Round(bytes / together.Median / 1e9, 1),
                ["us_per_pass_each_of_two_threads"] = Math.Round(together.Median * 1e6, 1),
                ["us_per_best_pass_each_of_two_threads"] = Math.Round(together.Best * 1e6, 1),
            });
        }

        return new JsonObject { ["benchmark"] = "memory", ["sizes"] = sizes };
    }

    // The median pass of the calling thread is the figure to compare: with a helper thread streaming its own buffer, the
    // best pass is the one the helper happened to leave the caches alone for, which understates their contention.
    private readonly record struct PassTimes(double Median, double Best);

    // The calling thread's passes, while a helper thread (when given a buffer) streams its own for as long.
    private static PassTimes MeasurePasses(Func<nint, long, float> stream, AlignedFloats mine, AlignedFloats? helpers)
    {
        using var stop = new CancellationTokenSource();
        Thread? helper = null;
        if (helpers is not null)
        {
            helper = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    stream(helpers.Address, helpers.Count);
                }
            });
            helper.Start();
        }

        // Timestamps, not a Stopwatch's Elapsed: a TimeSpan counts in steps of 100 ns, a tenth of a small buffer's pass.
        var seconds = new List<double>();
        long end = Stopwatch.GetTimestamp() + (long)(SecondsPerMeasurement * Stopwatch.Frequency);
        for (long start = Stopwatch.GetTimestamp(); start < end; start = Stopwatch.GetTimestamp())
        {
            stream(mine.Address, mine.Count);
            seconds.Add((double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency);
        }

        stop.Cancel();
        helper?.Join();
        return new PassTimes(MnistBenchmark.Median([.. seconds]), seconds.Min());
    }

    // Fully optimized at once, so the first pass already reads at the rate the later ones do.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Stream<TOps, TVector>(nint address, long count)
        where TOps : IFloatVectorOps<TVector>
        where TVector : unmanaged
    {
        float* data = (float*)address;
        int lanes = TOps.Count;
        TVector one = TOps.Broadcast(1f);
        TVector s0 = TOps.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (long i = 0; i < count; i += Accumulators * lanes)
        {
            float* p = data + i;
            s0 = TOps.MultiplyAdd(TOps.Load(p), one, s0);
            s1 = TOps.MultiplyAdd(TOps.Load(p + lanes), one, s1);
            s2 = TOps.MultiplyAdd(TOps.Load(p + (2 * lanes)), one, s2);
            s3 = TOps.MultiplyAdd(TOps.Load(p + (3 * lanes)), one, s3);
            s4 = TOps.MultiplyAdd(TOps.Load(p + (4 * lanes)), one, s4);
            s5 = TOps.MultiplyAdd(TOps.Load(p + (5 * lanes)), one, s5);
            s6 = TOps.MultiplyAdd(TOps.Load(p + (6 * lanes)), one, s6);
            s7 = TOps.MultiplyAdd(TOps.Load(p + (7 * lanes)), one, s7);
        }

        // Summed and returned so the JIT cannot drop the loads.
        TVector sum = TOps.MultiplyAdd(s0, one, TOps.MultiplyAdd(s1, one, TOps.MultiplyAdd(s2, one, s3)));
        sum = TOps.MultiplyAdd(s4, one, TOps.MultiplyAdd(s5, one, TOps.MultiplyAdd(s6, one, TOps.MultiplyAdd(s7, one, sum))));
        float* result = stackalloc float[lanes];
        TOps.Store(result, sum);
        return result[0];
    }

    /// <summary>Native memory aligned to a cache line, filled so that no page is left unmapped.</summary>
    private sealed unsafe class AlignedFloats : IDisposable
    {
        public AlignedFloats(long count)
        {
            Count = count;
            Address = (nint)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
            new Span<float>((void*)Address, checked((int)count)).Fill(1f);
        }

        public nint Address { get; }

        public long Count { get; }

        public void Dispose() => NativeMemory.AlignedFree((void*)Address);
    }
}
