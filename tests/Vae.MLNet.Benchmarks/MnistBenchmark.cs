using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Vae.MLNet.Data;
using Vae.MLNet.Numerics;
using Vae.MLNet.Samples.Common;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Trains the classic 784-400-20 Bernoulli VAE of PyTorch's example on MNIST, evaluates it on the test set (issue 2's
/// test loss, decoding z = μ, and the example's own sampled negative ELBO), and compares with the PyTorch peer run in
/// the same process tree. With --rounds, ours and the peer train in turn that many times, and the ratio is the median
/// of the rounds': a single pair of runs moves with the machine's speed from one minute to the next.
/// </summary>
internal static class MnistBenchmark
{
    public static JsonObject Run(BenchmarkArguments args)
    {
        args.RequireOnly("data", "epochs", "threads", "gemm", "seed", "peer", "rounds");
        string directory = args.MnistDirectory();
        int epochs = args.Integer("epochs", 10);
        int threads = args.Threads();
        int seed = args.Seed();
        GemmBackend gemm = args.Choice("gemm", GemmBackend.Auto);
        int rounds = args.Integer("rounds", 1);

        // Decided before training, so that --peer required fails at once, not after the training it would compare.
        bool withPeer = Peers.ShouldRun(args.Choice("peer", PeerMode.Auto));

        var clock = Stopwatch.StartNew();
        (IdxImageDataset train, IdxImageDataset test) = (args.ReadMnist("train"), args.ReadMnist("t10k"));
        Console.WriteLine($"read {train.RowCount} training and {test.RowCount} test images in {clock.Elapsed.TotalSeconds:F2} s");

        var ourMedians = new List<double>();
        var peerMedians = new List<double>();
        JsonObject? peer = null;
        VaeModel model = TrainAndCompare(1);
        bool onOpenBlas = model.History.GemmBackend == GemmBackend.OpenBlas;
        if (onOpenBlas)
        {
            OpenBlasKernelWarning.WarnOfKernels(args.Mode, OpenBlasLibrary.Instance!);
        }

        // The first round's model is evaluated, and the peak taken, before later rounds train models of their own beside
        // it, as the peer's peak is one run's; every round's model is the same but for its timings.
        double testLoss = model.Evaluate(test).NegativeElbo;
        double testElbo = model.Evaluate(test, sampleLatent: true, seed: seed).NegativeElbo;
        double[] epochSeconds = model.History.Epochs.Select(e => e.Seconds).ToArray();
        double peakMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        for (int round = 2; round <= rounds; round++)
        {
            TrainAndCompare(round);
        }

        // Ours, then the peer.
        VaeModel TrainAndCompare(int round)
        {
            VaeModel trained = TrainClassic(train, epochs, threads, gemm, seed);
            ourMedians.Add(Median(trained.History.Epochs.Select(e => e.Seconds).ToArray()));
            if (withPeer)
            {
                peer = PeerProcess.Run(
                    "pytorch_mnist_vae.py",
                    openBlasThreads: 1,
                    "--data", Path.GetFullPath(directory),
                    "--epochs", epochs.ToString(CultureInfo.InvariantCulture),
                    "--threads", threads.ToString(CultureInfo.InvariantCulture),
                    "--seed", seed.ToString(CultureInfo.InvariantCulture));
                peerMedians.Add((double)peer["median_epoch_seconds"]!);
            }

            if (rounds > 1)
            {
                Console.WriteLine(withPeer
                    ? $"round {round}: median epoch {ourMedians[^1]:F3} s, PyTorch's {peerMedians[^1]:F3} s, ratio {ourMedians[^1] / peerMedians[^1]:F3}"
                    : $"round {round}: median epoch {ourMedians[^1]:F3} s");
            }

            return trained;
        }

        double median = Median([.. ourMedians]);
        Console.WriteLine($"test loss {testLoss:F2}, test negative ELBO {testElbo:F2}, median epoch {median:F3} s{(rounds > 1 ? " (the rounds' median)" : string.Empty)}, peak working set {peakMegabytes:F0} MB");

        var result = new JsonObject
        {
            ["benchmark"] = "mnist",
            ["model"] = "784-400-20 relu bernoulli, adam 1e-3, batch 128",
            ["epochs"] = epochs,
            ["threads"] = threads,
            ["gemm"] = model.History.GemmBackend.ToString(),
            ["median_epoch_seconds"] = Round(median),
            ["epoch_seconds"] = new JsonArray(epochSeconds.Select(s => (JsonNode?)Round(s)).ToArray()),
            ["test_loss"] = Round(testLoss),
            ["test_elbo"] = Round(testElbo),
            ["peak_working_set_mb"] = Round(peakMegabytes),
            ["rounds"] = rounds,
            ["median_epoch_seconds_rounds"] = Rounded(ourMedians),
        };
        if (onOpenBlas)
        {
            // The peer reports its own (PeerProcess runs it unpinned), so the two can be told apart.
            result["openblas_core"] = OpenBlasLibrary.Instance!.CoreName;
        }

        if (peer is not null)
        {
            double[] ratios = [.. ourMedians.Zip(peerMedians, (ours, theirs) => ours / theirs)];
            result["peer"] = peer;
            result["peer_median_epoch_seconds_rounds"] = Rounded(peerMedians);
            result["epoch_time_ratio_rounds"] = Rounded(ratios);
            result["epoch_time_ratio"] = Round(Median(ratios));
            result["peak_memory_ratio"] = Round(peakMegabytes / (double)peer["peak_rss_mb"]!);
            result["test_loss_minus_peer"] = Round(testLoss - (double)peer["test_loss"]!);
        }

        return result;
    }

    /// <summary>Trains the 784-400-20 model of PyTorch's example (the library's default options), printing each epoch.</summary>
    internal static VaeModel TrainClassic(VaeDataset train, int epochs, int threads, GemmBackend gemm, int seed)
    {
        var options = new VaeOptions
        {
            Epochs = epochs,
            NumberOfThreads = threads,
            Gemm = gemm,
            Seed = seed,
        };
        return new VaeTrainer(options).Fit(train, new ConsoleProgress());
    }

    internal static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    internal static double Round(double value) => Math.Round(value, 4);

    /// <summary><paramref name="values"/> rounded as <see cref="Round"/> rounds, as a JSON array.</summary>
    internal static JsonArray Rounded(IEnumerable<double> values) => new([.. values.Select(value => (JsonNode?)Round(value))]);
}
