// Trains a VAE inside an ML.NET pipeline on MNIST, classifies digits from its 20 latent means versus the 784 raw
// pixels with SdcaMaximumEntropy, saves the pipeline as an ML.NET model zip and scores the loaded copy, and generates
// a few digits by decoding draws from the prior.
//   dotnet run -c Release -p:WithMLNet=true --project samples/Vae.MLNet.MLNet.Sample [-- --data DIR --out DIR --epochs N --threads N]
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet;
using Vae.MLNet.Data;
using Vae.MLNet.MLNet;
using Vae.MLNet.MLNet.Sample;
using Vae.MLNet.Samples.Common;

// SDCA on all 60000 digits takes minutes; these subsets, or the whole of smaller files, show the comparison in well under one.
const int MostTrainRows = 10_000;
const int MostTestRows = 2_000;

SampleArguments arguments = SampleArguments.Parse(args, "mlnet", "mnist", defaultEpochs: 10, IdxSplits.FileNames, outputs: "the saved pipeline", buildProperties: "-p:WithMLNet=true");
var mlContext = new MLContext(seed: 0);
(IDataView train, int trainRows) = arguments.ReadData(directory => Load(mlContext, IdxSplits.ReadForClassifiers(directory, "train", MostTrainRows)));
(IDataView test, int testRows) = arguments.ReadData(directory => Load(mlContext, IdxSplits.Read(directory, "t10k", MostTestRows)));

// Only the latent means feed the classifier, so the other columns are left out and the graph computes just the encoder;
// the cache keeps SDCA's many passes over the data from scoring every row through ONNX Runtime again.
VaeEstimator vae = mlContext.Transforms.Vae(new VaeEstimator.Options
{
    FeatureColumnName = "Features",
    LatentDimension = 20,
    Epochs = arguments.Epochs,
    NumberOfThreads = arguments.Threads,
    LatentLogVarColumnName = null,
    ReconstructionColumnName = null,
    AnomalyScoreColumnName = null,
    Progress = new ConsoleProgress(),
});
var onLatents = mlContext.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
    .Append(vae)
    .AppendCacheCheckpoint(mlContext)
    .Append(Classifier("LatentMean"));
var onPixels = mlContext.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
    .Append(Classifier("Features"));

// The fitted pipelines hold ONNX Runtime sessions (the VAE's OnnxTransformer), so they are disposed.
Console.WriteLine($"fitting the pipelines: the VAE for {arguments.Epochs} epochs, then SdcaMaximumEntropy on its latent means and on the raw pixels");
using var latentModel = onLatents.Fit(train);
using var pixelModel = onPixels.Fit(train);
double latentAccuracy = mlContext.MulticlassClassification.Evaluate(latentModel.Transform(test), labelColumnName: "LabelKey").MicroAccuracy;
double pixelAccuracy = mlContext.MulticlassClassification.Evaluate(pixelModel.Transform(test), labelColumnName: "LabelKey").MicroAccuracy;
Console.WriteLine($"SdcaMaximumEntropy on {trainRows} training digits, accuracy on {testRows} test digits:");
Console.WriteLine($"  20 VAE latent means: {latentAccuracy:P2}");
Console.WriteLine($"  784 raw pixels:      {pixelAccuracy:P2}");

// The VAE travels inside ML.NET's own model zip, as an OnnxTransformer: loading it needs no part of this library.
string pipelinePath = arguments.Output("latent-pipeline.zip");
mlContext.Model.Save(latentModel, train.Schema, pipelinePath);
// The loaded pipeline holds its own ONNX Runtime session too; Load types it as an ITransformer, which need not be disposable.
ITransformer loaded = mlContext.Model.Load(pipelinePath, out DataViewSchema _);
double loadedAccuracy;
using (loaded as IDisposable)
{
    loadedAccuracy = mlContext.MulticlassClassification.Evaluate(loaded.Transform(test), labelColumnName: "LabelKey").MicroAccuracy;
}

Console.WriteLine($"saved {pipelinePath}; the loaded pipeline's accuracy: {loadedAccuracy:P2}");

VaeModel model = vae.TrainedModel ?? throw new InvalidOperationException("The pipeline did not train the VAE.");
const int GeneratedDigits = 3;
IDataView latents = mlContext.Data.SampleVaeLatents(model.LatentDimension, rowCount: GeneratedDigits, seed: 1);
using OnnxTransformer decoder = mlContext.Transforms.VaeDecoder(model).Fit(latents);
Console.WriteLine($"{GeneratedDigits} digits the VaeDecoder transformer decodes from z ~ N(0, I):");
int generated = 0;
foreach (float[] digit in decoder.Transform(latents).GetColumn<float[]>(VaeDecoderEstimator.DefaultOutputColumnName))
{
    Console.Write(TextImages.SideBySide([($"sample {++generated}", digit)], brightest: 1));
}

// --threads caps SDCA too, which otherwise picks its own thread count.
SdcaMaximumEntropyMulticlassTrainer Classifier(string featureColumnName) => mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(
    new SdcaMaximumEntropyMulticlassTrainer.Options { LabelColumnName = "LabelKey", FeatureColumnName = featureColumnName, NumberOfThreads = arguments.Threads });

// The dataset was read with its labels file, as IdxSplits reads every split.
static (IDataView Data, int Rows) Load(MLContext mlContext, IdxImageDataset dataset)
{
    float[] pixels = dataset.ToArray();
    int size = dataset.FeatureCount;
    IReadOnlyList<int> digits = dataset.Labels!;
    var data = new DigitRow[dataset.RowCount];
    for (int i = 0; i < data.Length; i++)
    {
        data[i] = new DigitRow { Features = pixels.AsSpan(i * size, size).ToArray(), Label = digits[i] };
    }

    // The image size is only known once the file is read, so it goes into the schema instead of a VectorType attribute.
    SchemaDefinition definition = SchemaDefinition.Create(typeof(DigitRow));
    definition[nameof(DigitRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
    return (mlContext.Data.LoadFromEnumerable(data, definition), dataset.RowCount);
}
