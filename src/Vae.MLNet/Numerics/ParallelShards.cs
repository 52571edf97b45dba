using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// Runs a fixed number of shards of work at once and waits for all of them: shard 0 on the calling thread, the others
/// on dedicated background threads. A training step calls it a few times per batch, and a scoring model once per split
/// batch, so the threads poll for a while before they block: waking a blocked thread costs hundreds of microseconds on
/// a virtual machine, more than a small shard's work. Each shard always gets the same index, so work split by shard is
/// deterministic.
/// </summary>
/// <remarks>
/// The threads hold only the <see cref="Crew"/>, never this object, so one a caller forgot to dispose (a scoring model
/// left to the garbage collector, say) becomes unreachable and its finalizer sends the threads home; otherwise every
/// such model would keep a thread per core blocked for the life of the process.
/// </remarks>
internal sealed class ParallelShards : IDisposable
{
    /// <summary>
    /// How long a thread polls for its next shard, and the caller for the threads to finish, before blocking: 2 ms, longer
    /// than the serial part of a training step (about 0.25 ms for MNIST), so both threads stay awake through a whole
    /// epoch, and at most that much CPU time spent after the last call. With only ManualResetEventSlim's own spinning,
    /// which gives up sooner, an MNIST epoch's two threads spent 0.64 s at their meetings beyond their own work, against
    /// 0.30 s polling (one timed run of each).
    /// </summary>
    public static readonly long PollTicks = Stopwatch.Frequency / 500;

    private readonly Crew _crew;

    public ParallelShards(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _crew = new Crew(count);
    }

    // The collector finalizes an instance whose constructor threw too, before its crew existed.
    ~ParallelShards() => _crew?.Release(waitForThreads: false);

    /// <summary>How many shards every call runs.</summary>
    public int Count => _crew.Count;

    /// <summary>Runs <paramref name="work"/>(shard) for every shard and returns when all are done; rethrows the first failure.</summary>
    /// <exception cref="InvalidOperationException">Another call is still running: calls must take turns.</exception>
    public void Run(Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_crew.Released, this);
        _crew.Run(work);

        // Without this the collector may finalize an instance its caller no longer holds while the call is running,
        // releasing threads that were given a shard and leaving the call waiting for them.
        GC.KeepAlive(this);
    }

    public void Dispose()
    {
        _crew.Release(waitForThreads: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The shard threads and everything they share with the calling thread.</summary>
    private sealed class Crew
    {
        private readonly Thread[] _threads;
        private readonly ManualResetEventSlim[] _start;
        private readonly ManualResetEventSlim[] _done;
        private readonly bool _oversubscribed;
        private Action<int>? _work;
        private ExceptionDispatchInfo? _failure;
        private int _running;
        private int _released;

        public Crew(int count)
        {
            Count = count;
            _oversubscribed = count > Environment.ProcessorCount;
            _start = new ManualResetEventSlim[count];
            _done = new ManualResetEventSlim[count];
            _threads = new Thread[count];
            for (int shard = 1; shard < count; shard++)
            {
                _start[shard] = new ManualResetEventSlim(false, spinCount: 0);
                _done[shard] = new ManualResetEventSlim(false, spinCount: 0);
            }

            int started = 1;
            try
            {
                for (; started < count; started++)
                {
                    int index = started;
                    _threads[started] = new Thread(() => Serve(index)) { IsBackground = true, Name = $"Vae.MLNet shard {started}" };
                    _threads[started].Start();
                }
            }
            catch
            {
                // Threads already serving would otherwise wait for work that never comes.
                Volatile.Write(ref _released, 1);
                for (int shard = 1; shard < started; shard++)
                {
                    _start[shard].Set();
                }

                throw;
            }
        }

        public int Count { get; }

        public bool Released => Volatile.Read(ref _released) != 0;

        public void Run(Action<int> work)
        {
            // A call that overlapped another would hand its work and its events to threads still serving the first;
            // refusing it turns a caller's missing lock into an exception instead of shards run twice or a wait that
            // never ends.
            if (Interlocked.Exchange(ref _running, 1) != 0)
            {
                throw new InvalidOperationException("ParallelShards.Run was called while another call was still running; calls must take turns.");
            }

            try
            {
                RunEveryShard(work);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }

        /// <summary>
        /// Tells every thread to finish. Only <see cref="Dispose"/> waits for them and frees the events: a finalizer must
        /// not block, and its threads may still be reading the events when it returns.
        /// </summary>
        public void Release(bool waitForThreads)
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            for (int shard = 1; shard < Count; shard++)
            {
                _start[shard].Set();
                if (waitForThreads)
                {
                    _threads[shard].Join();
                    _start[shard].Dispose();
                    _done[shard].Dispose();
                }
            }
        }

        private void RunEveryShard(Action<int> work)
        {
            if (Count == 1)
            {
                work(0);
                return;
            }

            _work = work;
            _failure = null;
            for (int shard = 1; shard < Count; shard++)
            {
                _done[shard].Reset();
                _start[shard].Set();
            }

            try
            {
                work(0);
            }
            finally
            {
                for (int shard = 1; shard < Count; shard++)
                {
                    WaitPolling(_done[shard]);
                }

                _work = null;
            }

            _failure?.Throw();
        }

        /// <summary>
        /// Polls <paramref name="signal"/> for up to <see cref="PollTicks"/>, then waits for it, blocking if need be. With
        /// more threads than processors, a poller yields its processor while it polls: spinning would keep the thread that
        /// is to set the signal from running, and a run of three shards on two processors took milliseconds.
        /// </summary>
        private void WaitPolling(ManualResetEventSlim signal)
        {
            long start = Stopwatch.GetTimestamp();
            while (!signal.IsSet && Stopwatch.GetTimestamp() - start < PollTicks)
            {
                if (_oversubscribed)
                {
                    Thread.Yield();
                }
                else
                {
                    // A pause-based spin: it leaves the core's other hyperthread, often the one about to set the signal,
                    // nearly all of the core.
                    Thread.SpinWait(8);
                }
            }

            signal.Wait();
        }

        private void Serve(int shard)
        {
            while (true)
            {
                WaitPolling(_start[shard]);
                _start[shard].Reset();
                if (Released)
                {
                    return;
                }

                RunShard(shard);
            }
        }

        /// <summary>
        /// Runs one shard of the current work, out of <see cref="Serve"/>'s never-ending frame: unoptimized code keeps a
        /// frame's locals alive, and a delegate held there would root its target, typically the scoring model owning
        /// the instance this crew serves, which then could never be collected and finalized.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void RunShard(int shard)
        {
            try
            {
                _work!(shard);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }
            finally
            {
                _done[shard].Set();
            }
        }
    }
}
