using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// Runs shards of work at once on the calling thread and dedicated background threads, and waits for all of them. The
/// caller runs shard 0; the others are claimed in order by whichever thread is free first, the caller included once it
/// is done with its own, so a call never waits for a thread that has not started: beside another busy process on two
/// cores, where a thread may wait milliseconds for a core, single rows cut in two scored a fifth or less of their rate
/// while each call waited for every thread. A training step calls it a few times per batch, and a scoring model once
/// per split batch, so the threads poll for a while before they block when calls come close together: waking a blocked
/// thread costs hundreds of microseconds on a virtual machine, more than a small shard's work. Work split by shard index is deterministic,
/// whichever thread runs a shard.
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
    /// 0.30 s polling (one timed run of each). The threads poll after a call only when it and the call before it each came
    /// within this time of the one before, and otherwise block at once: polling would seldom have caught the next.
    /// </summary>
    public static readonly long PollTicks = Stopwatch.Frequency / 500;

    /// <summary>
    /// How many steps of polling, some 26 µs, a poller takes between yields of its processor (0.4 µs each when nothing
    /// else wants it). Beside another busy process on two cores, single rows cut in two scored 15 thousand a second
    /// with pollers that only spun, against 25–26 thousand yielding every 16, 64 or 256 steps, and 30 thousand scored
    /// whole; on an idle machine the four scored alike.
    /// </summary>
    private const int PollsPerYield = 64;

    private readonly Crew _crew;

    public ParallelShards(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _crew = new Crew(count);
    }

    // The collector finalizes an instance whose constructor threw too, before its crew existed.
    ~ParallelShards() => _crew?.Release(waitForThreads: false);

    /// <summary>How many threads run shards, the calling thread included: the shards <see cref="Run(Action{int})"/> runs.</summary>
    public int Count => _crew.Count;

    /// <summary>Whether the threads poll for the next call after the last, rather than block at once (see <see cref="PollTicks"/>).</summary>
    internal bool PollsAfterLastCall => _crew.PollsAfterLastCall;

    /// <summary>Runs <paramref name="work"/>(shard) for each of <see cref="Count"/> shards; see <see cref="Run(int, Action{int})"/>.</summary>
    /// <exception cref="InvalidOperationException">Another call is still running: calls must take turns.</exception>
    public void Run(Action<int> work) => Run(Count, work);

    /// <summary>
    /// Runs <paramref name="work"/>(shard) for every shard in [0, <paramref name="shards"/>), each once, and returns when
    /// all are done; rethrows the first failure. Shards are claimed in order, so a shard may wait for one of a lower index
    /// to finish: that one is already running.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another call is still running: calls must take turns.</exception>
    public void Run(int shards, Action<int> work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shards, ShardClaims.MaxShards);
        ObjectDisposedException.ThrowIf(_crew.Released, this);
        _crew.Run(shards, work);

        // Without this the collector may finalize an instance its caller no longer holds while the call is running, and
        // send home the threads that were to share its shards.
        GC.KeepAlive(this);
    }

    public void Dispose()
    {
        _crew.Release(waitForThreads: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The shard threads and everything they share with the calling thread: the current call's work, and its claims
    /// (<see cref="ShardClaims"/>). A call allocates nothing: a training step makes two or three a batch.
    /// </summary>
    private sealed class Crew
    {
        private readonly Thread[] _threads;
        private readonly ManualResetEventSlim[] _start;
        private readonly ManualResetEventSlim _lastShardDone = new(false, spinCount: 0);
        private readonly bool _oversubscribed;
        private Action<int>? _work;
        private int _finished;
        private ExceptionDispatchInfo? _failure;
        private long _claims;
        private int _running;
        private int _released;

        // When the last call ended (Stopwatch ticks; 0 before the first), and how long the threads poll after the current
        // one: see Run.
        private long _lastCallEnded;
        private bool _lastCallCameClose;
        private long _threadsPollTicks;

        public Crew(int count)
        {
            Count = count;
            _oversubscribed = count > Environment.ProcessorCount;
            _start = new ManualResetEventSlim[count];
            _threads = new Thread[count];
            for (int thread = 1; thread < count; thread++)
            {
                _start[thread] = new ManualResetEventSlim(false, spinCount: 0);
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
                for (int thread = 1; thread < started; thread++)
                {
                    _start[thread].Set();
                }

                throw;
            }
        }

        public int Count { get; }

        public bool Released => Volatile.Read(ref _released) != 0;

        public bool PollsAfterLastCall => Volatile.Read(ref _threadsPollTicks) > 0;

        public void Run(int shards, Action<int> work)
        {
            // A call that overlapped another would replace the call the threads are claiming shards of; refusing it turns
            // a caller's missing lock into an exception instead of shards lost or a wait that never ends.
            if (Interlocked.Exchange(ref _running, 1) != 0)
            {
                throw new InvalidOperationException("ParallelShards.Run was called while another call was still running; calls must take turns.");
            }

            // The threads poll after this call only when it and the call before it each came within their polling time
            // of the one before, as a training step's meetings and back-to-back scoring calls do. A scoring model called
            // every 5 ms otherwise had its thread poll 2 ms after each call, for nothing, and used six times the CPU its
            // calls needed; with one close call enough, it still polled after each request that made two calls together,
            // such as Encode then Decode.
            bool cameClose = Stopwatch.GetTimestamp() - _lastCallEnded <= PollTicks;
            Volatile.Write(ref _threadsPollTicks, cameClose && _lastCallCameClose ? PollTicks : 0);
            _lastCallCameClose = cameClose;
            try
            {
                RunEveryShard(shards, work);
            }
            finally
            {
                _lastCallEnded = Stopwatch.GetTimestamp();
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

            for (int thread = 1; thread < Count; thread++)
            {
                _start[thread].Set();
                if (waitForThreads)
                {
                    _threads[thread].Join();
                    _start[thread].Dispose();
                }
            }

            if (waitForThreads)
            {
                _lastShardDone.Dispose();
            }
        }

        private void RunEveryShard(int shards, Action<int> work)
        {
            _work = work;
            _finished = 0;
            _failure = null;
            int call = unchecked(ShardClaims.CallOf(Volatile.Read(ref _claims)) + 1);
            Volatile.Write(ref _claims, ShardClaims.Open(call, shards));
            for (int thread = 1; thread < Math.Min(Count, shards); thread++)
            {
                _start[thread].Set();
            }

            try
            {
                if (!RunFrom(call, shards, 0))
                {
                    WaitUntilFinished(shards);
                }
            }
            finally
            {
                // Every shard is claimed by now, so a thread that starts after this finds nothing to do. The work is not
                // kept: it may hold the owner of this instance, which must stay collectable.
                _work = null;
            }

            _failure?.Throw();
        }

        /// <summary>
        /// Runs <paramref name="shard"/> of call <paramref name="call"/>, of <paramref name="shards"/> shards, which this
        /// thread claimed, then shards it claims until none is left; true when this thread finished the call's last
        /// shard. A shard that throws still counts as finished, and the caller rethrows the first exception once every
        /// shard has: thrown on a shard thread it would end the process, and a caller that left at once would unpin the
        /// spans that shards still running write to.
        /// </summary>
        private bool RunFrom(int call, int shards, int shard)
        {
            // Read once a shard is claimed: the call cannot end, nor another begin, before this thread's shards are counted.
            Action<int>? work = Volatile.Read(ref _work);
            int ran = 0;
            for (; shard >= 0; shard = ShardClaims.Claim(ref _claims, call))
            {
                try
                {
                    work!(shard);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
                }

                ran++;
            }

            return ran > 0 && Interlocked.Add(ref _finished, ran) == shards;
        }

        /// <summary>
        /// Polls for the call's shards to finish for up to <see cref="PollTicks"/>, then waits for the thread that finishes
        /// the last to say so, blocking if need be. The signal may be left over from a thread that finished an earlier
        /// call's last shard just as its caller saw the call done, so it is cleared before the call is looked at again.
        /// </summary>
        private void WaitUntilFinished(int shards)
        {
            long start = Stopwatch.GetTimestamp();
            int polls = 0;
            while (Volatile.Read(ref _finished) < shards)
            {
                if (Stopwatch.GetTimestamp() - start < PollTicks)
                {
                    Pause(ref polls);
                    continue;
                }

                _lastShardDone.Reset();
                if (Volatile.Read(ref _finished) < shards)
                {
                    _lastShardDone.Wait();
                }
            }
        }

        /// <summary>Polls <paramref name="signal"/> for up to <paramref name="pollTicks"/>, then waits for it, blocking if need be.</summary>
        private void WaitPolling(ManualResetEventSlim signal, long pollTicks)
        {
            long start = Stopwatch.GetTimestamp();
            int polls = 0;
            while (!signal.IsSet && Stopwatch.GetTimestamp() - start < pollTicks)
            {
                Pause(ref polls);
            }

            signal.Wait();
        }

        /// <summary>
        /// One step of polling, <paramref name="polls"/> counting them. With more threads than processors a poller yields
        /// its processor at every step: spinning would keep the thread it waits for from running, and a run of three shards
        /// on two processors took milliseconds. Otherwise it yields every <see cref="PollsPerYield"/> steps, which lets
        /// another process's thread run in its place when the cores are all busy.
        /// </summary>
        private void Pause(ref int polls)
        {
            if (_oversubscribed || ++polls % PollsPerYield == 0)
            {
                Thread.Yield();
            }
            else
            {
                // A pause-based spin: it leaves the core's other hyperthread, often the one the poller waits for, nearly
                // all of the core.
                Thread.SpinWait(8);
            }
        }

        private void Serve(int thread)
        {
            while (true)
            {
                WaitPolling(_start[thread], Volatile.Read(ref _threadsPollTicks));
                _start[thread].Reset();
                if (Released)
                {
                    return;
                }

                HelpWithTheCall();
            }
        }

        /// <summary>
        /// Runs shards of the current call, if any are left to claim, out of <see cref="Serve"/>'s never-ending frame:
        /// unoptimized code keeps a frame's locals alive, and work held there would root its target, typically the
        /// scoring model owning the instance this crew serves, which then could never be collected and finalized.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void HelpWithTheCall()
        {
            // A claim of the call read here proves the word still holds that call, and so its shard count.
            long claims = Volatile.Read(ref _claims);
            int call = ShardClaims.CallOf(claims);
            if (ShardClaims.Claim(ref _claims, call) is var shard and >= 0 && RunFrom(call, ShardClaims.ShardsOf(claims), shard))
            {
                _lastShardDone.Set();
            }
        }
    }
}
