using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class VaeDatasetChunkTests
{
    [TestMethod]
    [DataRow(784, 1024)]
    [DataRow(0, 1024)]
    [DataRow(2_097_151, 1024)]
    [DataRow(2_097_152, 512)]
    [DataRow(2_100_000, 512)]
    [DataRow(int.MaxValue, 1)]
    public void RowsTooWideForAThousandInOneArrayAreReadInChunksOfAPowerOfTwoThatFits(int features, int rows)
    {
        // A chunk of 1024 rows of 2 100 000 features passed int's range; powers of two still tile DatasetMap's blocks.
        Assert.AreEqual(rows, VaeDataset.ChunkRowsOf(features));
    }

    [TestMethod]
    public void ChunksAreCutShortWhereTheirRowsOfOutputsWouldNotFitInOneArray()
    {
        VaeDataset data = VaeDataset.FromArray([.. Enumerable.Range(0, 600).Select(i => (float)i)], 1);

        CollectionAssert.AreEqual(new[] { (0, 600) }, Chunks(data, outputWidth: 2_097_151));
        CollectionAssert.AreEqual(new[] { (0, 512), (512, 88) }, Chunks(data, outputWidth: 2_100_000));
        CollectionAssert.AreEqual(new[] { (0, 600) }, Chunks(data, outputWidth: 0));
    }

    private static List<(int Start, int Rows)> Chunks(VaeDataset data, int outputWidth)
    {
        var chunks = new List<(int Start, int Rows)>();
        data.ForEachChunk(data.RowCount, data.FeatureCount, (start, chunk) => chunks.Add((start, chunk.Length)), outputWidth);
        return chunks;
    }
}
