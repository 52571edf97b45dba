using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class RowBlocksTests
{
    /// <summary>
    /// Rows of <paramref name="width"/> values i·width + j cross block boundaries (4096 values first, doubling up to
    /// about a million, or one row when wider); a dataset over the blocks gives every row back in order.
    /// </summary>
    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(1, 3_000_001)]
    [DataRow(3, 1366)]
    [DataRow(784, 6000)]
    [DataRow(1_500_000, 3)]
    public void ADatasetOverTheBlocksGivesBackEveryRowInOrder(int width, int rows)
    {
        var blocks = new RowBlocks(width);
        for (long value = 0; value < (long)rows * width; value++)
        {
            blocks.Add(value);
        }

        float[][] stored = blocks.Blocks();
        var dataset = new ArrayDataset(stored, width, labels: null, featureNames: null);

        Assert.AreEqual((long)rows * width, blocks.Count);
        Assert.IsTrue(stored.All(block => block.Length > 0 && block.Length % width == 0), "a block holds whole rows");
        Assert.AreEqual(rows, dataset.RowCount);
        var row = new float[width];
        int[] probes = [.. Enumerable.Range(0, rows).Where(r => rows < 10_000 || r % 997 == 0 || r == rows - 1)];
        foreach (int r in probes)
        {
            dataset.CopyRows([r], row);
            Assert.AreEqual((float)((long)r * width), row[0], $"row {r}");
            Assert.AreEqual((float)(((long)r * width) + width - 1), row[^1], $"row {r}");
        }
    }

    [TestMethod]
    public void RowsAddedWholeAreKeptInTheBlocksTheirValuesAddedOneByOneMake()
    {
        const int width = 784;
        var byValue = new RowBlocks(width);
        var byRow = new RowBlocks(width);
        for (int r = 0; r < 6000; r++)
        {
            Span<float> row = byRow.AddRow();
            for (int j = 0; j < width; j++)
            {
                byValue.Add((r * width) + j);
                row[j] = (r * width) + j;
            }
        }

        float[][] expected = byValue.Blocks();
        float[][] stored = byRow.Blocks();

        Assert.AreEqual(byValue.Count, byRow.Count);
        Assert.HasCount(expected.Length, stored);
        for (int b = 0; b < expected.Length; b++)
        {
            CollectionAssert.AreEqual(expected[b], stored[b], $"block {b}");
        }
    }

    [TestMethod]
    public void AnEmptyBlockAmongOthersIsRefused()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new ArrayDataset([[1f, 2f], [], [3f, 4f]], 2, labels: null, featureNames: null));

        StringAssert.StartsWith(error.Message, "Block 1 of 3 is empty");
        Assert.AreEqual(2, new ArrayDataset([[1f, 2f], [3f, 4f]], 2, labels: null, featureNames: null).RowCount);
    }

    [TestMethod]
    public void ANonFiniteValueInALaterBlockIsNamedByItsRowInTheDataset()
    {
        var blocks = new RowBlocks(2);
        for (int value = 0; value < 10_000; value++)
        {
            blocks.Add(value == 9_001 ? float.NaN : 0.5f);
        }

        VaeDataException error = Assert.ThrowsExactly<VaeDataException>(() => new ArrayDataset(blocks.Blocks(), 2, labels: null, featureNames: null));

        Assert.AreEqual(4_500, error.Row);
        Assert.AreEqual(1, error.Column);
    }
}
