using System.Text.Json;
using Vae.MLNet;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.Samples.Common;

// MNIST end to end: train the VAE of PyTorch's examples/vae (784-400-20, Bernoulli decoder; Kingma & Welling's own
// MNIST runs used 500 tanh units and Adagrad), measure it on the test digits, save it, score the saved file with ONNX
// Runtime, and draw what it learned.
SampleArguments arguments = SampleArguments.Parse(args, "mnist", "mnist", defaultEpochs: 10, IdxSplits.FileNames, outputs: "pictures and the model");
(IdxImageDataset train, IdxImageDataset test) = arguments.ReadData(IdxSplits.Read);
Console.WriteLine($"MNIST from {arguments.DataDirectory}: {train.RowCount} training and {test.RowCount} test digits of {train.ImageShape} pixels");

// The defaults are that model: 400 hidden ReLU units, 20 latent dimensions, Adam 1e-3, batches of 128.
var options = new VaeOptions { Epochs = arguments.Epochs, NumberOfThreads = arguments.Threads };
// The trained model is scored through ONNX Runtime: loading it now tells a machine without it so before the training.
Console.WriteLine($"scoring with ONNX Runtime {arguments.OnnxRuntimeVersion()}");
(VaeModel model, double trainSeconds, VaeEvaluation atMean, VaeEvaluation elbo) = ImageModelTraining.TrainAndTest(options, train, test, "digit");

// The zip holds the ONNX encoder, decoder and autoencoder graphs, a manifest and the features' ranges; any ONNX runtime
// can score its graphs.
string modelPath = arguments.Output("model.zip");
model.Save(modelPath);
float[] testPixels = test.ToArray();
float onnxDifference = OnnxRoundTrip.MaxReconstructionDifference(modelPath, model, testPixels);
Console.WriteLine($"saved {modelPath} ({new FileInfo(modelPath).Length / 1024} KiB); ONNX Runtime reconstructs the {test.RowCount} test digits within {onnxDifference:G3} of the engine");

// Pictures, of the first test digits; a smaller test set than MNIST's has fewer to show.
int pixels = test.FeatureCount;
int[] testLabels = [.. test.Labels!];
var pictures = new ImagePictures(test.ImageShape.Width, test.ImageShape.Height);
pictures.SaveReconstructions(model, testPixels[..(Math.Min(16, test.RowCount) * pixels)], columns: 8, arguments.Output("reconstructions.png"));
pictures.SavePriorSamples(model, count: 64, columns: 8, seed: 3, arguments.Output("prior-samples.png"));
if (!pictures.SaveInterpolation(model, testPixels, testLabels, fromLabel: 2, toLabel: 6, steps: 10, arguments.Output("interpolation.png")))
{
    Console.WriteLine("no interpolation.png: the test digits include no 2 or no 6");
}

// 2000 points keep the classes visible; all 10000 would cover each other. Even the two most varied of 20 dimensions
// show the digits only loosely sorted: the classes separate in the full 20-D space, which a flat picture cannot show;
// the K = 2 model below is drawn whole instead.
int scattered = Math.Min(2000, test.RowCount);
pictures.SaveLatentScatter(
    model, testPixels[..(scattered * pixels)], testLabels[..scattered], labelNames: null, "MNIST test latent means", arguments.Output("latent-scatter.png"));
TrainingCurves.Render(model.History, "MNIST 784-400-20 training", yLabel: "nats per row").SavePng(arguments.Output("training-curves.png"));

// A second model with only two latent dimensions can be drawn whole: decode a grid of latent points.
(VaeModel plane, VaeEvaluation planeLoss) = ImageModelTraining.TrainLatentPlane(options, train, test, "digit");
pictures.SaveManifold(plane, gridSize: 20, arguments.Output("manifold-k2.png"));
Console.WriteLine($"pictures in {arguments.OutputDirectory}");

Console.WriteLine(JsonSerializer.Serialize(new
{
    epochs = options.Epochs,
    trainSeconds = Math.Round(trainSeconds, 1),
    finalTrainLoss = Math.Round(model.History.Epochs[^1].Loss, 2),
    testLossAtMean = Math.Round(atMean.NegativeElbo, 2),
    testNegativeElbo = Math.Round(elbo.NegativeElbo, 2),
    onnxMaxAbsDifference = onnxDifference,
    k2Epochs = plane.Options.Epochs,
    k2TestLossAtMean = Math.Round(planeLoss.NegativeElbo, 2),
}, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
