using Vae.MLNet;
using Vae.MLNet.Data;
using Vae.MLNet.Demo;

// Trains a VAE on the 8×8 handwritten digits shipped in samples/data, then shows what it learned: test loss,
// reconstructions, digits generated from the prior, and how well the latent means separate the classes.
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
var progress = new SynchronousProgress(report =>
{
    if (report.Epoch % 25 == 0 || report.Epoch == 1)
    {
        Console.WriteLine($"  epoch {report.Epoch,3}: loss {report.Loss,7:F2} = reconstruction {report.Reconstruction,7:F2} + KL {report.KullbackLeibler,5:F2}");
    }
});
VaeModel model = new VaeTrainer(options).Fit(train, progress);
Console.WriteLine($"trained in {model.History.Epochs.Sum(e => e.Seconds):F1} s with the {model.History.GemmBackend} matrix multiplier");

// Decoding a sampled z, not z = μ, is what makes the sum of the two terms a (one-sample) negative ELBO.
VaeEvaluation evaluation = model.Evaluate(test, sampleLatent: true, seed: 1);
Console.WriteLine($"test negative ELBO per digit: {evaluation.NegativeElbo:F2} nats (reconstruction {evaluation.Reconstruction:F2}, KL {evaluation.KullbackLeibler:F2})");

float[] testPixels = test.ToArray();
var reconstructions = new float[testPixels.Length];
model.Reconstruct(testPixels, reconstructions);
Console.WriteLine();
Console.WriteLine("test digits and their reconstructions:");
Console.Write(DigitArt.SideBySide(Enumerable.Range(0, 4).SelectMany(i => new[]
{
    ($"digit {test.Labels![i]}", testPixels[(i * 64)..((i + 1) * 64)]),
    ("reconstructed", reconstructions[(i * 64)..((i + 1) * 64)]),
}).ToArray()));

float[] generated = model.Generate(count: 6, seed: 3);
Console.WriteLine("digits generated from z ~ N(0, I):");
Console.Write(DigitArt.SideBySide(Enumerable.Range(0, 6).Select(i => ($"sample {i + 1}", generated[(i * 64)..((i + 1) * 64)])).ToArray()));

double accuracy = LatentCentroids.Accuracy(model, train, test);
Console.WriteLine($"nearest class centroid on the {model.LatentDimension} latent means: {accuracy:P1} test accuracy (chance: 10%)");
