using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Classification;

[TestClass]
public sealed class LatentFeaturesTests
{
    [TestMethod]
    public void EncodesEveryRowToItsLatentMeanAndKeepsLabels()
    {
        VaeDataset data = SoftmaxRegressionTests.Blobs(1100, seed: 12);
        var options = new VaeOptions { HiddenLayerSizes = [6], LatentDimension = 2, Likelihood = VaeLikelihood.Gaussian, Epochs = 1, NumberOfThreads = 1, Gemm = GemmBackend.Managed };
        VaeModel model = new VaeTrainer(options).Fit(data);

        VaeDataset latent = LatentFeatures.EncodeMeans(model, data);
        var means = new float[data.RowCount * 2];
        model.Encode(data.ToArray(), means, new float[means.Length]);

        Assert.AreEqual(2, latent.FeatureCount);
        CollectionAssert.AreEqual(data.Labels!.ToArray(), latent.Labels!.ToArray());
        CollectionAssert.AreEqual(means, latent.ToArray());
        Assert.AreEqual("data", Assert.ThrowsExactly<ArgumentException>(() => LatentFeatures.EncodeMeans(model, VaeDataset.FromArray([1f, 2f], 2))).ParamName);
    }
}
