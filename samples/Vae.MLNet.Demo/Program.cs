using Vae.MLNet;
using Vae.MLNet.Data;
using Vae.MLNet.Demo;
using Vae.MLNet.Samples.Common;

// Trains a VAE on the 8×8 handwritten digits shipped in samples/data, then shows what it learned: test loss,
// reconstructions, digits generated from the prior, and how well the latent means separate the classes.
if (args.Length > 0)
{
    bool help = args is ["--help" or "-h" or "-?"];
    (help ? Console.Out : Console.Error).WriteLine(
        "usage: scripts/demo.sh, or dotnet run -c Release --project samples/Vae.MLNet.Demo\n"
        + "The demo takes no options; the other samples (docs/samples.md) take --data, --epochs, --threads and, those that write files, --out.");
    return help ? 0 : 2;
}

string path = Path.Combine(AppContext.BaseDirectory, "data", "digits.csv");
VaeDataset digits = CsvDatasetReader.Read(path, new CsvDatasetOptions { LabelColumnName = "target" });
int[] order = Enumerable.Range(0, digits.RowCount).ToArray();
new Random(42).Shuffle(order);
VaeDataset train = digits.Subset(order[300..]);
VaeDataset test = digits.Subset(order[..300]);
Console.WriteLine($"8×8 digits: {train.RowCount} training rows, {test.RowCount} test rows, {digits.FeatureCount} pixels (0–16) each");

var options = new VaeOptions
{
    HiddenLayerSizes = [128],
    LatentDimension = 8,
    InputScaling = VaeInputScaling.MinMax,
    Epochs = 150,
    BatchSize = 32,
    Seed = 7,
};
VaeModel model = new VaeTrainer(options).Fit(train, new ConsoleProgress(every: 25));
Console.WriteLine($"trained in {model.History.Epochs.Sum(e => e.Seconds):F1} s with the {model.History.GemmBackend} matrix multiplier");

// Decoding a sampled z, not z = μ, is what makes the sum of the two terms a (one-sample) negative ELBO.
VaeEvaluation evaluation = model.Evaluate(test, sampleLatent: true, seed: 1);
Console.WriteLine($"test negative ELBO per digit: {evaluation.NegativeElbo:F2} nats (reconstruction {evaluation.Reconstruction:F2}, KL {evaluation.KullbackLeibler:F2})");

float[] testPixels = test.ToArray();
var reconstructions = new float[testPixels.Length];
model.Reconstruct(testPixels, reconstructions);
Console.WriteLine();
Console.WriteLine("test digits and their reconstructions:");
Console.Write(TextImages.SideBySide(
    Enumerable.Range(0, 4).SelectMany(i => new[]
    {
        ($"digit {test.Labels![i]}", testPixels[(i * 64)..((i + 1) * 64)]),
        ("reconstructed", reconstructions[(i * 64)..((i + 1) * 64)]),
    }).ToArray(),
    brightest: 16));

float[] generated = model.Generate(count: 6, seed: 3);
Console.WriteLine("digits generated from z ~ N(0, I):");
Console.Write(TextImages.SideBySide(Enumerable.Range(0, 6).Select(i => ($"sample {i + 1}", generated[(i * 64)..((i + 1) * 64)])).ToArray(), brightest: 16));

double accuracy = LatentCentroids.Accuracy(model, train, test);
Console.WriteLine($"nearest class centroid on the {model.LatentDimension} latent means: {accuracy:P1} test accuracy (chance: 10%)");
return 0;
