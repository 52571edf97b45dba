using Vae.MLNet.Data;
using Vae.MLNet.Tests.Classification;
using Vae.MLNet.Tests.Evaluation;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class LabelNamedDatasetTests
{
    private static readonly VaeDataset Source = VaeDataset.FromArray(
        [0, 1, 0, 10, 0, 1, 20, 1, 0], 3, labels: [1, 0, 1], featureNames: ["size", "colour=red", "colour=blue"], categoricalFeatures: [new VaeCategoricalFeature("colour", 1, ["red", "blue"])]);

    [TestMethod]
    public void NamesTheLabelsAndKeepsEverythingElseOfTheSource()
    {
        VaeDataset named = Source.WithLabelNames(["cat", "dog"]);

        CollectionAssert.AreEqual(new[] { "cat", "dog" }, named.LabelNames!.ToArray());
        CollectionAssert.AreEqual(Source.Labels!.ToArray(), named.Labels!.ToArray());
        CollectionAssert.AreEqual(Source.ToArray(), named.ToArray());
        CollectionAssert.AreEqual(Source.FeatureNames!.ToArray(), named.FeatureNames!.ToArray());
        Assert.AreSame(Source.CategoricalFeatures!.Single(), named.CategoricalFeatures!.Single());
        Assert.IsNull(Source.LabelNames, "the source is left as it was");
    }

    [TestMethod]
    public void TheNamesAreCopiedAndReplaceAnyTheDataHad()
    {
        string[] names = ["cat", "dog"];
        VaeDataset named = Source.WithLabelNames(names);
        names[0] = "changed";

        VaeDataset renamed = named.WithLabelNames(["small", "large", "unused"]);

        Assert.AreEqual("cat", named.LabelNames![0]);
        CollectionAssert.AreEqual(new[] { "small", "large", "unused" }, renamed.LabelNames!.ToArray());
    }

    [TestMethod]
    public void SubsetsAndLatentFeaturesCarryTheNames()
    {
        VaeDataset named = SoftmaxRegressionTests.Blobs(300, seed: 5).WithLabelNames(["north", "south", "east"]);
        var options = new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Likelihood = VaeLikelihood.Gaussian, Epochs = 1, NumberOfThreads = 1, Gemm = GemmBackend.Managed };
        VaeModel model = new VaeTrainer(options).Fit(named);

        CollectionAssert.AreEqual(new[] { "north", "south", "east" }, named.Subset([2, 0]).LabelNames!.ToArray());
        CollectionAssert.AreEqual(new[] { "north", "south", "east" }, LatentFeatures.EncodeMeans(model, named).LabelNames!.ToArray());
    }

    [TestMethod]
    public void HeldOutRowsOfANamedResampledViewReadOneFixedDraw()
    {
        float[] halves = Enumerable.Repeat(0.5f, 40 * 8).ToArray();
        VaeDataset source = VaeDataset.FromArray(halves, featureCount: 8, labels: new int[40]);
        VaeDataset named = BinarizedDataset.Resampled(source, seed: 4).WithLabelNames(["only"]);
        named.ToArray();

        // However often the resampled rows were read, the held-out view reads the draw of Stochastic with the same seed.

        CollectionAssert.AreEqual(BinarizedDataset.Stochastic(source, seed: 4).ToArray(), named.WithFixedRows(draw: 0).ToArray());
        Assert.AreEqual("only", named.WithFixedRows(draw: 0).LabelNames!.Single());
    }

    [TestMethod]
    public void NamesThatCannotNameEveryLabelAreRefusedWithTheReason()
    {
        Assert.AreEqual("labelNames", Assert.ThrowsExactly<ArgumentNullException>(() => Source.WithLabelNames(null!)).ParamName);
        Assert.AreEqual("labelNames", Assert.ThrowsExactly<ArgumentException>(() => Source.WithLabelNames([])).ParamName);

        var nullName = Assert.ThrowsExactly<ArgumentException>(() => Source.WithLabelNames(["cat", null!]));
        StringAssert.Contains(nullName.Message, "labelNames entry 1 is null");

        var twice = Assert.ThrowsExactly<ArgumentException>(() => Source.WithLabelNames(["cat", "cat"]));
        StringAssert.Contains(twice.Message, "labelNames holds \"cat\" twice");

        var tooFew = Assert.ThrowsExactly<ArgumentException>(() => Source.WithLabelNames(["cat"]));
        Assert.AreEqual("labelNames", tooFew.ParamName);
        StringAssert.Contains(tooFew.Message, "Row 0's label is 1, but the 1 names given name labels 0 to 0");
    }

    [TestMethod]
    public void DataWithoutOneLabelPerRowHasNothingToName()
    {
        var unlabelled = Assert.ThrowsExactly<InvalidOperationException>(() => VaeDataset.FromArray([1f, 2f], 1).WithLabelNames(["a"]));
        StringAssert.Contains(unlabelled.Message, "no Labels");

        var shortLabels = new OwnDataset(Source, Source.RowCount, nanRow: null, labels: [0]);
        var mismatch = Assert.ThrowsExactly<InvalidOperationException>(() => shortLabels.WithLabelNames(["a"]));
        StringAssert.Contains(mismatch.Message, "The data reports 3 rows but 1 labels");

        var negative = new OwnDataset(Source, Source.RowCount, nanRow: null, labels: [0, -1, 0]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => negative.WithLabelNames(["a"])).Message, "Row 1's label is -1");
    }
}
