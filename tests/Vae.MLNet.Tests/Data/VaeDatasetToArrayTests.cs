using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class VaeDatasetToArrayTests
{
    [TestMethod]
    [DataRow(100_000, 100_000, "more than one array holds")]
    [DataRow(-1, 3, "neither can be negative")]
    public void CountsNoArrayCanHoldAreRefusedBeforeAnyRowIsRead(int rows, int features, string problem)
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new UnreadRows(rows, features).ToArray());

        Assert.Contains(problem, error.Message);
    }

    [TestMethod]
    public void RowsAreCopiedInOrder()
    {
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, VaeDataset.FromArray([1, 2, 3, 4, 5, 6], 2).ToArray());
    }
}
