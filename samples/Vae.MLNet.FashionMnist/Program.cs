using System.Text.Json;
using Vae.MLNet;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.FashionMnist;
using Vae.MLNet.Samples.Common;

// The MNIST flow on Fashion-MNIST: ten kinds of clothing instead of digits, with more texture and more gray levels.
// Beyond the MNIST sample it asks which kinds of clothing the model finds hardest, and labels its pictures by class name.
SampleArguments arguments = SampleArguments.Parse(args, "fashion-mnist", "fashion-mnist", defaultEpochs: 10, IdxSplits.FileNames, outputs: "pictures and the model");
(IdxImageDataset train, IdxImageDataset test) = arguments.ReadData(IdxSplits.Read);
Console.WriteLine($"Fashion-MNIST from {arguments.DataDirectory}: {train.RowCount} training and {test.RowCount} test images of {train.ImageShape} pixels");

// Why Bernoulli and not GaussianLearnedVariance: many pixels (the background around a sandal or a trouser leg) are
// exactly 0 in most images, so a decoder that learns each pixel's variance can shrink it towards 0 there and drive its
// likelihood towards infinity; training then chases those pixels instead of the garments and easily diverges. The
// Bernoulli cross-entropy is bounded below and accepts gray levels in [0, 1] as targets, and its mean is a usable image.
// (Its loss is not a proper likelihood of gray-level data, so compare it with other Bernoulli models only.)
var options = new VaeOptions { Likelihood = VaeLikelihood.Bernoulli, Epochs = arguments.Epochs, NumberOfThreads = arguments.Threads };
// The trained model is scored through ONNX Runtime: loading it now tells a machine without it so before the training.
Console.WriteLine($"scoring with ONNX Runtime {arguments.OnnxRuntimeVersion()}");
(VaeModel model, double trainSeconds, VaeEvaluation atMean, VaeEvaluation elbo) = ImageModelTraining.TrainAndTest(options, train, test, "image");

// Which classes cost the most? ScoreRows' anomaly score is each image's loss at z = μ; average it per class. Read it with the
// likelihood in mind: a gray pixel's cross-entropy cannot fall below its own entropy, so garments with large mid-gray
// areas (pullovers, bags, shirts) score high even when reconstructed well, and dark, thin shapes (sneakers) score low.
float[] perImage = model.ScoreRows(test).AnomalyScore;
int[] testLabels = [.. test.Labels!];
// A smaller test set than Fashion-MNIST's may lack a class, which then has no average.
var perClass = Enumerable.Range(0, FashionClasses.Names.Count)
    .Where(c => testLabels.Contains(c))
    .Select(c => new { name = FashionClasses.Names[c], testLoss = Math.Round(perImage.Where((_, i) => testLabels[i] == c).Average(), 1) })
    .OrderByDescending(c => c.testLoss)
    .ToArray();
Console.WriteLine("test loss per class (z = μ), hardest first:");
foreach (var c in perClass)
{
    Console.WriteLine($"  {c.name,-12} {c.testLoss,7:F1}");
}

string modelPath = arguments.Output("model.zip");
model.Save(modelPath);
float[] testPixels = test.ToArray();
float onnxDifference = OnnxRoundTrip.MaxReconstructionDifference(modelPath, model, testPixels);
Console.WriteLine($"saved {modelPath}; ONNX Runtime reconstructs the {test.RowCount} test images within {onnxDifference:G3} of the engine");

// Pictures, of the first test images; a smaller test set has fewer to show.
int pixels = test.FeatureCount;
var pictures = new ImagePictures(test.ImageShape.Width, test.ImageShape.Height);
pictures.SaveReconstructions(model, testPixels[..(Math.Min(16, test.RowCount) * pixels)], columns: 8, arguments.Output("reconstructions.png"));
pictures.SavePriorSamples(model, count: 64, columns: 8, seed: 3, arguments.Output("prior-samples.png"));
if (!pictures.SaveInterpolation(model, testPixels, testLabels, fromLabel: 7, toLabel: 9, steps: 10, arguments.Output("interpolation.png")))
{
    Console.WriteLine($"no interpolation.png: the test images include no {FashionClasses.Names[7]} or no {FashionClasses.Names[9]}");
}

// In the two most varied of the 20 dimensions sandals sit apart, trousers and dresses above the tops, which overlap.
int scattered = Math.Min(2000, test.RowCount);
pictures.SaveLatentScatter(
    model, testPixels[..(scattered * pixels)], testLabels[..scattered], FashionClasses.Names, "Fashion-MNIST test latent means", arguments.Output("latent-scatter.png"));
TrainingCurves.Render(model.History, "Fashion-MNIST 784-400-20 training", yLabel: "nats per row").SavePng(arguments.Output("training-curves.png"));

// With two latent dimensions the whole latent space fits in two pictures: where each class lands, and what it decodes to.
(VaeModel plane, VaeEvaluation planeLoss) = ImageModelTraining.TrainLatentPlane(options, train, test, "image");
pictures.SaveLatentScatter(
    plane, testPixels[..(scattered * pixels)], testLabels[..scattered], FashionClasses.Names, "Fashion-MNIST test latent means, K = 2 model", arguments.Output("latent-scatter-k2.png"));
pictures.SaveManifold(plane, gridSize: 20, arguments.Output("manifold-k2.png"));
Console.WriteLine($"pictures in {arguments.OutputDirectory}");

Console.WriteLine(JsonSerializer.Serialize(new
{
    epochs = options.Epochs,
    likelihood = options.Likelihood.ToString(),
    trainSeconds = Math.Round(trainSeconds, 1),
    finalTrainLoss = Math.Round(model.History.Epochs[^1].Loss, 2),
    testLossAtMean = Math.Round(atMean.NegativeElbo, 2),
    testNegativeElbo = Math.Round(elbo.NegativeElbo, 2),
    onnxMaxAbsDifference = onnxDifference,
    k2Epochs = plane.Options.Epochs,
    k2TestLossAtMean = Math.Round(planeLoss.NegativeElbo, 2),
    perClass,
}, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
