using System.Diagnostics;
using System.Text.Json.Nodes;
using Vae.MLNet.Data;
using Vae.MLNet.Samples.Common;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// The literature's quality protocol: train a Bernoulli VAE (by default the classic 784-400-20) on stochastically
/// binarized MNIST and report the importance-weighted estimate of the test log-likelihood (Burda et al.) with K samples
/// per image. <c>--training-binarization resampled</c> draws a fresh binarization of the training images at every read
/// (dynamic binarization); the test images are binarized once either way. <c>--final-epochs N</c> continues training
/// for N more epochs at a tenth of the learning rate, a one-step learning-rate decay.
/// </summary>
internal static class LikelihoodBenchmark
{
    public static JsonObject Run(BenchmarkArguments args)
    {
        args.RequireOnly("data", "epochs", "threads", "seed", "samples", "test-rows", "hidden", "latent", "training-binarization", "final-epochs");
        int epochs = args.Integer("epochs", 50);
        int threads = args.Threads();
        int seed = args.Seed();
        int samples = args.Integer("samples", 5000);
        int[] hidden = args.Sizes("hidden", [400]);
        int latent = args.Integer("latent", 20);
        TrainingBinarization binarization = args.Choice("training-binarization", TrainingBinarization.Fixed);
        int finalEpochs = args.Integer("final-epochs", 0, minimum: 0);
        IdxImageDataset testImages = args.ReadMnist("t10k", args.Integer("test-rows", int.MaxValue));
        int testRows = testImages.RowCount;

        // The test set is binarized once, as the IWAE paper's protocol fixes it.
        IdxImageDataset trainImages = args.ReadMnist("train");
        VaeDataset train = binarization == TrainingBinarization.Resampled
            ? BinarizedDataset.Resampled(trainImages, seed)
            : BinarizedDataset.Stochastic(trainImages, seed);
        VaeDataset test = BinarizedDataset.Stochastic(testImages, seed + 1);
        var clock = Stopwatch.StartNew();
        var options = new VaeOptions { HiddenLayerSizes = hidden, LatentDimension = latent, Epochs = epochs, NumberOfThreads = threads, Seed = seed };
        VaeModel model = new VaeTrainer(options).Fit(train, new ConsoleProgress());
        if (finalEpochs > 0)
        {
            var decayed = new VaeOptions { HiddenLayerSizes = hidden, LatentDimension = latent, Epochs = finalEpochs, LearningRate = options.LearningRate / 10, NumberOfThreads = threads, Seed = seed + 1 };
            model = new VaeTrainer(decayed).Fit(train, model, new ConsoleProgress());
        }

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
            ["model"] = $"784-{string.Join('-', hidden)}-{latent} relu bernoulli, adam 1e-3, batch 128, stochastically binarized MNIST",
            ["training_binarization"] = binarization.ToString().ToLowerInvariant(),
            ["epochs"] = epochs,
            ["final_epochs_at_lr_1e-4"] = finalEpochs,
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
