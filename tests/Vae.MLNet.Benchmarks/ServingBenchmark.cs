using System.Diagnostics;
using System.Text.Json.Nodes;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// The CPU time a loaded model costs a service whose requests come spaced apart: a request of a few rows through one
/// <see cref="ScoringCall"/>, a pause, and again, for a while. Time inside the calls is set against the process's CPU
/// time over the same span, which also counts what the model's threads and ONNX Runtime's spend polling or spinning
/// between requests. The rows are drawn uniformly from [0, 1), which any model scores in the same time as real ones.
/// </summary>
internal static class ServingBenchmark
{
    // Requests and pauses as measured come first, by default for long enough that .NET has recompiled the code they run,
    // whose CPU time would otherwise count as serving's: about 0.1 s of it after 200 requests back to back. Tiered
    // compilation recompiles a method called 30 times, 100 ms after the last such call, on a thread of its own; so the
    // warm-up lasts its seconds and at least WarmUpRequests, which a long pause would otherwise leave too few.
    private const int DefaultWarmUpSeconds = 2;
    private const int WarmUpRequests = 100;

    public static JsonObject Run(BenchmarkArguments args)
    {
        args.RequireOnly("model", "seconds", "warm-up-seconds", "pause-ms", "rows", "call", "intra-op-threads", "concurrent-runs", "seed");
        string modelPath = args.OptionalText("model") ?? throw new ArgumentException("--model names the model zip to serve, such as the model.zip the scoring benchmark writes.");
        int seconds = args.Integer("seconds", 10, maximum: 3600);
        int warmUpSeconds = args.Integer("warm-up-seconds", DefaultWarmUpSeconds, minimum: 0, maximum: 3600);
        int pauseMs = args.Integer("pause-ms", 5, minimum: 0, maximum: 60_000);
        int rowsPerRequest = args.Integer("rows", 1, maximum: 100_000);
        ScoringCall call = args.Choice("call", ScoringCall.EncodeDecode);
        int intraOpThreads = args.Integer("intra-op-threads", 1, minimum: 0);
        int concurrentRuns = args.Integer("concurrent-runs", 0, minimum: 0);
        var random = new Random(args.Seed());

        using VaeOnnxModel scorer = VaeOnnxModel.Load(modelPath, intraOpThreads, concurrentRuns);
        float[] rows = new float[rowsPerRequest * scorer.InputDimension];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = random.NextSingle();
        }

        var buffers = new ScoringBuffers(scorer, rowsPerRequest);
        Serve(buffers, call, rows, pauseMs, TimeSpan.FromSeconds(warmUpSeconds), minimumRequests: warmUpSeconds > 0 ? WarmUpRequests : 0);
        using Process process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        (int requests, long insideTicks) = Serve(buffers, call, rows, pauseMs, TimeSpan.FromSeconds(seconds));
        double elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        double inside = (double)insideTicks / Stopwatch.Frequency;
        Console.WriteLine(
            $"{requests} requests of {rowsPerRequest} row(s) through {call.JsonName()}, {pauseMs} ms apart, in {elapsed:F1} s: "
            + $"{inside:F3} s inside the calls, {cpu:F3} s of the process's CPU time "
            + $"({intraOpThreads} intra-op thread(s), {scorer.ConcurrentRuns} concurrent run(s))");
        return new JsonObject
        {
            ["benchmark"] = "serving",
            ["call"] = call.JsonName(),
            ["rows_per_request"] = rowsPerRequest,
            ["pause_ms"] = pauseMs,
            ["intra_op_threads"] = intraOpThreads,
            ["concurrent_runs"] = scorer.ConcurrentRuns,
            ["requests"] = requests,
            ["elapsed_s"] = MnistBenchmark.Round(elapsed),
            ["inside_calls_s"] = MnistBenchmark.Round(inside),
            ["process_cpu_s"] = MnistBenchmark.Round(cpu),
            ["loadavg_1min"] = ScoringBenchmark.LoadAverage(),
        };
    }

    /// <summary>
    /// Requests of <paramref name="rows"/> through <paramref name="call"/>, a pause after each, for <paramref name="span"/>
    /// and at least <paramref name="minimumRequests"/>: how many, and their Stopwatch ticks inside the calls.
    /// </summary>
    private static (int Requests, long InsideTicks) Serve(ScoringBuffers buffers, ScoringCall call, float[] rows, int pauseMs, TimeSpan span, int minimumRequests = 0)
    {
        long insideTicks = 0;
        int requests = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < span || requests < minimumRequests)
        {
            long start = Stopwatch.GetTimestamp();
            buffers.Score(call, rows);
            insideTicks += Stopwatch.GetTimestamp() - start;
            requests++;
            Thread.Sleep(pauseMs);
        }

        return (requests, insideTicks);
    }
}
