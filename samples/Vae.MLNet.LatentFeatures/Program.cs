using System.Diagnostics;
using System.Text.Json;
using Vae.MLNet;
using Vae.MLNet.Classification;
using Vae.MLNet.Data;
using Vae.MLNet.Decomposition;
using Vae.MLNet.LatentFeatures;
using Vae.MLNet.Samples.Common;

// Are a VAE's latent means good features? The same softmax regression is trained on MNIST three ways — on the VAE's
// latent means, on the raw pixels, and on as many PCA components as the VAE has latent dimensions — and tested on the
// 10000 test digits.
SampleArguments arguments = SampleArguments.Parse(args, "latent-features", "mnist", defaultEpochs: 10, IdxSplits.FileNames, outputs: null);
var clock = Stopwatch.StartNew();
(IdxImageDataset train, IdxImageDataset test) = arguments.ReadData(directory => (IdxSplits.ReadForClassifiers(directory, "train"), IdxSplits.Read(directory, "t10k")));
Console.WriteLine($"MNIST from {arguments.DataDirectory}: {train.RowCount} training and {test.RowCount} test rows of {train.FeatureCount} pixels ({clock.Elapsed.TotalSeconds:F1} s)");

var vaeOptions = new VaeOptions { Epochs = arguments.Epochs, NumberOfThreads = arguments.Threads };
Console.WriteLine($"training the VAE {train.FeatureCount}-{string.Join("-", vaeOptions.HiddenLayerSizes)}-{vaeOptions.LatentDimension} for {vaeOptions.Epochs} epochs");
clock.Restart();
VaeModel vae = new VaeTrainer(vaeOptions).Fit(train, new ConsoleProgress());
double vaeSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"VAE trained in {vaeSeconds:F1} s with the {vae.History.GemmBackend} matrix multiplier");

clock.Restart();
VaeDataset latentTrain = LatentFeatures.EncodeMeans(vae, train);
VaeDataset latentTest = LatentFeatures.EncodeMeans(vae, test);
double encodeSeconds = clock.Elapsed.TotalSeconds;

clock.Restart();
Pca pca = Pca.Fit(train, vae.LatentDimension, numberOfThreads: arguments.Threads);
VaeDataset pcaTrain = pca.Transform(train);
VaeDataset pcaTest = pca.Transform(test);
double pcaSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"encoded latent means in {encodeSeconds:F1} s; PCA ({pca.ExplainedVarianceRatio.Sum():P1} of the pixel variance in {pca.ComponentCount} components) in {pcaSeconds:F1} s");

var classifierOptions = new SoftmaxRegressionOptions { NumberOfThreads = arguments.Threads };
Console.WriteLine(
    $"softmax regression: {classifierOptions.Epochs} epochs, batch {classifierOptions.BatchSize}, learning rate {classifierOptions.LearningRate}, " +
    $"L2 {classifierOptions.L2Regularization}, standardized features");
var results = new List<FeatureResult>();
foreach ((string name, VaeDataset trainFeatures, VaeDataset testFeatures, double preparationSeconds) in new[]
{
    ("vae-latent-means", latentTrain, latentTest, encodeSeconds),
    ("raw-pixels", train, test, 0.0),
    ("pca", pcaTrain, pcaTest, pcaSeconds),
})
{
    clock.Restart();
    SoftmaxRegressionModel classifier = new SoftmaxRegression(classifierOptions).Fit(trainFeatures);
    double fitSeconds = clock.Elapsed.TotalSeconds;
    var result = new FeatureResult(
        name,
        trainFeatures.FeatureCount,
        classifier.Accuracy(trainFeatures),
        classifier.Accuracy(testFeatures),
        Math.Round(preparationSeconds, 2),
        Math.Round(fitSeconds, 2));
    results.Add(result);
    Console.WriteLine(
        $"  {name,-17} {result.Dimensions,4} features: test accuracy {result.TestAccuracy:P2} (train {result.TrainAccuracy:P2}), " +
        $"classifier {fitSeconds:F1} s, features {preparationSeconds:F1} s");
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    vaeEpochs = vaeOptions.Epochs,
    vaeSeconds = Math.Round(vaeSeconds, 2),
    vaeFinalLoss = Math.Round(vae.History.Epochs[^1].Loss, 3),
    pcaExplainedVariance = Math.Round(pca.ExplainedVarianceRatio.Sum(), 4),
    results,
}, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
