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
}
