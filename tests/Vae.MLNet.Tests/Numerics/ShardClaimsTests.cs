using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class ShardClaimsTests
{
    [TestMethod]
    public void ACallsShardsAfterTheCallersAreClaimedOnceEachInOrder()
    {
        long claims = ShardClaims.Open(call: 5, shards: 4);
        int[] claimed = [.. Enumerable.Range(0, 5).Select(_ => ShardClaims.Claim(ref claims, 5))];
        CollectionAssert.AreEqual(new[] { 1, 2, 3, -1, -1 }, claimed);
        Assert.AreEqual(5, ShardClaims.CallOf(claims));
        Assert.AreEqual(4, ShardClaims.ShardsOf(claims), "claiming changed the call's shard count");
    }

    [TestMethod]
    public void AThreadHoldingASpentCallsNumberClaimsNothingOfTheNextCallHoweverManyShardsItHas()
    {
        long claims = ShardClaims.Open(call: 7, shards: 2);
        Assert.AreEqual(1, ShardClaims.Claim(ref claims, 7));
        Assert.AreEqual(-1, ShardClaims.Claim(ref claims, 7), "call 7 is spent");

        claims = ShardClaims.Open(call: 8, shards: 5);
        Assert.AreEqual(-1, ShardClaims.Claim(ref claims, 7), "a late thread of call 7 claimed a shard of call 8");
        Assert.AreEqual(1, ShardClaims.Claim(ref claims, 8));
    }

    [TestMethod]
    public void CallNumbersWrapAroundAndTheMostShardsAreAllClaimed()
    {
        int call = unchecked(int.MaxValue + 1);
        long claims = ShardClaims.Open(call, ShardClaims.MaxShards);
        Assert.AreEqual(int.MinValue, ShardClaims.CallOf(claims));
        int last = 0;
        for (int shard; (shard = ShardClaims.Claim(ref claims, call)) >= 0;)
        {
            Assert.AreEqual(last + 1, shard);
            last = shard;
        }

        Assert.AreEqual(ShardClaims.MaxShards - 1, last);
        Assert.AreEqual(int.MinValue, ShardClaims.CallOf(claims), "claiming the last shard changed the call's number");
        Assert.AreEqual(unchecked(int.MinValue + 1), ShardClaims.CallOf(ShardClaims.Open(unchecked(call + 1), 1)));
    }
}
