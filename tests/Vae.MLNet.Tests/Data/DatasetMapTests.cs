using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class DatasetMapTests
{
    [TestMethod]
    public void OutputsSpreadOverBlocksOfWholeChunksStayInRowOrder()
    {
        // Blocks of two chunks (2 048 rows of 3 outputs), so 5 000 rows take three blocks, the last partly filled.
        const int rows = 5_000;
        float[] features = [.. Enumerable.Range(0, rows * 2).Select(i => (float)i)];
        int[] labels = [.. Enumerable.Range(0, rows).Select(row => row % 4)];
        VaeDataset data = VaeDataset.FromArray(features, 2, labels);

        VaeDataset mapped = DatasetMap.Apply(
            data,
            outputWidth: 3,
            (firstRow, input, output) =>
            {
                for (int r = 0; r < input.Length / 2; r++)
                {
                    output[3 * r] = input[2 * r];
                    output[(3 * r) + 1] = input[(2 * r) + 1];
                    output[(3 * r) + 2] = firstRow + r;
                }
            },
            blockValues: 2 * VaeDataset.ChunkRows * 3);

        float[] expected = [.. Enumerable.Range(0, rows).SelectMany(row => new[] { 2f * row, (2f * row) + 1, row })];
        Assert.AreEqual(rows, mapped.RowCount);
        CollectionAssert.AreEqual(expected, mapped.ToArray());
        CollectionAssert.AreEqual(labels, mapped.Labels!.ToArray());
    }

    [TestMethod]
    public void OutputRowsTooWideForAThousandInOneArrayAreMapped()
    {
        // 1024 rows of 2 100 000 outputs pass int's range; such a width overflowed the block size.
        const int rows = 3;
        const int outputWidth = 2_100_000;
        VaeDataset data = VaeDataset.FromArray([10f, 11f, 12f], 1);

        VaeDataset mapped = DatasetMap.Apply(
            data,
            outputWidth,
            (firstRow, input, output) =>
            {
                for (int r = 0; r < input.Length; r++)
                {
                    output[r * outputWidth] = input[r];
                    output[((r + 1) * outputWidth) - 1] = firstRow + r;
                }
            });

        float[] values = mapped.ToArray();
        Assert.AreEqual(rows, mapped.RowCount);
        Assert.AreEqual(outputWidth, mapped.FeatureCount);
        CollectionAssert.AreEqual(new[] { 10f, 11f, 12f }, Enumerable.Range(0, rows).Select(row => values[row * outputWidth]).ToArray());
        CollectionAssert.AreEqual(new[] { 0f, 1f, 2f }, Enumerable.Range(0, rows).Select(row => values[((row + 1) * outputWidth) - 1]).ToArray());
    }
}
