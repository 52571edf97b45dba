using System.Runtime.ExceptionServices;
using System.Runtime.Intrinsics;

namespace Vae.MLNet.Numerics;

/// <summary>
/// <see cref="IMatrixMultiplier"/> in managed code on the widest accelerated vectors. C is cut into a fixed set of
/// row or column stripes decided by the shape and thread count alone; any thread may compute any stripe, but each
/// element's sum is formed the same way, so results are bit-identical from run to run. Calls on one instance are
/// serialised; it owns no threads, borrowing the thread-pool workers that start while a call still has parts left.
/// </summary>
internal sealed unsafe class ManagedMatrixMultiplier : IMatrixMultiplier
{
    // A constant, so identical in every vector-width instantiation.
    private const int TileRows = BlockedGemm<Vector128Ops, Vector128<float>>.TileRows;

    private readonly delegate*<in GemmProblem, int, int, int, int, GemmPackingBuffers, void> _run;
    private readonly int _tileColumns;
    private readonly GemmPackingBuffers[] _buffers;
    private readonly ManualResetEventSlim _lastPartDone = new(false);
    private readonly Lock _gate = new();

    /// <summary>Creates a multiplier that uses up to <paramref name="threads"/> threads per call, on the widest accelerated vectors.</summary>
    public ManagedMatrixMultiplier(int threads)
        : this(threads, Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128)
    {
    }

    /// <summary>
    /// Creates a multiplier on vectors of <paramref name="vectorBits"/> bits, 128, 256 or 512, which run (emulated, where
    /// the hardware lacks them) on any machine: so every kernel can be tested on the one that has the widest.
    /// </summary>
    internal ManagedMatrixMultiplier(int threads, int vectorBits)
        : this(threads, vectorBits, KernelOf(vectorBits, out _))
    {
    }

    /// <summary>
    /// Creates a multiplier whose parts each call <paramref name="run"/> for their stripe of C, with the tiles of the
    /// kernel on vectors of <paramref name="vectorBits"/> bits: a kernel of the caller's, so that tests can make one part fail.
    /// </summary>
    internal ManagedMatrixMultiplier(int threads, int vectorBits, delegate*<in GemmProblem, int, int, int, int, GemmPackingBuffers, void> run)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        KernelOf(vectorBits, out _tileColumns);
        _run = run;
        Kernel = HardwareMultiplyAdd.IsFused ? $"Vector{vectorBits}" : $"Vector{vectorBits}NoFma";
        _buffers = new GemmPackingBuffers[threads];
        for (int i = 0; i < threads; i++)
        {
            _buffers[i] = new GemmPackingBuffers();
        }
    }

    private static delegate*<in GemmProblem, int, int, int, int, GemmPackingBuffers, void> KernelOf(int vectorBits, out int tileColumns)
    {
        switch (vectorBits)
        {
            case 512:
                tileColumns = BlockedGemm<Vector512Ops, Vector512<float>>.TileColumns;
                return &BlockedGemm<Vector512Ops, Vector512<float>>.Run;
            case 256:
                tileColumns = BlockedGemm<Vector256Ops, Vector256<float>>.TileColumns;
                return &BlockedGemm<Vector256Ops, Vector256<float>>.Run;
            case 128:
                tileColumns = BlockedGemm<Vector128Ops, Vector128<float>>.TileColumns;
                return &BlockedGemm<Vector128Ops, Vector128<float>>.Run;
            default:
                throw new ArgumentOutOfRangeException(nameof(vectorBits), vectorBits, "The managed kernels work on vectors of 128, 256 or 512 bits.");
        }
    }

    /// <inheritdoc/>
    public GemmBackend Backend => GemmBackend.Managed;

    /// <summary>
    /// The vectors the kernel sums on, <c>Vector512</c>, <c>Vector256</c> or <c>Vector128</c>, followed by <c>NoFma</c>
    /// where the CPU has no fused multiply-add and each product is rounded before it is added (<see cref="HardwareMultiplyAdd"/>).
    /// </summary>
    public string Kernel { get; }

    /// <inheritdoc/>
    public void Multiply(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        bool accumulate,
        Span<float> c,
        int ldc)
    {
        if (!GemmContract.RequiresProduct(transposeA, transposeB, m, n, k, a, lda, b, ldb, accumulate, c, ldc))
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            lock (_gate)
            {
                var problem = new GemmProblem(transposeA, transposeB, m, n, k, pa, lda, pb, ldb, accumulate, pc, ldc);
                int rowTiles = (m + TileRows - 1) / TileRows;
                int columnTiles = (n + _tileColumns - 1) / _tileColumns;

                // Column stripes pack disjoint parts of B while row stripes each pack all of it, so columns win unless
                // they leave the busiest thread clearly more tiles than rows would.
                int threads = _buffers.Length;
                long busiestByRows = (long)((rowTiles + threads - 1) / threads) * columnTiles;
                long busiestByColumns = (long)rowTiles * ((columnTiles + threads - 1) / threads);
                bool splitRows = busiestByColumns * 8 > busiestByRows * 9;
                int parts = (long)m * n * k < GemmContract.MinimumParallelWork
                    ? 1
                    : Math.Min(threads, splitRows ? rowTiles : columnTiles);
                if (parts == 1)
                {
                    RunPart(in problem, splitRows, parts, 0);
                    return;
                }

                var call = new SplitCall(this, problem, splitRows, parts);
                _lastPartDone.Reset();
                for (int i = 0; i < parts - 1; i++)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(call, preferLocal: false);
                }

                // Only parts a helper has claimed are waited for: when the pool is busy (say, with threads blocked on
                // this lock) the caller runs every part itself instead of waiting for a helper to be scheduled.
                if (!call.RunClaimedParts())
                {
                    _lastPartDone.Wait();
                }

                call.ThrowIfAPartFailed();
            }
        }
    }

    private void RunPart(in GemmProblem problem, bool splitRows, int parts, int part)
    {
        if (splitRows)
        {
            (int start, int end) = Stripe(part, parts, problem.M, TileRows);
            _run(in problem, start, end, 0, problem.N, _buffers[part]);
        }
        else
        {
            (int start, int end) = Stripe(part, parts, problem.N, _tileColumns);
            _run(in problem, 0, problem.M, start, end, _buffers[part]);
        }
    }

    private static (int Start, int End) Stripe(int part, int parts, int length, int tile)
    {
        int tiles = (length + tile - 1) / tile;
        int start = EqualParts.Start(tiles, part, parts) * tile;
        int end = Math.Min(length, EqualParts.Start(tiles, part + 1, parts) * tile);
        return (start, end);
    }

    /// <summary>
    /// One product split into parts, which the caller and the helpers queued for it claim one at a time. A helper that
    /// starts after every part was claimed leaves at once, touching nothing of the call, so the call need not wait for it.
    /// A part that throws (running out of memory for its packing buffers) still counts as finished, and the caller
    /// rethrows its exception once every part has: thrown on a pool thread it would end the process, and a caller that
    /// left at once would unpin the spans that parts still running write to.
    /// </summary>
    private sealed class SplitCall(ManagedMatrixMultiplier owner, GemmProblem problem, bool splitRows, int parts) : IThreadPoolWorkItem
    {
        private readonly GemmProblem _problem = problem;
        private int _nextPart;
        private int _finishedParts;
        private ExceptionDispatchInfo? _firstFailure;

        public void Execute()
        {
            if (RunClaimedParts())
            {
                owner._lastPartDone.Set();
            }
        }

        /// <summary>Runs parts until none is left to claim; true when this thread finished the call's last part.</summary>
        public bool RunClaimedParts()
        {
            int ran = 0;
            int part;
            while ((part = Interlocked.Increment(ref _nextPart) - 1) < parts)
            {
                try
                {
                    owner.RunPart(in _problem, splitRows, parts, part);
                }
                catch (Exception failure)
                {
                    Interlocked.CompareExchange(ref _firstFailure, ExceptionDispatchInfo.Capture(failure), null);
                }

                ran++;
            }

            return ran > 0 && Interlocked.Add(ref _finishedParts, ran) == parts;
        }

        /// <summary>Rethrows the first exception a part threw; called once every part has finished.</summary>
        public void ThrowIfAPartFailed() => _firstFailure?.Throw();
    }
}
