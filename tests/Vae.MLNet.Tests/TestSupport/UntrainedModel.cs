using Vae.MLNet.Model;

namespace Vae.MLNet.Tests;

/// <summary>Models of random weights and no training, for tests of what scoring or saving a model of some size does.</summary>
internal static class UntrainedModel
{
    /// <summary>A Bernoulli model of <paramref name="features"/> features, one hidden layer of <paramref name="hidden"/> units and <paramref name="latent"/> latent dimensions, its weights drawn with seed 3.</summary>
    public static VaeModel Create(int features, int hidden, int latent)
    {
        var options = new VaeOptions { HiddenLayerSizes = [hidden], LatentDimension = latent };
        return new VaeModel(
            VaeNetwork.Create(options, features, new Random(3)), null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);
    }
}
