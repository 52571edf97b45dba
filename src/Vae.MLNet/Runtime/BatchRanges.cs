using Vae.MLNet.Numerics;

namespace Vae.MLNet.Runtime;

/// <summary>
/// How many rows go to each range when concurrent ONNX Runtime runs share one batch: every range but the last has the
/// same length, a whole number of the matrix-product kernel's row steps, and the length is the one whose last range
/// ends soonest when the runs take the ranges in turn.
/// </summary>
internal static class BatchRanges
{
    // A split batch is cut into up to this many ranges per concurrent run, which the runs take in turn as each finishes
    // its last: the cores of a shared machine are seldom equally free, and with one fixed part each, every batch waited
    // for the slower. On MNIST batches of 1000 this scored about as fast on a quiet machine and 1.5 times as fast under
    // 30 % steal as halves (docs/benchmarks.md).
    private const int RangesPerRun = 8;

    // ONNX Runtime's AVX-512 matrix product computes 12 rows of output a step and finishes any other count with narrower,
    // slower steps: one thread scored MNIST ranges of 60, 72, 84, 96 and 120 rows 2.4-3.2 % faster per row than one row
    // more. Ranges of equal length matter as well: two runs over a batch of 1000 cut into 14 ranges of 72 rows scored
    // about 4 % faster than cut into 16 of 60 or 72 rows (docs/benchmarks.md).
    private const int KernelRows = 12;

    /// <summary>
    /// Rows in each range (the last may have fewer) when <paramref name="runs"/> concurrent runs share a batch of
    /// <paramref name="rows"/>: at least <paramref name="rows"/> means the batch runs whole. A range has at least
    /// <see cref="ThreadWork.MinMultiplyAdds"/> of work (so a small model's batches run whole, as they score fastest)
    /// and at most <paramref name="chunkRows"/> rows; within those bounds the length is a multiple of
    /// <see cref="KernelRows"/> that cuts the batch into <see cref="RangesPerRun"/> ranges per run or one fewer, rounded
    /// up to whole steps, and of those the one whose last range ends soonest, the shortest on a tie. Fewer, longer ranges
    /// could end sooner still on paper, but a batch of 4096 MNIST rows cut into 6 scored slower than cut into 14: the
    /// cores are seldom equally fast.
    /// </summary>
    internal static int RangeRows(int rows, long multiplyAddsPerRow, int runs, int chunkRows)
    {
        long minRows = Math.Clamp(ThreadWork.MinMultiplyAdds / Math.Max(1, multiplyAddsPerRow), 1, chunkRows);
        int parts = runs * RangesPerRun;
        long finest = Math.Clamp((rows + parts - 1L) / parts, minRows, chunkRows);
        if (finest >= rows)
        {
            return (int)finest;
        }

        // Rows too wide for a kernel step per chunk are cut as they come; otherwise no range may pass the chunk's last
        // whole step.
        int step = chunkRows < KernelRows ? 1 : KernelRows;
        long longest = chunkRows / step * step;
        long best = 0;
        long bestEnd = long.MaxValue;
        for (int ranges = parts; ranges >= parts - runs; ranges--)
        {
            long length = Math.Min(RoundUp(Math.Max((rows + ranges - 1L) / ranges, finest), step), longest);
            long end = LastRangeEnd(rows, length, runs);
            if (end < bestEnd || (end == bestEnd && length < best))
            {
                (best, bestEnd) = (length, end);
            }
        }

        return (int)best;
    }

    /// <summary>
    /// When the last of <paramref name="runs"/> equally fast runs finishes, in rows scored, if they take ranges of
    /// <paramref name="length"/> rows of a batch of <paramref name="rows"/> in turn, each the next as it finishes its last.
    /// </summary>
    private static long LastRangeEnd(int rows, long length, int runs)
    {
        long whole = rows / length;
        long rest = rows - (whole * length);
        long fullerRuns = whole % runs;
        long perRun = whole / runs;

        // The short last range goes to a run that took one range fewer, if any did.
        if (rest == 0)
        {
            return (perRun + (fullerRuns > 0 ? 1 : 0)) * length;
        }

        return fullerRuns > 0 ? Math.Max((perRun + 1) * length, (perRun * length) + rest) : (perRun * length) + rest;
    }

    private static long RoundUp(long value, int step) => (value + step - 1) / step * step;
}
