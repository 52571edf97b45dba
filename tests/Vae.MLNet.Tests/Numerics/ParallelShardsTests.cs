using System.Globalization;
using System.Runtime.CompilerServices;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class ParallelShardsTests
{
    [TestMethod]
    public void RunsEveryShardOncePerCallShardZeroOnTheCallingThread()
    {
        using var shards = new ParallelShards(3);
        for (int call = 0; call < 200; call++)
        {
            int count = 1 + (call % 7);
            var seen = new int[count];
            var threads = new int[count];
            shards.Run(count, shard =>
            {
                Interlocked.Increment(ref seen[shard]);
                threads[shard] = Environment.CurrentManagedThreadId;
            });
            CollectionAssert.AreEqual(Enumerable.Repeat(1, count).ToArray(), seen);
            Assert.AreEqual(Environment.CurrentManagedThreadId, threads[0]);
        }
    }

    /// <summary>Scoring's calls alternate between shard counts, as Decode, Encode and Transform cut rows.</summary>
    [TestMethod]
    public void CallsOfChangingShardCountsRunEachShardOnceAndReturnWithNoneRunning()
    {
        using var shards = new ParallelShards(2);
        int running = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int call = 0; clock.ElapsedMilliseconds < 300; call++)
        {
            int count = 2 + (call % 3);
            var seen = new int[count];
            shards.Run(count, shard =>
            {
                Interlocked.Increment(ref running);
                Interlocked.Increment(ref seen[shard]);
                Thread.SpinWait(shard * 20);
                Interlocked.Decrement(ref running);
            });
            Assert.AreEqual(0, Volatile.Read(ref running), $"call {call} returned while a shard was running");
            CollectionAssert.AreEqual(Enumerable.Repeat(1, count).ToArray(), seen, $"call {call}");
        }
    }

    [TestMethod]
    public void RefusesMoreShardsThanACallCanClaim()
    {
        using var shards = new ParallelShards(2);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => shards.Run(ShardClaims.MaxShards + 1, _ => { }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => shards.Run(0, _ => { }));
    }

    [TestMethod]
    public void ShardsThatMeetRunOnAThreadEach()
    {
        using var shards = new ParallelShards(3);
        Thread[] threads = ThreadsOfEveryShard(shards);
        Assert.AreEqual(3, threads.Distinct().Count());
        Assert.AreEqual(Thread.CurrentThread, threads[0]);
    }

    [TestMethod]
    public void TheCallingThreadRunsTheShardsThatNoOtherThreadIsFreeFor()
    {
        using var shards = new ParallelShards(2);
        using var secondStarted = new ManualResetEventSlim();
        using var thirdDone = new ManualResetEventSlim();
        var threads = new Thread[3];
        bool thirdWaitedFor = false;
        shards.Run(3, shard =>
        {
            threads[shard] = Thread.CurrentThread;
            switch (shard)
            {
                case 0:
                    Assert.IsTrue(secondStarted.Wait(TimeSpan.FromSeconds(10)), "no thread took shard 1 while the caller ran shard 0");
                    break;
                case 1:
                    secondStarted.Set();
                    thirdWaitedFor = thirdDone.Wait(TimeSpan.FromSeconds(10));
                    break;
                default:
                    thirdDone.Set();
                    break;
            }
        });

        Assert.IsTrue(thirdWaitedFor, "no thread ran shard 2 while the only other one was busy with shard 1");
        Assert.AreEqual(Thread.CurrentThread, threads[2]);
        Assert.AreNotEqual(Thread.CurrentThread, threads[1]);
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
    [DataRow(1)]
    [DataRow(2)]
    public void AThreadBlocksAtOnceAfterRequestsThatCameLongAfterTheLast(int callsPerRequest)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The thread's CPU time is read from /proc.");
        }

        // Before, the thread polled 2 ms after every call, however far apart the calls came: 100 calls 5 ms apart cost it
        // up to 200 ms of CPU time for nothing; and later after the second of each pair of calls, such as Encode then
        // Decode for one request. Shard 0 takes a millisecond, so the thread wakes in time to run shard 1.
        using var shards = new ParallelShards(2);
        int caller = Environment.CurrentManagedThreadId;
        string? threadId = null;
        void Call() => shards.Run(shard =>
        {
            if (shard == 0)
            {
                Thread.Sleep(1);
            }
            else if (Environment.CurrentManagedThreadId != caller)
            {
                // The link names the thread as "pid/task/tid".
                threadId ??= Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget);
            }
        });
        for (int call = 0; call < 100 && threadId is null; call++)
        {
            Call();
        }

        Assert.IsNotNull(threadId, "the shard thread never ran shard 1");
        long before = CpuTicks(threadId);
        for (int request = 0; request < 100; request++)
        {
            Thread.Sleep(5);
            for (int call = 0; call < callsPerRequest; call++)
            {
                Call();
            }
        }

        Thread.Sleep(5);
        long ticks = CpuTicks(threadId) - before;

        // Clock ticks are 10 ms: waking for 100 requests takes well under one.
        Assert.IsLessThan(3, ticks, $"the shard thread used {ticks} clock ticks of CPU time over 100 requests of {callsPerRequest} calls 5 ms apart");
    }

    [TestMethod]
    public void ThreadsPollAfterACallOnlyWhenItAndTheCallBeforeItCameClose()
    {
        using var shards = new ParallelShards(2);
        void Call() => shards.Run(_ => { });

        // A pair of calls long after the last, as a request's Encode then Decode: no poll after either.
        Thread.Sleep(5);
        Call();
        bool afterFirst = shards.PollsAfterLastCall;
        Call();
        bool afterSecond = shards.PollsAfterLastCall;

        // Calls back to back, as a training step's meetings: the threads poll once two gaps in a row were short, which a
        // loaded machine may delay by a call or two.
        bool polledInARun = false;
        for (int call = 0; call < 20 && !polledInARun; call++)
        {
            Call();
            polledInARun = shards.PollsAfterLastCall;
        }

        Thread.Sleep(5);
        Call();

        Assert.IsFalse(afterFirst, "after a call long after the last");
        Assert.IsFalse(afterSecond, "after the second of a pair");
        Assert.IsTrue(polledInARun, "calls back to back");
        Assert.IsFalse(shards.PollsAfterLastCall, "after a call long after the last, once more");
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

    /// <summary>The user and system CPU time, in clock ticks, of this process's thread <paramref name="threadId"/> (fields 14 and 15 of its stat, after the name).</summary>
    private static long CpuTicks(string threadId)
    {
        string stat = File.ReadAllText($"/proc/self/task/{threadId}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
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
        return ThreadsOfEveryShard(new ParallelShards(count))[1..];
    }

    /// <summary>The thread of each shard of a call whose shards all wait for each other, so each must have a thread of its own.</summary>
    private static Thread[] ThreadsOfEveryShard(ParallelShards shards)
    {
        var threads = new Thread[shards.Count];
        RunMeetingShards(shards, shard => threads[shard] = Thread.CurrentThread);
        return threads;
    }

    /// <summary>Runs a call whose shards each call <paramref name="record"/> and then wait until every shard has.</summary>
    private static void RunMeetingShards(ParallelShards shards, Action<int> record)
    {
        using var everyShardStarted = new Barrier(shards.Count);
        shards.Run(shard =>
        {
            record(shard);
            Assert.IsTrue(everyShardStarted.SignalAndWait(TimeSpan.FromSeconds(10)), "the shards did not all start at once");
        });
    }

    /// <summary>Owns an instance and hands it work that captures the owner, as a scoring model does.</summary>
    private sealed class ShardsOwner(int count)
    {
        private readonly ParallelShards _shards = new(count);

        public Thread[] Threads { get; } = new Thread[count];

        public void RecordThreads() => RunMeetingShards(_shards, shard => Threads[shard] = Thread.CurrentThread);
    }
}
