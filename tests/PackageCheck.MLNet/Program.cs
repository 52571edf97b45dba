using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet;
using Vae.MLNet.Data;
using Vae.MLNet.MLNet;
using Vae.MLNet.Runtime;

// The ML.NET package's readme in use, with fewer epochs: mlContext.Transforms.Vae(...) trains and scores through ML.NET's
// OnnxTransformer, the pipeline is saved as an ML.NET model zip and loaded back, and VaeDecoder generates from the prior;
// the trained model is also saved as Vae.MLNet's own zip and scored by VaeOnnxModel. Then checks of what the packages
// claim: the pipeline's latent means are the trained model's own, the loaded pipeline scores exactly as the one saved,
// and the two ONNX Runtimes, ML.NET's from its native package and the one Vae.MLNet carries, both load from the
// application's runtimes and score side by side in one process.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PackageCheck.MLNet DIGITS_CSV WORK_DIRECTORY");
    return 2;
}

const int LatentDimension = 8;
VaeDataset digits = CsvDatasetReader.Read(args[0], new CsvDatasetOptions { LabelColumnName = "target" });
float[] pixels = digits.ToArray();
int size = digits.FeatureCount;
var mlContext = new MLContext(seed: 0);
SchemaDefinition definition = SchemaDefinition.Create(typeof(PixelRow));
definition[nameof(PixelRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
IDataView data = mlContext.Data.LoadFromEnumerable(
    Enumerable.Range(0, digits.RowCount).Select(row => new PixelRow { Features = pixels.AsSpan(row * size, size).ToArray() }),
    definition);

VaeEstimator vae = mlContext.Transforms.Vae(
    nameof(PixelRow.Features), LatentDimension, hiddenLayerSizes: [128], epochs: 5, likelihood: VaeLikelihood.Gaussian, inputScaling: VaeInputScaling.MinMax);
ITransformer pipeline = vae.Fit(data);
float[] latentMeans = LatentMeans(pipeline.Transform(data));
VaeModel model = vae.TrainedModel!;
var engineMeans = new float[digits.RowCount * LatentDimension];
model.Encode(pixels, engineMeans, default);

string zip = Path.Combine(args[1], "pipeline.zip");
mlContext.Model.Save(pipeline, data.Schema, zip);
ITransformer loaded = mlContext.Model.Load(zip, out _);
bool loadedScoresAsSaved = LatentMeans(loaded.Transform(data)).SequenceEqual(latentMeans);

// ML.NET deletes the graph file a loaded pipeline writes to its temporary directory only when the pipeline is disposed.
(loaded as IDisposable)?.Dispose();

IDataView latents = mlContext.Data.SampleVaeLatents(LatentDimension, rowCount: 3, seed: 1);
using OnnxTransformer decoder = mlContext.Transforms.VaeDecoder(model).Fit(latents);
float[][] generated = [.. decoder.Transform(latents).GetColumn<float[]>(VaeDecoderEstimator.DefaultOutputColumnName)];
bool generatedRows = generated.Length == 3 && generated.All(row => row.Length == size && row.All(float.IsFinite));

string modelZip = Path.Combine(args[1], "model.zip");
model.Save(modelZip);
using VaeOnnxModel scorer = VaeOnnxModel.Load(modelZip);
var scoredMeans = new float[engineMeans.Length];
scorer.Encode(pixels, scoredMeans, default);

float difference = ScoringChecks.MaxAbsoluteDifference(engineMeans, latentMeans);
float scorerDifference = ScoringChecks.MaxAbsoluteDifference(engineMeans, scoredMeans);
string nativeFolder = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
string mlnetRuntime = Path.Combine(nativeFolder, "libonnxruntime.so");
string vaeRuntime = Path.Combine(nativeFolder, "libonnxruntime.so.1");
string[] runtimes = ScoringChecks.LoadedOnnxRuntimes();
Console.WriteLine(
    $"pipeline trained on {digits.RowCount} rows × {size} features; its latent means and the engine's differ by at most {difference:E1}; "
    + $"the loaded model zip scores {(loadedScoresAsSaved ? "as saved" : "differently")}; generated {generated.Length} rows; "
    + $"VaeOnnxModel's latent means and the engine's differ by at most {scorerDifference:E1}");
Console.WriteLine($"ONNX Runtime loaded from {string.Join(", ", runtimes)}");

int failures = 0;
Require(difference <= 1e-5f, "the pipeline's latent means differ from the engine's by more than 1e-5");
Require(loadedScoresAsSaved, "the pipeline loaded from the ML.NET model zip scores differently from the one saved");
Require(generatedRows, $"VaeDecoder did not generate 3 rows of {size} finite values");
Require(scorerDifference <= 1e-5f, "VaeOnnxModel's latent means differ from the engine's by more than 1e-5");
Require(runtimes.Contains(mlnetRuntime), $"ML.NET's ONNX Runtime was not loaded from {mlnetRuntime}");
Require(runtimes.Contains(vaeRuntime), $"Vae.MLNet's ONNX Runtime was not loaded from {vaeRuntime}");
return failures == 0 ? 0 : 1;

void Require(bool holds, string failure)
{
    if (!holds)
    {
        Console.Error.WriteLine($"PackageCheck.MLNet: {failure}");
        failures++;
    }
}

static float[] LatentMeans(IDataView scored) => [.. scored.GetColumn<float[]>("LatentMean").SelectMany(mean => mean)];
