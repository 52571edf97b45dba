using System.Text.Json;
using Vae.MLNet;
using Vae.MLNet.AnomalyDetection;
using Vae.MLNet.Data;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Imaging;
using Vae.MLNet.Samples.Common;

// Anomaly detection on tabular data: a VAE trained only on benign breast-cancer biopsies (Wisconsin diagnostic data,
// 30 measurements of cell nuclei per row) should find malignant ones unusual. Nothing about malignant rows is used in
// training; they appear only when the held-out rows are scored.
const int Malignant = 0, Benign = 1;
const string BreastCancer = "breast_cancer.csv";
SampleArguments arguments = SampleArguments.Parse(args, "anomaly-detection", "tabular", defaultEpochs: 300, [BreastCancer], outputs: "pictures");
VaeDataset all = arguments.ReadData(folder => ReadDiagnoses(Path.Combine(folder, BreastCancer)));
int[] labels = [.. all.Labels!];

// Hold out 30% of the benign rows: the test set is those plus every malignant row.
int[] benign = [.. Enumerable.Range(0, all.RowCount).Where(i => labels[i] == Benign)];
new Random(42).Shuffle(benign);
int heldOut = HeldOut(benign.Length);
int[] trainRows = benign[heldOut..];
int[] testRows = [.. benign[..heldOut], .. Enumerable.Range(0, all.RowCount).Where(i => labels[i] == Malignant)];
VaeDataset train = all.Subset(trainRows), test = all.Subset(testRows);
int[] testLabels = [.. testRows.Select(i => labels[i])];
Console.WriteLine($"{BreastCancer} from {arguments.DataDirectory}: {all.RowCount} rows of {all.FeatureCount} features; training on {train.RowCount} benign rows, " +
    $"testing on {heldOut} held-out benign and {testRows.Length - heldOut} malignant rows");

// Gaussian likelihood on standardized features: the measurements are continuous with very different units (areas in
// the hundreds, smoothness around 0.1), so each is centred and scaled by the benign training rows first. A small
// network suits 250 rows; early stopping on 20% of them keeps it from memorizing.
var options = new VaeOptions
{
    HiddenLayerSizes = [32],
    LatentDimension = 4,
    Likelihood = VaeLikelihood.Gaussian,
    InputScaling = VaeInputScaling.Standardize,
    Epochs = arguments.Epochs,
    BatchSize = 32,
    ValidationFraction = 0.2f,
    EarlyStoppingPatience = 30,
    Seed = 1,
    NumberOfThreads = arguments.Threads,
};
Console.WriteLine($"training {all.FeatureCount}-{string.Join("-", options.HiddenLayerSizes)}-{options.LatentDimension} ({options.Likelihood}, {options.InputScaling}) for up to {options.Epochs} epochs");
VaeModel model = new VaeTrainer(options).Fit(train, new ConsoleProgress(every: 25));
// The progress prints every 25th epoch, so the epochs training ended and kept are named here.
VaeEpochReport last = model.History.Epochs[^1];
string kept = model.History.BestEpoch is { } best ? $"; kept epoch {best}, validation {model.History.Epochs[best - 1].ValidationLoss:F2}" : "";
Console.WriteLine($"{(model.History.StoppedEarly ? "stopped early" : "ended")} after epoch {last.Epoch}, validation {last.ValidationLoss:F2}{kept}");

// Two VAE scores per row, both higher = more unusual: the anomaly score, the loss with z = μ (reconstruction error + how
// far the row's latent code sits from the prior), and the reconstruction error alone.
VaeRowScores vaeScores = model.ScoreRows(test);

// The baseline sees each feature on its own. The VAE also learns how the features vary together (radius, perimeter and
// area, for example, move as one), so it can flag a row that breaks those patterns even when no single value is extreme.
// Whether that pays off depends on the data: malignant nuclei here are mostly larger and rougher on many features at
// once, which the baseline already catches, so compare the AUCs before reaching for the bigger model.
float[] baseline = DiagonalMahalanobis.Fit(train.ToArray(), all.FeatureCount).Score(test.ToArray());

var scores = new (string Name, float[] Values)[]
{
    ("vaeAnomalyScore", vaeScores.AnomalyScore),
    ("vaeReconstructionError", vaeScores.ReconstructionError),
    ("diagonalMahalanobis", baseline),
};
Console.WriteLine($"ROC AUC, malignant as the positive class, and score quantiles ({string.Join(" / ", Quantiles.Levels.Select(l => $"q{l * 100:F0}"))}):");
var results = scores.Select(s => new
{
    score = s.Name,
    rocAuc = Math.Round(RocAuc.Compute(s.Values, testLabels, positiveLabel: Malignant), 4),
    benignQuantiles = Quantiles.Of(s.Values.Where((_, i) => testLabels[i] == Benign)),
    malignantQuantiles = Quantiles.Of(s.Values.Where((_, i) => testLabels[i] == Malignant)),
}).ToArray();
foreach (var r in results)
{
    Console.WriteLine($"  {r.score,-23} AUC {r.rocAuc:F4}");
    Console.WriteLine($"    benign    {string.Join(" ", r.benignQuantiles.Select(q => $"{q,8:F1}"))}");
    Console.WriteLine($"    malignant {string.Join(" ", r.malignantQuantiles.Select(q => $"{q,8:F1}"))}");
}

// The two kinds of score side by side, on log scales because malignant scores run to hundreds of times the benign ones.
LatentScatter.Render(
    [.. baseline.Select(v => MathF.Log10(v))],
    [.. vaeScores.AnomalyScore.Select(v => MathF.Log10(v))],
    testLabels,
    "Held-out rows: baseline vs VAE score",
    width: 720,
    height: 540,
    xLabel: "log10 diagonal Mahalanobis (sum of squared z-scores)",
    yLabel: "log10 VAE anomaly score",
    labelNames: ["malignant", "benign"],
    pointRadius: 3).SavePng(arguments.Output("scores.png"));
TrainingCurves.Render(model.History, "Breast cancer VAE training (benign rows)", yLabel: "nats per row").SavePng(arguments.Output("training-curves.png"));
Console.WriteLine($"pictures in {arguments.OutputDirectory}");

Console.WriteLine(JsonSerializer.Serialize(new
{
    trainRows = train.RowCount,
    testBenign = heldOut,
    testMalignant = testRows.Length - heldOut,
    epochs = model.History.Epochs.Count,
    bestEpoch = model.History.BestEpoch,
    quantileLevels = Quantiles.Levels,
    results,
}, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

// The split above needs both diagnoses, as ids 0 and 1: another file's target would leave one side empty, or mean else.
static VaeDataset ReadDiagnoses(string path)
{
    VaeDataset data = CsvDatasetReader.Read(path, new CsvDatasetOptions { LabelColumnName = "target" });
    if (data.LabelNames is { } names)
    {
        throw new VaeDataException($"{path}'s target column holds names ({string.Join(", ", names)}); this sample needs 0 for malignant and 1 for benign.", path);
    }

    int[] labels = [.. data.Labels!];
    int other = Array.FindIndex(labels, label => label is not (Malignant or Benign));
    if (other >= 0)
    {
        throw new VaeDataException($"{path}: the target of data row {other} (counting from 0) is {labels[other]}; this sample needs 0 for malignant and 1 for benign.", path, row: other);
    }

    // The test set needs a row of each diagnosis for the AUC, so at least one held-out benign row: 30% of 4 rounds down to 1.
    int benignRows = labels.Count(label => label == Benign);
    if (HeldOut(benignRows) == 0)
    {
        string rows = benignRows switch { 0 => "no benign (1) rows", 1 => "only 1 benign (1) row", _ => $"only {benignRows} benign (1) rows" };
        throw new VaeDataException(
            $"{path} has {rows}; this sample trains on benign rows and tests on 30% of them with the malignant ones, so it needs at least 4.", path);
    }

    if (!labels.Contains(Malignant))
    {
        throw new VaeDataException($"{path} has no malignant (0) rows; this sample trains on benign rows and tests on both.", path);
    }

    return data;
}

// The benign rows held out for the test set.
static int HeldOut(int benignRows) => (int)(benignRows * 0.3);
