using System.Runtime.Intrinsics;

namespace Vae.MLNet.Numerics;

/// <summary>
/// <see cref="IMatrixMultiplier"/> in managed code on the widest accelerated vectors. C is cut into a fixed set of
/// row or column stripes decided by the shape and thread count alone; any thread may compute any stripe, but each
/// element's sum is formed the same way, so results are bit-identical from run to run. Calls on one instance are
/// serialised; it owns no threads, borrowing thread-pool workers for the duration of a call.
/// </summary>
internal sealed unsafe class ManagedMatrixMultiplier : IMatrixMultiplier
{
    // Below this many multiply-adds (a few microseconds of work) waking a pool thread costs more than it saves.
    private const long MinimumParallelWork = 1L << 17;

    // A constant, so identical in every vector-width instantiation.
    private const int TileRows = BlockedGemm<Vector128Ops, Vector128<float>>.TileRows;

    private readonly delegate*<in GemmProblem, int, int, int, int, GemmPackingBuffers, void> _run;
    private readonly int _tileColumns;
    private readonly GemmPackingBuffers[] _buffers;
    private readonly Helper[] _helpers;
    private readonly ManualResetEventSlim _helpersDone = new(false);
    private readonly Lock _gate = new();

    private GemmProblem _problem;
    private int _parts;
    private bool _splitRows;
    private int _nextPart;
    private int _runningHelpers;

    /// <summary>Creates a multiplier that uses up to <paramref name="threads"/> threads per call.</summary>
    public ManagedMatrixMultiplier(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (Vector512.IsHardwareAccelerated)
        {
            _run = &BlockedGemm<Vector512Ops, Vector512<float>>.Run;
            _tileColumns = BlockedGemm<Vector512Ops, Vector512<float>>.TileColumns;
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            _run = &BlockedGemm<Vector256Ops, Vector256<float>>.Run;
            _tileColumns = BlockedGemm<Vector256Ops, Vector256<float>>.TileColumns;
        }
        else
        {
            _run = &BlockedGemm<Vector128Ops, Vector128<float>>.Run;
            _tileColumns = BlockedGemm<Vector128Ops, Vector128<float>>.TileColumns;
        }

        _buffers = new GemmPackingBuffers[threads];
        for (int i = 0; i < threads; i++)
        {
            _buffers[i] = new GemmPackingBuffers();
        }

        _helpers = new Helper[threads - 1];
        for (int i = 0; i < _helpers.Length; i++)
        {
            _helpers[i] = new Helper(this);
        }
    }

    /// <inheritdoc/>
    public GemmBackend Backend => GemmBackend.Managed;

    /// <inheritdoc/>
    public void Multiply(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc)
    {
        if (!GemmContract.RequiresProduct(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            lock (_gate)
            {
                _problem = new GemmProblem(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                int rowTiles = (m + TileRows - 1) / TileRows;
                int columnTiles = (n + _tileColumns - 1) / _tileColumns;

                // Column stripes pack disjoint parts of B while row stripes each pack all of it, so columns win unless
                // they leave the busiest thread clearly more tiles than rows would.
                int threads = _buffers.Length;
                long busiestByRows = (long)((rowTiles + threads - 1) / threads) * columnTiles;
                long busiestByColumns = (long)rowTiles * ((columnTiles + threads - 1) / threads);
                _splitRows = busiestByColumns * 8 > busiestByRows * 9;
                _parts = (long)m * n * k < MinimumParallelWork
                    ? 1
                    : Math.Min(threads, _splitRows ? rowTiles : columnTiles);
                if (_parts == 1)
                {
                    RunPart(0);
                    return;
                }

                _nextPart = 0;
                _runningHelpers = _parts - 1;
                _helpersDone.Reset();
                for (int i = 0; i < _parts - 1; i++)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_helpers[i], preferLocal: false);
                }

                RunClaimedParts();

                // Helpers that arrive after the caller took every part find nothing to do, but they still read this
                // instance's fields, so the call is only over when all of them have left.
                _helpersDone.Wait();
            }
        }
    }

    private void RunClaimedParts()
    {
        int part;
        while ((part = Interlocked.Increment(ref _nextPart) - 1) < _parts)
        {
            RunPart(part);
        }
    }

    private void RunPart(int part)
    {
        int m = _problem.M;
        int n = _problem.N;
        if (_splitRows)
        {
            (int start, int end) = Stripe(part, m, TileRows);
            _run(in _problem, start, end, 0, n, _buffers[part]);
        }
        else
        {
            (int start, int end) = Stripe(part, n, _tileColumns);
            _run(in _problem, 0, m, start, end, _buffers[part]);
        }
    }

    private (int Start, int End) Stripe(int part, int length, int tile)
    {
        int tiles = (length + tile - 1) / tile;
        int start = part * tiles / _parts * tile;
        int end = Math.Min(length, (part + 1) * tiles / _parts * tile);
        return (start, end);
    }

    private void HelperExit()
    {
        if (Interlocked.Decrement(ref _runningHelpers) == 0)
        {
            _helpersDone.Set();
        }
    }

    private sealed class Helper(ManagedMatrixMultiplier owner) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            owner.RunClaimedParts();
            owner.HelperExit();
        }
    }
}
