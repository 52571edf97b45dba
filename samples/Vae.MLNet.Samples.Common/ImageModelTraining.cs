using System.Diagnostics;
using Vae.MLNet.Data;

namespace Vae.MLNet.Samples.Common;

/// <summary>The training and test steps the MNIST and Fashion-MNIST samples share, printed as they go.</summary>
public static class ImageModelTraining
{
    /// <summary>
    /// Trains a model with <paramref name="options"/> on <paramref name="train"/>, a line per epoch, and prints its loss
    /// on <paramref name="test"/>; <paramref name="rowName"/> names a row in the messages (e.g. "digit").
    /// </summary>
    public static TrainedImageModel TrainAndTest(VaeOptions options, VaeDataset train, VaeDataset test, string rowName)
    {
        Console.WriteLine(
            $"training {train.FeatureCount}-{string.Join("-", options.HiddenLayerSizes)}-{options.LatentDimension} ({options.Likelihood}) for {Epochs(options)}");
        var clock = Stopwatch.StartNew();
        VaeModel model = new VaeTrainer(options).Fit(train, new ConsoleProgress());
        double trainSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"trained in {trainSeconds:F1} s with the {model.History.GemmBackend} matrix multiplier");

        // Two views of the test loss: decoding the latent mean z = μ is deterministic; decoding one sampled z ~ q(z | x)
        // estimates the negative ELBO, the bound the model was trained on and what PyTorch's example prints, usually a little higher.
        VaeEvaluation atMean = model.Evaluate(test);
        VaeEvaluation elbo = model.Evaluate(test, sampleLatent: true, seed: 1);
        Console.WriteLine(
            $"test loss (z = μ): {atMean.NegativeElbo:F2} nats per {rowName} (reconstruction {atMean.Reconstruction:F2} + KL {atMean.KullbackLeibler:F2})");
        Console.WriteLine($"test negative ELBO (z sampled): {elbo.NegativeElbo:F2} nats per {rowName}");
        return new TrainedImageModel(model, trainSeconds, atMean, elbo);
    }

    /// <summary>
    /// Trains the model of <paramref name="options"/> with two latent dimensions instead, for half its epochs, so that
    /// its whole latent space can be drawn, and prints its test loss with z = μ.
    /// </summary>
    public static (VaeModel Model, VaeEvaluation AtMean) TrainLatentPlane(VaeOptions options, VaeDataset train, VaeDataset test, string rowName)
    {
        VaeOptions planeOptions = options.Clone();
        planeOptions.LatentDimension = 2;
        planeOptions.Epochs = Math.Max(1, options.Epochs / 2);
        Console.WriteLine($"training a K = 2 model for {Epochs(planeOptions)} for the latent-plane pictures");
        VaeModel plane = new VaeTrainer(planeOptions).Fit(train, new ConsoleProgress());
        VaeEvaluation atMean = plane.Evaluate(test);
        Console.WriteLine($"K = 2 test loss (z = μ): {atMean.NegativeElbo:F2} nats per {rowName}");
        return (plane, atMean);
    }

    private static string Epochs(VaeOptions options) => options.Epochs == 1 ? "1 epoch" : $"{options.Epochs} epochs";
}
