using System.Diagnostics;
using System.Text.Json.Nodes;
using Vae.MLNet.Data;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// The literature's quality protocol: train the classic Bernoulli VAE on stochastically binarized MNIST and report the
/// importance-weighted estimate of the test log-likelihood (Burda et al.) with K samples per image.
/// </summary>
internal static class LikelihoodBenchmark
{
    public static JsonObject Run(BenchmarkArguments args)
    {
        args.RequireOnly("data", "epochs", "threads", "seed", "samples", "test-rows");
        string directory = args.Text("data", Path.Combine("..", "shared", "data", "mnist"));
        int epochs = args.Integer("epochs", 50);
        int threads = args.Integer("threads", 2);
        int seed = args.Integer("seed", 1);
        int samples = args.Integer("samples", 5000);
        IdxImageDataset testImages = MnistFiles.Read(directory, "t10k");
        int testRows = Math.Min(args.Integer("test-rows", testImages.RowCount), testImages.RowCount);

        // One fixed binarization of each split, as the IWAE paper's protocol fixes its test set.
        VaeDataset train = BinarizedDataset.Stochastic(MnistFiles.Read(directory, "train"), seed);
        VaeDataset test = BinarizedDataset.Stochastic(testImages.Subset(Enumerable.Range(0, testRows)), seed + 1);
        var clock = Stopwatch.StartNew();
        VaeModel model = MnistBenchmark.TrainClassic(train, epochs, threads, GemmBackend.Auto, seed);
        double trainingSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var progress = new Progress<int>(done =>
        {
            if (done % 1000 == 0)
            {
                Console.WriteLine($"log-likelihood: {done} of {testRows} test images, {clock.Elapsed.TotalSeconds:F0} s");
            }
        });
        VaeLogLikelihoodEstimate estimate = model.EstimateLogLikelihood(test, samples, seed, progress);
        double estimateSeconds = clock.Elapsed.TotalSeconds;
        double negativeElbo = model.Evaluate(test, sampleLatent: true, seed: seed).NegativeElbo;
        Console.WriteLine($"log p(x) ≈ {estimate.Mean:F2} ± {estimate.StandardError:F2} nats (K = {samples}), negative ELBO {negativeElbo:F2}");

        return new JsonObject
        {
            ["benchmark"] = "likelihood",
            ["model"] = "784-400-20 relu bernoulli, adam 1e-3, batch 128, stochastically binarized MNIST",
            ["epochs"] = epochs,
            ["training_seconds"] = MnistBenchmark.Round(trainingSeconds),
            ["samples"] = samples,
            ["test_rows"] = testRows,
            ["test_log_likelihood"] = MnistBenchmark.Round(estimate.Mean),
            ["standard_error"] = estimate.StandardError is { } error ? MnistBenchmark.Round(error) : null,
            ["test_negative_elbo"] = MnistBenchmark.Round(negativeElbo),
            ["estimate_seconds"] = MnistBenchmark.Round(estimateSeconds),
        };
    }
}
