using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class EqualPartsTests
{
    [TestMethod]
    public void PartsCoverEveryItemOnce()
    {
        foreach (int length in new[] { 1, 7, 16, 33, 1000, 313600 })
        {
            foreach (int parts in new[] { 1, 2, 3 })
            {
                var covered = new int[length];
                for (int part = 0; part < parts; part++)
                {
                    (int offset, int count) = EqualParts.Of(length, part, parts).GetOffsetAndLength(length);
                    Assert.IsLessThanOrEqualTo((length / parts) + 1, count, $"part {part} of {length} is {count} long");
                    for (int i = offset; i < offset + count; i++)
                    {
                        covered[i]++;
                    }
                }

                Assert.IsTrue(covered.All(c => c == 1), $"{length} elements in {parts} parts");
            }
        }
    }

    [TestMethod]
    public void PartsStartWhereThePreviousEndsAndTheLastEndsAtTheLength()
    {
        Assert.AreEqual(0, EqualParts.Start(7, 0, 3));
        Assert.AreEqual(2, EqualParts.Start(7, 1, 3));
        Assert.AreEqual(4, EqualParts.Start(7, 2, 3));
        Assert.AreEqual(7, EqualParts.Start(7, 3, 3));
        Assert.AreEqual(2..4, EqualParts.Of(7, 1, 3));
        Assert.AreEqual(int.MaxValue, EqualParts.Start(int.MaxValue, 3, 3), "the product is taken in 64 bits");
    }
}
