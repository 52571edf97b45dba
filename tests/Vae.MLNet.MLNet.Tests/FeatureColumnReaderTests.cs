using Microsoft.ML;
using Vae.MLNet.Data;

namespace Vae.MLNet.MLNet.Tests;

/// <summary>Reading the feature column of an <see cref="IDataView"/> into the dataset the VAE trains on.</summary>
[TestClass]
public sealed class FeatureColumnReaderTests
{
    [TestMethod]
    public void AViewThatDoesNotKnowItsRowCountIsReadAtAboutTheCostOfItsValues()
    {
        const int rows = 12_000;
        const int width = 256;
        var mlContext = new MLContext(seed: 1);
        IDataView known = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new WideRow { Features = [.. Enumerable.Repeat(i % 2f, width)] }).ToArray());
        IDataView filtered = mlContext.Data.FilterByCustomPredicate<WideRow>(known, _ => false);
        Assert.IsNull(filtered.GetRowCount(), "a filter does not know how many rows it keeps");
        long featureBytes = (long)rows * width * sizeof(float);

        long before = GC.GetAllocatedBytesForCurrentThread();
        VaeDataset read = FeatureColumnReader.Read(filtered, "Features", width, categoricalSlots: false, validationData: false, CancellationToken.None);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(rows, read.RowCount);
        var last = new float[width];
        read.CopyRows([rows - 1], last);
        Assert.IsTrue(last.All(value => value == 1f), "the last row is read whole");

        // An array regrown as it filled, then cut to the rows, allocated three to four times the values.
        Assert.IsLessThan(2 * featureBytes, allocated, $"{allocated:N0} bytes allocated for {featureBytes:N0} bytes of features");
    }
}
