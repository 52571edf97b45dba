using Vae.MLNet.Numerics;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Scoring;

[TestClass]
public sealed class WeightPartScoringTests
{
    private const int Parts = 3;

    /// <summary>
    /// A rest reads every part's columns of the hidden layer, so none may run after a part failed to write its own, and
    /// the rests waiting for the parts must not wait for the failed one forever.
    /// </summary>
    [TestMethod]
    public void AFirstLayerPartThatFailsStopsEveryRestAndTheCallThrowsItsException()
    {
        // Not disposed when a call hangs, as disposing waits for the shard threads, which would then hang the test run.
        var runners = new ParallelShards(2);
        Task calls = Task.Run(() =>
        {
            for (int call = 0; call < 300; call++)
            {
                int failing = call % Parts;
                int restsRun = 0;
                var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => WeightPartScoring.RunFirstLayerThen(
                    runners,
                    Parts,
                    partsThatGoOn: Parts,
                    part => Fail(part, failing),
                    _ => Interlocked.Increment(ref restsRun)));
                Assert.AreEqual($"part {failing} failed", thrown.Message);
                Assert.AreEqual(0, Volatile.Read(ref restsRun), $"call {call}: rests ran after part {failing} failed");
            }

            var restsAfter = new int[Parts];
            WeightPartScoring.RunFirstLayerThen(runners, Parts, partsThatGoOn: Parts, _ => { }, part => Interlocked.Increment(ref restsAfter[part]));
            CollectionAssert.AreEqual(new[] { 1, 1, 1 }, restsAfter, "a call after the failures ran its rests");
        });
        Assert.IsTrue(calls.Wait(TimeSpan.FromSeconds(30)), "a call whose part failed did not return");
        runners.Dispose();
    }

    private static void Fail(int part, int failing)
    {
        if (part == failing)
        {
            throw new InvalidOperationException($"part {part} failed");
        }
    }
}
