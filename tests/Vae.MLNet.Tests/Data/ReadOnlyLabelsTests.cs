using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class ReadOnlyLabelsTests
{
    // A list typed read-only that is an array underneath can be cast back and written, changing the data behind it.
    [TestMethod]
    public void TheLabelsOfEveryDatasetTheLibraryMakesCannotBeWrittenThroughTheirList()
    {
        VaeDataset fromArray = VaeDataset.FromArray([0, 1, 2, 3], 2, labels: [1, 0]);
        VaeDataset csv = CsvDatasetReader.Read(new StringReader("a,b,y\n0.1,0.2,cat\n0.3,0.4,dog\n"), new CsvDatasetOptions { LabelColumnName = "y" });
        VaeDataset idx = IdxReader.ReadImages(new MemoryStream(IdxFixture.Images(2, 2, 2)), new MemoryStream(IdxFixture.Labels(2)));

        foreach (VaeDataset data in new[] { fromArray, csv, idx, csv.Subset([1, 0]) })
        {
            Assert.IsNotInstanceOfType<int[]>(data.Labels);
            Assert.IsTrue(((ICollection<int>)data.Labels!).IsReadOnly);
        }

        CollectionAssert.AreEqual(new[] { 1, 0 }, fromArray.Labels!.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1 }, csv.Labels!.ToArray());
    }

    [TestMethod]
    public void LabelsAreCopiedSoTheCallersArrayCannotChangeThem()
    {
        int[] labels = [1, 0];
        VaeDataset data = VaeDataset.FromArray([0, 1, 2, 3], 2, labels);
        labels[0] = 7;

        CollectionAssert.AreEqual(new[] { 1, 0 }, data.Labels!.ToArray());
    }

    [TestMethod]
    public void TheLabelNamesOfADatasetReadFromCsvCannotBeWrittenThroughTheirList()
    {
        VaeDataset csv = CsvDatasetReader.Read(new StringReader("a,y\n0.1,cat\n0.3,dog\n"), new CsvDatasetOptions { LabelColumnName = "y" });

        foreach (VaeDataset data in new[] { csv, csv.Subset([1]) })
        {
            Assert.IsNotInstanceOfType<string[]>(data.LabelNames);
            Assert.IsTrue(((ICollection<string>)data.LabelNames!).IsReadOnly);
        }

        CollectionAssert.AreEqual(new[] { "cat", "dog" }, csv.LabelNames!.ToArray());
    }
}
