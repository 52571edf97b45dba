using System.Text.Json.Nodes;
using Vae.MLNet.Benchmarks;

// Each benchmark prints its progress and, last, one JSON line with its figures.
try
{
    BenchmarkArguments arguments = BenchmarkArguments.Parse(args);
    JsonObject result = arguments.Mode switch
    {
        "mnist" => MnistBenchmark.Run(arguments),
        "likelihood" => LikelihoodBenchmark.Run(arguments),
        "scoring" => ScoringBenchmark.Run(arguments),
        "gemm" => GemmBenchmark.Run(arguments),
        "cores" => CoresBenchmark.Run(arguments),
        "memory" => MemoryBenchmark.Run(arguments),
        _ => throw new ArgumentException($"Unknown benchmark '{arguments.Mode}'; use mnist, scoring, likelihood, gemm, cores or memory."),
    };
    Console.WriteLine(result.ToJsonString());
    return 0;
}
catch (Exception error) when (error is ArgumentException or IOException or FormatException or InvalidOperationException)
{
    Console.Error.WriteLine($"benchmark: {error.Message}");
    return 2;
}
