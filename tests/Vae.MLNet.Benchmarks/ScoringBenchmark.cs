using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vae.MLNet.Data;
using Vae.MLNet.IO;
using Vae.MLNet.Onnx;
using Vae.MLNet.Runtime;
using Vae.MLNet.Samples.Common;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Scores the 784-400-20 MNIST model through ONNX Runtime: writes its graphs, its model zip and the scores of the
/// first test images, measures rows per second at batch 1 and batch 1000 (encoder and decoder per row, and with the
/// loss through the autoencoder graph for the record), and compares
/// the library's default configuration with the PyTorch peer scoring the same model, in alternating rounds.
/// </summary>
internal static class ScoringBenchmark
{
    private const int ScoredRows = 100;
    private const int SingleRows = 2000;
    private const int WarmUpRows = 200;
    private const int BatchRows = 1000;
    private const int Passes = 5;
    private const int Rounds = 3;

    /// <summary>How far the peer's outputs may lie from scored.csv: float32 sums of up to 784 products in another order.</summary>
    private const double PeerAgreement = 1e-4;

    public static JsonObject Run(BenchmarkArguments args)
    {
        args.RequireOnly("data", "epochs", "out", "model", "threads", "seed", "peer");
        string directory = args.MnistDirectory();
        string output = args.OptionalText("out") ?? throw new ArgumentException("--out names the folder for the graphs, the model zip and scored.csv.");
        string? modelPath = args.OptionalText("model");
        if (modelPath is not null && args.OptionalText("epochs") is not null)
        {
            throw new ArgumentException("--epochs sets the training of the model to score, and --model gives one trained already; pass one or the other.");
        }

        int epochs = args.Integer("epochs", 1);
        int threads = args.Threads();
        int seed = args.Seed();
        PeerMode peerMode = args.Choice("peer", PeerMode.Auto);

        // Everything that can refuse the run does so before the training: the output folder, the given model, the peer,
        // and ONNX Runtime, which everything after the training scores through.
        SampleArguments.RequireWritableFolder(output);
        VaeModel? given = modelPath is null ? null : VaeModel.Load(modelPath);
        bool withPeer = Peers.ShouldRun(peerMode, ["torch", "onnx"], given is null ? null : PeerCannotScore(given));
        _ = VaeOnnxModel.OnnxRuntimeVersion;
        IdxImageDataset test = args.ReadMnist("t10k");

        // Both sides time the whole batches of the test images only, so that they time the same rows, as many as they count.
        int timedRows = test.RowCount - (test.RowCount % BatchRows);
        int neededRows = Math.Max(ScoredRows, BatchRows);
        if (timedRows < neededRows)
        {
            throw new ArgumentException(
                $"{Path.Combine(Path.GetFullPath(directory), IdxSplits.ImagesFile("t10k"))} holds {test.RowCount} test images, and the scoring benchmark needs at least {neededRows}: "
                + $"it scores the first {ScoredRows} into scored.csv and times batches of {BatchRows}. Point --data at a folder with the full MNIST test set.");
        }

        VaeModel model = given ?? MnistBenchmark.TrainClassic(args.ReadMnist("train"), epochs, threads, GemmBackend.Auto, seed);
        if (model.InputDimension != test.FeatureCount)
        {
            throw new ArgumentException($"The model takes {model.InputDimension} features but the MNIST images have {test.FeatureCount}.");
        }

        VaeOnnxGraphs graphs = model.ExportOnnx();
        WriteFile(Path.Combine(output, "encoder.onnx"), stream => stream.Write(graphs.Encoder));
        WriteFile(Path.Combine(output, "decoder.onnx"), stream => stream.Write(graphs.Decoder));
        model.Save(Path.Combine(output, "model.zip"));
        float[] features = new float[timedRows * test.FeatureCount];
        test.CopyRows(Enumerable.Range(0, timedRows).ToArray(), features);

        using (VaeOnnxModel scorer = VaeOnnxModel.Load(Path.Combine(output, "model.zip")))
        {
            WriteFile(Path.Combine(output, "scored.csv"), stream => WriteScores(scorer, features.AsSpan(0, ScoredRows * test.FeatureCount), stream));
        }

        Console.WriteLine($"wrote encoder.onnx, decoder.onnx, model.zip and scored.csv ({ScoredRows} rows) to {Path.GetFullPath(output)}");

        // Each way of spending the threads, measured once for the record: one thread; all of them as ONNX Runtime's own
        // intra-op threads, as the peer spends them on torch's; or as many concurrent single-threaded runs over parts of a
        // batch (what VaeOnnxModel does by default, as the peer's other arrangement gives them to OpenBLAS), which cut a single
        // row by weights. Each through every ScoringCall: the two ways of getting the three outputs, Encode then Decode or
        // one Transform (which runs the encoder and then the decoder graph on each part), and the two that score the loss
        // through the autoencoder graph, ScoreRows and Transform with the error and score too.
        (int IntraOp, int Runs)[] configurations = threads >= 2 ? [(1, 1), (threads, 1), (1, threads)] : [(1, 1)];
        var byConfiguration = new JsonObject();
        foreach (((int intraOp, int runs), ScoringCall call) in configurations.SelectMany(c => Enum.GetValues<ScoringCall>().Select(call => (c, call))))
        {
            using VaeOnnxModel scorer = VaeOnnxModel.FromModel(model, intraOp, runs);
            string path = call.JsonName();
            double batch1 = RowsPerSecond(scorer, features, 1, call);
            double batch1000 = RowsPerSecond(scorer, features, BatchRows, call);
            Console.WriteLine($"ONNX Runtime {path}, {intraOp} intra-op thread(s), {runs} concurrent run(s): batch 1 {batch1:F0} rows/s, batch {BatchRows} {batch1000:F0} rows/s");
            byConfiguration[$"{path}_intra_op_{intraOp}_runs_{runs}"] = new JsonObject
            {
                ["rows_per_s_batch1"] = MnistBenchmark.Round(batch1),
                ["rows_per_s_batch1000"] = MnistBenchmark.Round(batch1000),
            };
        }

        JsonObject cutGraphs = CutGraphRates(model, features);

        // The figures compared: the library's default configuration (Transform, one intra-op thread, a run per thread,
        // which is a run per processor when --threads is the processor count), chosen beforehand rather than the best of
        // the configurations above, against PyTorch at its best, in rounds that alternate the two sides so that both meet
        // the same minutes of this shared machine. Each round measures ours once and the peer in each of its arrangements
        // (and at batch 1 each of its ways to call the model), keeping its best: the tries favour the peer.
        string defaultConfiguration = $"{ScoringCall.Transform.JsonName()}_intra_op_1_runs_{threads}";
        var ours1 = new List<double>();
        var ours1000 = new List<double>();
        var peer1 = new List<double>();
        var peer1000 = new List<double>();
        var peerRounds = new JsonArray();
        using (VaeOnnxModel scorer = VaeOnnxModel.FromModel(model, 1, threads))
        {
            for (int round = 1; round <= Rounds; round++)
            {
                ours1.Add(RowsPerSecond(scorer, features, 1, ScoringCall.Transform));
                ours1000.Add(RowsPerSecond(scorer, features, BatchRows, ScoringCall.Transform));
                Console.WriteLine($"round {round}: ONNX Runtime ({defaultConfiguration}) batch 1 {ours1[^1]:F0} rows/s, batch {BatchRows} {ours1000[^1]:F0} rows/s");
                if (withPeer)
                {
                    (double rate1, double rate1000, JsonObject arrangements) = PeerAtItsBest(directory, output, threads, seed);
                    peer1.Add(rate1);
                    peer1000.Add(rate1000);
                    peerRounds.Add(arrangements);
                }
            }
        }

        var result = new JsonObject
        {
            ["benchmark"] = "scoring",
            ["model"] = string.Join('-', [model.InputDimension, .. model.Options.HiddenLayerSizes, model.LatentDimension])
                + $" {model.Options.Activation} {model.Likelihood}{(model.Scaling is null ? string.Empty : $" {model.Options.InputScaling}")}".ToLowerInvariant(),
            ["source"] = modelPath is null ? $"trained {epochs} epoch(s)" : Path.GetFullPath(modelPath),
            ["rounds"] = Rounds,
            ["ort_rows_per_s_batch1"] = MnistBenchmark.Round(MnistBenchmark.Median([.. ours1])),
            ["ort_rows_per_s_batch1000"] = MnistBenchmark.Round(MnistBenchmark.Median([.. ours1000])),
            ["ort_configuration"] = defaultConfiguration,
            ["ort_rows_per_s_batch1_rounds"] = MnistBenchmark.Rounded(ours1),
            ["ort_rows_per_s_batch1000_rounds"] = MnistBenchmark.Rounded(ours1000),
            ["ort_by_configuration"] = byConfiguration,
            ["autoencoder_graph_by_outputs"] = cutGraphs,
            ["loadavg_1min"] = LoadAverage(),
        };

        if (withPeer)
        {
            double[] ratios1 = ours1.Zip(peer1, (ours, peer) => ours / peer).ToArray();
            double[] ratios1000 = ours1000.Zip(peer1000, (ours, peer) => ours / peer).ToArray();
            result["peer_rows_per_s_batch1"] = MnistBenchmark.Round(MnistBenchmark.Median([.. peer1]));
            result["peer_rows_per_s_batch1000"] = MnistBenchmark.Round(MnistBenchmark.Median([.. peer1000]));
            result["peer_rows_per_s_batch1_rounds"] = MnistBenchmark.Rounded(peer1);
            result["peer_rows_per_s_batch1000_rounds"] = MnistBenchmark.Rounded(peer1000);
            result["ort_to_peer_ratio_batch1"] = MnistBenchmark.Round(MnistBenchmark.Median(ratios1));
            result["ort_to_peer_ratio_batch1000"] = MnistBenchmark.Round(MnistBenchmark.Median(ratios1000));
            result["ort_to_peer_ratio_batch1_rounds"] = MnistBenchmark.Rounded(ratios1);
            result["ort_to_peer_ratio_batch1000_rounds"] = MnistBenchmark.Rounded(ratios1000);
            result["peer"] = peerRounds;
        }

        return result;
    }

    /// <summary>
    /// The PyTorch peer scoring the model's own graphs (checked against scored.csv), measured both ways of spending the
    /// threads, as ONNX Runtime is: torch's own intra-op threads with OpenBLAS on one, or torch on one thread and
    /// OpenBLAS on all, which scores batches of 1000 faster here because the two matrix products are nearly all of the
    /// work. Each batch size takes the faster arrangement.
    /// </summary>
    private static (double Batch1, double Batch1000, JsonObject Arrangements) PeerAtItsBest(string data, string output, int threads, int seed)
    {
        (int Torch, int OpenBlas)[] arrangements = threads >= 2 ? [(threads, 1), (1, threads)] : [(1, 1)];
        var byArrangement = new JsonObject();
        (double batch1, double batch1000) = (0, 0);
        foreach ((int torchThreads, int openBlasThreads) in arrangements)
        {
            JsonObject peer = PeerProcess.Run(
                "pytorch_scoring.py",
                openBlasThreads,
                "--data", Path.GetFullPath(data),
                "--graphs", Path.GetFullPath(output),
                "--check", Path.GetFullPath(Path.Combine(output, "scored.csv")),
                "--threads", torchThreads.ToString(CultureInfo.InvariantCulture),
                "--seed", seed.ToString(CultureInfo.InvariantCulture),
                "--rows1", SingleRows.ToString(CultureInfo.InvariantCulture),
                "--passes", Passes.ToString(CultureInfo.InvariantCulture));
            double difference = (double)peer["largest_difference_from_check"]!;
            if (!(difference <= PeerAgreement))
            {
                throw new InvalidOperationException(
                    $"The peer's outputs differ from scored.csv by up to {difference}; it does not score the same model, so its speed says nothing.");
            }

            batch1 = Math.Max(batch1, (double)peer["rows_per_s_batch1"]!);
            batch1000 = Math.Max(batch1000, (double)peer["rows_per_s_batch1000"]!);
            byArrangement[$"torch_threads_{torchThreads}_openblas_threads_{openBlasThreads}"] = peer;
        }

        return (batch1, batch1000, byArrangement);
    }

    /// <summary>
    /// Why the peer, which builds the 784-400-20 ReLU Bernoulli model without scaling and decodes every feature with a
    /// sigmoid, cannot score <paramref name="model"/>; null when it can.
    /// </summary>
    private static string? PeerCannotScore(VaeModel model)
    {
        VaeOptions options = model.Options;
        bool classic = options.HiddenLayerSizes is [400] && (options.DecoderHiddenLayerSizes ?? [400]) is [400] && options.LatentDimension == 20
            && options.Activation == VaeActivation.Relu && options.Likelihood == VaeLikelihood.Bernoulli && options.InputScaling == VaeInputScaling.None;
        if (!classic)
        {
            return "the peer scores the 784-400-20 ReLU Bernoulli model without input scaling, and --model is another";
        }

        return model.CategoricalFeatures is null
            ? null
            : "the peer decodes every feature with a sigmoid, and --model has categorical columns, which it decodes with a softmax";
    }

    /// <summary>
    /// Rows per second of <paramref name="call"/>, <paramref name="batch"/> rows per call, after a warm-up (see
    /// <see cref="TimeRows"/>), over <paramref name="features"/>, whole batches of them; buffers are allocated before the clock starts.
    /// </summary>
    private static double RowsPerSecond(VaeOnnxModel scorer, float[] features, int batch, ScoringCall call)
    {
        int d = scorer.InputDimension;
        int available = features.Length / d;
        var buffers = new ScoringBuffers(scorer, batch);
        int row = 0;
        void Score()
        {
            buffers.Score(call, features.AsSpan(row * d, batch * d));
            row = (row + batch) % available;
        }

        return TimeRows(Score, batch, available);
    }

    /// <summary>
    /// Rows per second of <paramref name="score"/>, which scores <paramref name="batch"/> rows a call: single rows
    /// <see cref="SingleRows"/> times after <see cref="WarmUpRows"/>, larger batches <see cref="Passes"/> passes over the
    /// <paramref name="available"/> rows after one.
    /// </summary>
    private static double TimeRows(Action score, int batch, int available)
    {
        int warmUpRows = batch == 1 ? WarmUpRows : available;
        int timedRows = batch == 1 ? SingleRows : Passes * available;
        for (int done = 0; done < warmUpRows; done += batch)
        {
            score();
        }

        var clock = Stopwatch.StartNew();
        for (int done = 0; done < timedRows; done += batch)
        {
            score();
        }

        return timedRows / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Rows per second through the autoencoder graph as ML.NET's OnnxTransformer runs it for a pipeline that reads some
    /// outputs: the full graph, or the graph cut down to those outputs (<see cref="VaeModel.ExportAutoencoderOnnx"/>),
    /// fetching the same outputs from one single-threaded session.
    /// </summary>
    private static JsonObject CutGraphRates(VaeModel model, float[] features)
    {
        var rates = new JsonObject();
        byte[] full = model.ExportOnnx().Autoencoder;
        VaeAutoencoderOutputs[] requests = [VaeAutoencoderOutputs.LatentMean, VaeAutoencoderOutputs.LatentMean | VaeAutoencoderOutputs.Reconstruction];
        foreach (VaeAutoencoderOutputs request in requests)
        {
            var byGraph = new JsonObject();
            foreach ((string graph, byte[] bytes) in new[] { ("full", full), ("cut", model.ExportAutoencoderOnnx(request)) })
            {
                using var session = new OnnxSession(bytes);
                foreach (int batch in new[] { 1, BatchRows })
                {
                    double rate = GraphRowsPerSecond(session, request, model, features, batch);
                    Console.WriteLine($"autoencoder graph, {graph}, fetching {request}: batch {batch} {rate:F0} rows/s");
                    byGraph[$"{graph}_rows_per_s_batch{batch}"] = MnistBenchmark.Round(rate);
                }
            }

            rates[request.ToString()] = byGraph;
        }

        return rates;
    }

    private static double GraphRowsPerSecond(OnnxSession session, VaeAutoencoderOutputs request, VaeModel model, float[] features, int batch)
    {
        int d = model.InputDimension;
        int available = features.Length / d;
        OnnxOutput[] outputs = request.HasFlag(VaeAutoencoderOutputs.Reconstruction)
            ? [new OnnxOutput("LatentMean", new float[batch * model.LatentDimension]), new OnnxOutput("Reconstruction", new float[batch * d])]
            : [new OnnxOutput("LatentMean", new float[batch * model.LatentDimension])];
        int row = 0;
        void Score()
        {
            session.Run(batch, [new OnnxInput("Features", features.AsMemory(row * d, batch * d))], outputs);
            row = (row + batch) % available;
        }

        return TimeRows(Score, batch, available);
    }

    private static void WriteScores(VaeOnnxModel scorer, ReadOnlySpan<float> features, Stream stream)
    {
        int rows = features.Length / scorer.InputDimension;
        float[] mean = new float[rows * scorer.LatentDimension];
        float[] logVariance = new float[mean.Length];
        float[] reconstruction = new float[features.Length];
        scorer.Encode(features, mean, logVariance);
        scorer.Decode(mean, reconstruction);

        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', Columns("mean", scorer.LatentDimension).Concat(Columns("logvar", scorer.LatentDimension)).Concat(Columns("recon", scorer.InputDimension))));
        for (int r = 0; r < rows; r++)
        {
            IEnumerable<float> values = Row(mean, r, scorer.LatentDimension)
                .Concat(Row(logVariance, r, scorer.LatentDimension))
                .Concat(Row(reconstruction, r, scorer.InputDimension));
            writer.WriteLine(string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
    }

    private static IEnumerable<string> Columns(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"{prefix}_{i}");

    private static IEnumerable<float> Row(float[] values, int row, int width) => values.Skip(row * width).Take(width);

    private static void WriteFile(string path, Action<Stream> write)
    {
        using var writer = new AtomicFileWriter(path, nameof(path));
        write(writer.Stream);
        writer.Commit();
    }

    internal static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
