using Vae.MLNet.Data;
using Vae.MLNet.Tests.Scoring;
using Vae.MLNet.Transforms;

namespace Vae.MLNet.Tests.Transforms;

/// <summary>Small, quickly trained settings and rows for the transform tests.</summary>
internal static class TransformTestData
{
    public const int FeatureCount = 6;

    public const int LatentDimension = 3;

    public static VaeOptions Options(VaeLikelihood likelihood = VaeLikelihood.Gaussian) => new()
    {
        HiddenLayerSizes = [10],
        LatentDimension = LatentDimension,
        Likelihood = likelihood,
        InputScaling = likelihood == VaeLikelihood.Bernoulli ? VaeInputScaling.None : VaeInputScaling.Standardize,
        Epochs = 3,
        BatchSize = 16,
        LearningRate = 1e-2f,
        Gemm = GemmBackend.Managed,
        NumberOfThreads = 1,
        Seed = 5,
    };

    /// <summary>Rows in [0, 1) for the Bernoulli likelihood, in [−2, 3) otherwise.</summary>
    public static float[] Rows(int rows, int seed, VaeLikelihood likelihood = VaeLikelihood.Gaussian) =>
        likelihood == VaeLikelihood.Bernoulli
            ? ScoringTestModels.Rows(rows, FeatureCount, seed)
            : ScoringTestModels.Rows(rows, FeatureCount, seed, low: -2f, high: 3f);

    public static VaeDataset Dataset(int rows, int seed, VaeLikelihood likelihood = VaeLikelihood.Gaussian) =>
        VaeDataset.FromArray(Rows(rows, seed, likelihood), FeatureCount);

    /// <summary>A transformer trained on 80 rows; the caller disposes it.</summary>
    public static VaeTransformer Fit(VaeLikelihood likelihood = VaeLikelihood.Gaussian) =>
        new VaeTransformerEstimator(Options(likelihood)).Fit(Dataset(80, seed: 1, likelihood));
}
