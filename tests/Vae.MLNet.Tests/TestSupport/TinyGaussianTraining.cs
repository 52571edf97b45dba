using Vae.MLNet.Data;

namespace Vae.MLNet.Tests;

/// <summary>
/// One epoch of a tiny Gaussian VAE (one hidden layer of 4, K = 2, managed products on one thread): a trained model in
/// milliseconds, for tests of what a model keeps from its data rather than of how well it learns.
/// </summary>
internal static class TinyGaussianTraining
{
    /// <summary>Trains on <paramref name="data"/>, further from <paramref name="initial"/> when given.</summary>
    public static VaeModel Fit(VaeDataset data, VaeModel? initial = null, VaeInputScaling scaling = VaeInputScaling.None) => Trainer(scaling).Fit(data, initial);

    /// <summary>The trainer <see cref="Fit"/> trains with, for the overloads it does not call.</summary>
    public static VaeTrainer Trainer(VaeInputScaling scaling = VaeInputScaling.None) => new(new VaeOptions
    {
        HiddenLayerSizes = [4],
        LatentDimension = 2,
        Likelihood = VaeLikelihood.Gaussian,
        InputScaling = scaling,
        Epochs = 1,
        BatchSize = 4,
        Gemm = GemmBackend.Managed,
        NumberOfThreads = 1,
    });
}
