using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class FloatBlocksTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(4096)]
    [DataRow(4097)]
    [DataRow(3_000_001)]
    public void GivesBackEveryValueInOrderAcrossBlocks(int count)
    {
        var blocks = new FloatBlocks();
        for (int i = 0; i < count; i++)
        {
            blocks.Add(i);
        }

        float[] values = blocks.ToArray();

        Assert.AreEqual(count, blocks.Count);
        Assert.HasCount(count, values);
        Assert.AreEqual(-1, Enumerable.Range(0, count).FirstOrDefault(i => values[i] != i, -1), "a value moved or went missing");
    }
}
