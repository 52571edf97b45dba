using Microsoft.ML;

namespace Vae.MLNet.MLNet.Tests;

/// <summary>Small deterministic data sets and the options that train on them in a second.</summary>
internal static class TestData
{
    /// <summary>Two clusters of four features in [0, 1], seeded.</summary>
    public static IDataView Clusters(MLContext mlContext, int rows = 200)
    {
        var random = new Random(7);
        var data = new FeatureRow[rows];
        for (int i = 0; i < rows; i++)
        {
            float centre = i % 2 == 0 ? 0.2f : 0.8f;
            data[i] = new FeatureRow
            {
                Features = Enumerable.Range(0, 4).Select(_ => Math.Clamp(centre + (float)(random.NextDouble() - 0.5) * 0.2f, 0f, 1f)).ToArray(),
            };
        }

        return mlContext.Data.LoadFromEnumerable(data);
    }

    /// <summary>Two clusters of four features: two counts from 0 to 10, then two measurements in [0, 1], seeded.</summary>
    public static IDataView Counts(MLContext mlContext, int rows = 200)
    {
        var random = new Random(7);
        var data = new FeatureRow[rows];
        for (int i = 0; i < rows; i++)
        {
            float centre = i % 2 == 0 ? 0.2f : 0.8f;
            float Noisy() => Math.Clamp(centre + ((float)(random.NextDouble() - 0.5) * 0.2f), 0f, 1f);
            data[i] = new FeatureRow { Features = [MathF.Round(10 * Noisy()), MathF.Round(10 * Noisy()), Noisy(), Noisy()] };
        }

        return mlContext.Data.LoadFromEnumerable(data);
    }

    /// <summary>A small Gaussian VAE with every output column.</summary>
    public static VaeEstimator.Options SmallOptions() => new()
    {
        HiddenLayerSizes = [16],
        LatentDimension = 2,
        Likelihood = VaeLikelihood.Gaussian,
        InputScaling = VaeInputScaling.Standardize,
        Epochs = 20,
        BatchSize = 32,
        LearningRate = 1e-2f,
        NumberOfThreads = 1,
        ReconstructionErrorColumnName = "ReconstructionError",
    };

    /// <summary>The model <see cref="SmallOptions"/> train on <paramref name="data"/>, for tests of what takes a trained model.</summary>
    public static VaeModel SmallModel(MLContext mlContext, IDataView data)
    {
        VaeEstimator estimator = mlContext.Transforms.Vae(SmallOptions());
        estimator.Fit(data).Dispose();
        return estimator.TrainedModel!;
    }
}
