using System.Diagnostics;
using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

/// <summary>Reads the real benchmark files described in shared/data/README.md; inconclusive where they are absent.</summary>
[TestClass]
public sealed class SharedDataTests
{
    public TestContext TestContext { get; set; } = null!;

    private static int[] CountPerClass(IReadOnlyList<int> labels, int classes)
    {
        var counts = new int[classes];
        foreach (int label in labels)
        {
            counts[label]++;
        }

        return counts;
    }

    [TestMethod]
    public void MnistTestSetMatchesTheReadme()
    {
        IdxImageDataset data = IdxReader.ReadImages(
            TestPaths.RequireSharedData("mnist/t10k-images-idx3-ubyte.gz"),
            TestPaths.RequireSharedData("mnist/t10k-labels-idx1-ubyte.gz"));

        Assert.AreEqual(10000, data.RowCount);
        Assert.AreEqual(784, data.FeatureCount);
        Assert.AreEqual(new VaeImageShape(28, 28), data.ImageShape);
        CollectionAssert.AreEqual(new[] { 980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009 }, CountPerClass(data.Labels!, 10));
        float[] pixels = data.ToArray();
        Assert.AreEqual(0f, pixels.Min());
        Assert.AreEqual(1f, pixels.Max());
    }

    [TestMethod]
    public void MnistTrainingSetReadsAllImagesQuickly()
    {
        string images = TestPaths.RequireSharedData("mnist/train-images-idx3-ubyte.gz");
        string labels = TestPaths.RequireSharedData("mnist/train-labels-idx1-ubyte.gz");

        var clock = Stopwatch.StartNew();
        IdxImageDataset data = IdxReader.ReadImages(images, labels);
        clock.Stop();
        TestContext.WriteLine($"Read {data.RowCount} MNIST training images in {clock.ElapsedMilliseconds} ms.");

        Assert.AreEqual(60000, data.RowCount);
        CollectionAssert.AreEqual(new[] { 5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949 }, CountPerClass(data.Labels!, 10));
    }

    [TestMethod]
    public void FashionMnistTestSetIsBalanced()
    {
        IdxImageDataset data = IdxReader.ReadImages(
            TestPaths.RequireSharedData("fashion-mnist/t10k-images-idx3-ubyte.gz"),
            TestPaths.RequireSharedData("fashion-mnist/t10k-labels-idx1-ubyte.gz"));

        Assert.AreEqual(784, data.FeatureCount);
        CollectionAssert.AreEqual(Enumerable.Repeat(1000, 10).ToArray(), CountPerClass(data.Labels!, 10));
    }

    [TestMethod]
    public void MnistTrainingImagesWithTestLabelsAreRefused()
    {
        string images = TestPaths.RequireSharedData("mnist/train-images-idx3-ubyte.gz");
        string labels = TestPaths.RequireSharedData("mnist/t10k-labels-idx1-ubyte.gz");

        var error = Assert.ThrowsExactly<VaeDataException>(() => IdxReader.ReadImages(images, labels));

        Assert.Contains("declares 60000 images", error.Message);
        Assert.Contains("declares 10000 labels", error.Message);
    }

    [TestMethod]
    public void DigitsCsvHas64PixelFeaturesAndTenClasses()
    {
        VaeDataset data = CsvDatasetReader.Read(
            TestPaths.RequireSharedData("tabular/digits.csv"),
            new CsvDatasetOptions { LabelColumnName = "target" });

        Assert.AreEqual(1797, data.RowCount);
        Assert.AreEqual(64, data.FeatureCount);
        Assert.AreEqual(1797, data.Labels!.Count);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 10).ToArray(), data.Labels.Distinct().ToArray());
        float[] pixels = data.ToArray();
        Assert.AreEqual(0f, pixels.Min());
        Assert.AreEqual(16f, pixels.Max());
    }

    [TestMethod]
    [DataRow("iris.csv", 150, 4)]
    [DataRow("wine.csv", 178, 13)]
    [DataRow("breast_cancer.csv", 569, 30)]
    [DataRow("diabetes.csv", 442, 10)]
    public void TabularFilesHaveTheReadmeShapes(string file, int rows, int features)
    {
        VaeDataset data = CsvDatasetReader.Read(
            TestPaths.RequireSharedData($"tabular/{file}"),
            new CsvDatasetOptions { LabelColumnName = "target" });

        Assert.AreEqual(rows, data.RowCount);
        Assert.AreEqual(features, data.FeatureCount);
        Assert.AreEqual(rows, data.Labels!.Count);
    }

    [TestMethod]
    public void IrisFirstRowAndClassSizes()
    {
        VaeDataset data = CsvDatasetReader.Read(
            TestPaths.RequireSharedData("tabular/iris.csv"),
            new CsvDatasetOptions { FeatureColumnNames = ["petal width (cm)", "sepal length (cm)"], LabelColumnName = "target" });

        var first = new float[2];
        data.CopyRows([0], first);
        CollectionAssert.AreEqual(new[] { 0.2f, 5.1f }, first);
        CollectionAssert.AreEqual(new[] { 50, 50, 50 }, CountPerClass(data.Labels!, 3));
    }
}
