using System.Runtime.CompilerServices;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class ParallelShardsTests
{
    [TestMethod]
    public void RunsEveryShardOncePerCallOnDistinctThreads()
    {
        using var shards = new ParallelShards(3);
        for (int call = 0; call < 200; call++)
        {
            var seen = new int[3];
            var threads = new int[3];
            shards.Run(shard =>
            {
                Interlocked.Increment(ref seen[shard]);
                threads[shard] = Environment.CurrentManagedThreadId;
            });
            CollectionAssert.AreEqual(new[] { 1, 1, 1 }, seen);
            Assert.AreEqual(3, threads.Distinct().Count());
            Assert.AreEqual(Environment.CurrentManagedThreadId, threads[0]);
        }
    }

    [TestMethod]
    public void RethrowsAWorkerFailureAfterEveryShardFinished()
    {
        using var shards = new ParallelShards(2);
        int finished = 0;
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => shards.Run(shard =>
        {
            if (shard == 1)
            {
                throw new InvalidOperationException("shard 1 failed");
            }

            Thread.Sleep(20);
            Interlocked.Increment(ref finished);
        }));
        Assert.AreEqual("shard 1 failed", error.Message);
        Assert.AreEqual(1, finished);
        shards.Run(_ => Interlocked.Increment(ref finished));
        Assert.AreEqual(3, finished, "the shards keep working after a failure");
    }

    [TestMethod]
    public void RefusesACallThatOverlapsAnotherAndServesTheNext()
    {
        using var shards = new ParallelShards(2);
        int ran = 0;
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => shards.Run(shard =>
        {
            if (shard == 0)
            {
                shards.Run(_ => Interlocked.Increment(ref ran));
            }
        }));
        StringAssert.Contains(error.Message, "take turns");
        Assert.AreEqual(0, ran, "the overlapping call ran no shard");

        shards.Run(_ => Interlocked.Increment(ref ran));
        Assert.AreEqual(2, ran, "the next call runs every shard");
    }

    [TestMethod]
    public void RefusesWorkAfterDispose()
    {
        var shards = new ParallelShards(2);
        shards.Dispose();
        shards.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => shards.Run(_ => { }));
    }

    [TestMethod]
    public void ThreadsOfAnInstanceNobodyDisposedEndOnceItIsCollected()
    {
        Thread[] threads = ThreadsOfAnAbandonedInstance(3);

        GC.Collect();
        GC.WaitForPendingFinalizers();

        foreach (Thread thread in threads)
        {
            Assert.IsTrue(thread.Join(TimeSpan.FromSeconds(10)), $"{thread.Name} still runs after its instance was finalized");
        }
    }

    /// <summary>A scoring model's work captures the model, which owns the instance: the threads must not keep it alive.</summary>
    [TestMethod]
    public void AnOwnerNobodyDisposedIsCollectedAfterItsWorkCapturedIt()
    {
        (WeakReference owner, Thread[] threads) = AbandonedOwner(3);

        for (int attempt = 0; attempt < 3 && owner.IsAlive; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.IsFalse(owner.IsAlive, "the shard threads keep the owner of the instance reachable");
        foreach (Thread thread in threads)
        {
            Assert.IsTrue(thread.Join(TimeSpan.FromSeconds(10)), $"{thread.Name} still runs after its instance was finalized");
        }
    }

    [TestMethod]
    public void AnInstanceWhoseConstructorThrewIsFinalizedWithoutFailing()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ParallelShards(0));

        // A finalizer that failed would end the test process here.
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Owner, Thread[] Threads) AbandonedOwner(int count)
    {
        var owner = new ShardsOwner(count);
        owner.RecordThreads();
        return (new WeakReference(owner), owner.Threads[1..]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Thread[] ThreadsOfAnAbandonedInstance(int count)
    {
        var shards = new ParallelShards(count);
        var threads = new Thread[count];
        shards.Run(shard => threads[shard] = Thread.CurrentThread);
        return threads[1..];
    }

    /// <summary>Owns an instance and hands it work that captures the owner, as a scoring model does.</summary>
    private sealed class ShardsOwner(int count)
    {
        private readonly ParallelShards _shards = new(count);

        public Thread[] Threads { get; } = new Thread[count];

        public void RecordThreads() => _shards.Run(shard => Threads[shard] = Thread.CurrentThread);
    }
}
