using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Evaluation;

/// <summary>Small models, built by hand or trained in well under a second, shared by the evaluation tests.</summary>
internal static class EvaluationModels
{
    private static readonly Lazy<(VaeModel Model, VaeDataset Data)> TrainedBernoulli = new(TrainBernoulli);
    private static readonly Lazy<(VaeModel Model, VaeDataset Data)> TrainedGaussian = new(TrainGaussian);

    /// <summary>A Bernoulli model trained on 12 binary features that are noisy copies of two hidden bits.</summary>
    public static (VaeModel Model, VaeDataset Data) Bernoulli => TrainedBernoulli.Value;

    /// <summary>A fixed-variance Gaussian model with standardized inputs, trained on 6 correlated features in odd units.</summary>
    public static (VaeModel Model, VaeDataset Data) Gaussian => TrainedGaussian.Value;

    public static VaeModel Wrap(VaeNetwork network, FeatureScaling? scaling = null) =>
        new(network, scaling, new VaeOptions { Likelihood = network.Likelihood, NumberOfThreads = 1 }, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);

    public static DenseLayer Layer(int inputs, int outputs, float[] weights, float[] bias)
    {
        var layer = new DenseLayer(inputs, outputs);
        weights.CopyTo(layer.Weights, 0);
        bias.CopyTo(layer.Bias, 0);
        return layer;
    }

    /// <summary>Rows of 12 binary features, the first 6 noisy copies of one random bit and the last 6 of another.</summary>
    public static VaeDataset NoisyCopiesOfTwoBits(int rows, int seed)
    {
        var random = new Random(seed);
        const int features = 12;
        var values = new float[rows * features];
        for (int r = 0; r < rows; r++)
        {
            int a = random.Next(2);
            int b = random.Next(2);
            for (int j = 0; j < features; j++)
            {
                int bit = j < features / 2 ? a : b;
                values[r * features + j] = random.NextDouble() < 0.9 ? bit : 1 - bit;
            }
        }

        return VaeDataset.FromArray(values, features);
    }

    private static (VaeModel, VaeDataset) TrainBernoulli()
    {
        VaeDataset data = NoisyCopiesOfTwoBits(rows: 400, seed: 2);
        var options = new VaeOptions { HiddenLayerSizes = [16], LatentDimension = 2, Epochs = 40, BatchSize = 32, LearningRate = 1e-2f, NumberOfThreads = 1, Seed = 1 };
        return (new VaeTrainer(options).Fit(data), data);
    }

    private static (VaeModel, VaeDataset) TrainGaussian()
    {
        var random = new Random(3);
        const int rows = 600;
        const int features = 6;
        var values = new float[rows * features];
        for (int r = 0; r < rows; r++)
        {
            double z = Normal(random);
            for (int j = 0; j < features; j++)
            {
                // Offsets and spreads far from 0 and 1, so the Jacobian of the standardization is far from zero.
                values[r * features + j] = (float)(100 + (j * 10) + ((j + 1) * 3 * (Math.Tanh(z + j) + (0.3 * Normal(random)))));
            }
        }

        VaeDataset data = VaeDataset.FromArray(values, features);
        var options = new VaeOptions
        {
            HiddenLayerSizes = [16],
            LatentDimension = 2,
            Likelihood = VaeLikelihood.Gaussian,
            GaussianVariance = 0.2f,
            InputScaling = VaeInputScaling.Standardize,
            Epochs = 40,
            BatchSize = 32,
            LearningRate = 1e-2f,
            NumberOfThreads = 1,
            Seed = 1,
        };
        return (new VaeTrainer(options).Fit(data), data);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
