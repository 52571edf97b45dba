using System.Text.Json.Nodes;
using Vae.MLNet.Benchmarks;
using Vae.MLNet.Runtime;

const string Usage = """
    usage: dotnet run -c Release --project tests/Vae.MLNet.Benchmarks -- MODE [--option value ...]
      mnist       train the 784-400-20 MNIST model against the PyTorch peer
                  --data DIR --epochs N --threads N --gemm Auto|Managed|OpenBlas --seed N --peer Auto|None|Required --rounds N
      scoring     score it through ONNX Runtime against the PyTorch peer; writes the graphs, model.zip and scored.csv
                  --out DIR (required) --data DIR --epochs N or --model ZIP --threads N --seed N --peer Auto|None|Required
      likelihood  the importance-weighted test log-likelihood on binarized MNIST
                  --data DIR --epochs N --threads N --seed N --samples K --test-rows N --hidden SIZES --latent K
                  --training-binarization Fixed|Resampled --final-epochs N
      gemm        one thread's GFLOP/s on a training step's matrix products
                  --rows N --hidden N --input N --operands Warm|Evicted
      cores       whether the two vCPUs multiply-add at once at full speed
      memory      read bandwidth for buffers the size of a model's weights
                  --kib SIZES
      serving     the CPU time a loaded model costs when its requests come spaced apart
                  --model ZIP (required) --seconds N --warm-up-seconds N --pause-ms N --rows N --call EncodeDecode|Transform|ScoreRows|TransformWithScores
                  --intra-op-threads N --concurrent-runs N (0: the default) --seed N
    --peer Auto runs the peer when /usr/bin/python3 has torch, and for scoring onnx too (scripts/setup.sh --peers installs both),
      None never, Required runs it or fails.
    Each mode prints one JSON line last; docs/benchmarks.md records the figures and the commands that gave them.
    """;

if (args.Any(arg => arg is "--help" or "-h" or "-?"))
{
    Console.WriteLine(Usage);
    return 0;
}

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
        "serving" => ServingBenchmark.Run(arguments),
        _ => throw new ArgumentException($"Unknown benchmark '{arguments.Mode}'; use mnist, scoring, likelihood, gemm, cores, memory or serving (--help lists their options)."),
    };
    Console.WriteLine(result.ToJsonString());
    return 0;
}
catch (Exception error) when (error is ArgumentException or IOException or UnauthorizedAccessException or FormatException or InvalidOperationException
    or OnnxRuntimeNotFoundException or ArithmeticException or OutOfMemoryException)
{
    // The library's VaeOverflowException and VaeTrainingDivergedException are ArithmeticExceptions: like running out of
    // memory, a failure of the run (exit 1), where the others are a command line or files it cannot use (exit 2), among
    // them an ONNX Runtime library that is missing or cannot be loaded, whose message says where it looked and what to do.
    Console.Error.WriteLine($"benchmark: {error.Message}");
    return error is ArithmeticException or OutOfMemoryException ? 1 : 2;
}
