using Vae.MLNet.Data;
using Vae.MLNet.Tests.Evaluation;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class SubsetDatasetTests
{
    private static readonly VaeDataset Source = VaeDataset.FromArray([0, 1, 10, 11, 20, 21, 30, 31], 2, labels: [5, 6, 7, 8]);

    [TestMethod]
    public void KeepsTheChosenRowsAndLabelsInOrder()
    {
        VaeDataset subset = Source.Subset([3, 1]);
        Assert.AreEqual(2, subset.RowCount);
        CollectionAssert.AreEqual(new float[] { 30, 31, 10, 11 }, subset.ToArray());
        CollectionAssert.AreEqual(new[] { 8, 6 }, subset.Labels!.ToArray());
    }

    [TestMethod]
    public void RejectsRowsOutsideTheSourceAndEmptySelections()
    {
        Assert.AreEqual("rowIndices", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Source.Subset([4])).ParamName);
        Assert.AreEqual("rowIndices", Assert.ThrowsExactly<ArgumentException>(() => Source.Subset([])).ParamName);
    }

    [TestMethod]
    public void ADatasetWithoutOneLabelPerRowIsToldSo()
    {
        var shortLabels = new OwnDataset(Source, Source.RowCount, nanRow: null, labels: [5]);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => shortLabels.Subset([3]));
        StringAssert.Contains(error.Message, "The data reports 4 rows but 1 labels");
    }

    [TestMethod]
    public void ADatasetWhoseLabelsAreNoIndicesIntoItsNamesIsToldSo()
    {
        var beyond = new OwnDataset(Source, Source.RowCount, nanRow: null, labels: [0, 1, 3, 2], labelNames: ["a", "b", "c"]);
        var namesAlone = new OwnDataset(Source, Source.RowCount, nanRow: null, labelNames: ["a"]);

        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => beyond.Subset([0])).Message, "Row 2's label is 3, but a label is the index of its class's name among the 3 LabelNames, 0 to 2.");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => namesAlone.Subset([0])).Message, "The data has LabelNames but no Labels; give both or neither.");
    }
}
