using Vae.MLNet;
using Vae.MLNet.Data;
using Vae.MLNet.Runtime;

// The package readme's example, with fewer epochs, then checks of what it claims: ONNX Runtime scores the saved model
// as the engine does, and the ONNX Runtime it loaded is the package's own.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PackageCheck DIGITS_CSV WORK_DIRECTORY");
    return 2;
}

VaeDataset digits = CsvDatasetReader.Read(args[0], new CsvDatasetOptions { LabelColumnName = "target" });
VaeModel model = new VaeTrainer(new VaeOptions
{
    HiddenLayerSizes = [128],
    LatentDimension = 8,
    InputScaling = VaeInputScaling.MinMax,
    Epochs = 5,
}).Fit(digits);

float[] rows = digits.Subset([0, 1, 2]).ToArray();
var mean = new float[3 * model.LatentDimension];
model.Encode(rows, mean, default);

string zip = Path.Combine(args[1], "digits.zip");
model.Save(zip);
using VaeOnnxModel scorer = VaeOnnxModel.Load(zip);
var scored = new float[mean.Length];
scorer.Encode(rows, scored, default);

var reconstruction = new float[rows.Length];
var scoredReconstruction = new float[rows.Length];
model.Reconstruct(rows, reconstruction);
scorer.Reconstruct(rows, scoredReconstruction);

float difference = Math.Max(
    ScoringChecks.MaxAbsoluteDifference(mean, scored), ScoringChecks.MaxAbsoluteDifference(reconstruction, scoredReconstruction));
string[] loaded = ScoringChecks.LoadedOnnxRuntimes();

Console.WriteLine($"trained on {digits.RowCount} rows × {digits.FeatureCount} features; ONNX Runtime and engine differ by at most {difference:E1} over 3 rows");
Console.WriteLine($"ONNX Runtime loaded from {string.Join(", ", loaded)}");
return difference <= 1e-5f && loaded.Length == 1 ? 0 : 1;
