using Vae.MLNet.Data;
using Vae.MLNet.Tests.Evaluation;
using Vae.MLNet.Tests.Transforms;

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

    [TestMethod]
    public void ARowThatCannotBeEncodedIsNamedByItsPlaceInTheDataset()
    {
        // Row 1050 lies in the second chunk of rows, whose own numbering starts again at 0.
        VaeDataset data = TransformTestData.Dataset(1100, seed: 12);
        VaeOptions options = TransformTestData.Options();
        options.InputScaling = VaeInputScaling.None;
        VaeModel model = new VaeTrainer(options).Fit(data);
        float[] features = data.ToArray();
        features.AsSpan(1050 * data.FeatureCount, data.FeatureCount).Fill(float.MaxValue);

        var missing = Assert.ThrowsExactly<VaeDataException>(() => LatentFeatures.EncodeMeans(model, new OwnDataset(data, data.RowCount, nanRow: 1050)));
        var overflow = Assert.ThrowsExactly<VaeOverflowException>(() => LatentFeatures.EncodeMeans(model, VaeDataset.FromArray(features, data.FeatureCount)));
        var empty = Assert.ThrowsExactly<ArgumentException>(() => LatentFeatures.EncodeMeans(model, new OwnDataset(data, rowCount: 0, nanRow: null)));

        Assert.AreEqual((1050L, 1), (missing.Row, missing.Column));
        StringAssert.StartsWith(overflow.Message, "Row 1050: the latent mean overflowed");
        Assert.AreEqual("data", empty.ParamName);
    }
}
