using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Vae.MLNet.Numerics;

/// <summary>
/// Cache-blocked single-precision GEMM on one rectangle of C, specialised per vector width. The loop nest keeps a
/// k-block of packed B in L2, a sliver of it in L1, and streams rows of A, read in place, past it into a
/// <see cref="TileRows"/> × <see cref="IFloatVectorOps{TVector}.TileVectors"/> register tile; columns past the last
/// full tile go through a one-vector-wide tile, so a remainder narrower than a tile costs only its own arithmetic. Each
/// element of C is always summed in the same order (k-blocks ascending, steps ascending within one), whatever
/// rectangle or tile it is computed in, so results do not depend on how C is partitioned between threads. Steps at
/// which all of a tile's rows of A are zero are skipped, a tile zero over a whole k-block costs nothing, and B's block
/// is not even packed when all of A's rows are: image pixels are mostly background (four in five of MNIST's), so the
/// products that take them do less than half their arithmetic. Skipping is exact where B is finite, but for the sign
/// of a zero: a sum that starts at +0 holds −0 only where a fused product below about 7e-46 rounded to it, and adding
/// the skipped +0·b would have turned that to +0 (or, for a negative b, left it). Whether steps are listed depends on
/// how wide the columns a thread is given are, so such a zero's sign can depend on the thread count; the two compare
/// equal, and no value a VAE computes comes near.
/// </summary>
/// <typeparam name="TOps">The vector operations.</typeparam>
/// <typeparam name="TVector">The vector type they work on.</typeparam>
internal static unsafe class BlockedGemm<TOps, TVector>
    where TOps : IFloatVectorOps<TVector>
    where TVector : unmanaged
{
    /// <summary>Rows of C per register tile; 6 rows leave room for the operands beside the accumulators.</summary>
    public const int TileRows = 6;

    // Rows of A streamed past one B sliver before moving to the next: 120 rows of a k-block stay well inside L2.
    private const int RowBlock = 20 * TileRows;

    /// <summary>Columns of C per full register tile.</summary>
    public static int TileColumns => TOps.TileVectors * TOps.Count;

    // Depth of one packed block: a B sliver of at most 32 KiB, about what L1 holds beside the rows of A.
    private static int DepthBlock => Math.Min(256, 8192 / TileColumns);

    /// <summary>
    /// Computes rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) × columns [<paramref name="columnStart"/>,
    /// <paramref name="columnEnd"/>) of C. Starts must be multiples of the tile size so every element lands in the same
    /// tile position, and hence gets the same rounding, however C is split.
    /// </summary>
    public static void Run(in GemmProblem g, int rowStart, int rowEnd, int columnStart, int columnEnd, GemmPackingBuffers buffers)
    {
        int tileColumns = TileColumns;
        int columns = columnEnd - columnStart;
        int fullColumns = columns / tileColumns * tileColumns;
        int depthBlocks = (g.K + DepthBlock - 1) / DepthBlock;
        int maxDepth = (g.K + depthBlocks - 1) / depthBlocks;
        float* packedB = buffers.PackedB(RoundUp(columns, TOps.Count) * maxDepth);
        float* packedEdgeA = buffers.PackedA(TileRows * maxDepth);
        float* edgeTile = stackalloc float[TileRows * tileColumns];
        int fullRowsEnd = rowStart + ((rowEnd - rowStart) / TileRows * TileRows);
        int tiles = (rowEnd - rowStart + TileRows - 1) / TileRows;
        int* liveCounts = buffers.LiveStepCounts(tiles);

        // A tile's list of live steps is found once per k-block and walked once per column sliver: with fewer than two
        // slivers to share it, or too few zeros in A to skip many steps, finding it would cost about what it saves.
        int* liveSteps = columns >= 2 * tileColumns && IsMostlyZero(in g, rowStart, rowEnd) ? buffers.LiveSteps(tiles * maxDepth) : null;

        // A packed sliver pays for its copy by being read once per tile of rows; with one tile it would be read once,
        // so row-major B is read in place instead, but for a last partial vector, which is packed so the kernel reads
        // only inside B. The kernel does the same multiply-adds in the same order either way.
        bool inPlace = rowEnd - rowStart <= TileRows && g.BColumnStride == 1;
        int packedFrom = inPlace ? columns / TOps.Count * TOps.Count : fullColumns;

        for (int block = 0; block < depthBlocks; block++)
        {
            // Even block sizes rather than full-then-remainder: no tiny final block paying full packing overhead.
            (int depthStart, int depth) = EqualParts.Of(g.K, block, depthBlocks).GetOffsetAndLength(g.K);
            bool accumulate = block > 0 || g.Accumulate;
            float* aBlock = g.A + (depthStart * g.ADepthStride);
            float* bBlock = g.B + (depthStart * g.BDepthStride) + (columnStart * g.BColumnStride);
            bool anyLive = liveSteps == null
                ? MarkLiveTiles(in g, aBlock, rowStart, rowEnd, depth, liveCounts, buffers)
                : ListLiveSteps(in g, aBlock, rowStart, rowEnd, depth, maxDepth, liveCounts, liveSteps, buffers);
            if (!anyLive)
            {
                if (!accumulate)
                {
                    GemmContract.Clear(g.C + (rowStart * g.Ldc) + columnStart, g.Ldc, rowEnd - rowStart, columns);
                }

                continue;
            }

            // Full tiles' slivers, then one-vector slivers for the rest: every sliver before column j together holds j
            // columns, so column j's sliver starts at j·depth either way.
            if (!inPlace)
            {
                GemmPacking<TOps, TVector>.Pack(bBlock, g.BColumnStride, g.BDepthStride, fullColumns, depth, tileColumns, packedB);
            }

            GemmPacking<TOps, TVector>.Pack(
                bBlock + (packedFrom * g.BColumnStride),
                g.BColumnStride,
                g.BDepthStride,
                columns - packedFrom,
                depth,
                TOps.Count,
                packedB + ((nint)packedFrom * depth));

            // Full-height tiles read A in place (broadcasts do not care about layout); only the rows past the last
            // full tile are copied, zero-padded, so the kernel never reads outside A.
            if (fullRowsEnd < rowEnd)
            {
                GemmPacking<TOps, TVector>.Pack(
                    aBlock + (fullRowsEnd * g.ARowStride),
                    g.ARowStride,
                    g.ADepthStride,
                    rowEnd - fullRowsEnd,
                    depth,
                    TileRows,
                    packedEdgeA);
            }

            for (int rowBlockStart = rowStart; rowBlockStart < rowEnd; rowBlockStart += RowBlock)
            {
                int rowBlockEnd = Math.Min(RowBlock + rowBlockStart, rowEnd);
                for (int j = 0; j < columns;)
                {
                    bool fullWidth = j < fullColumns;
                    int sliverWidth = fullWidth ? tileColumns : TOps.Count;
                    int tileWidth = Math.Min(sliverWidth, columns - j);
                    bool readInPlace = j < packedFrom && inPlace;
                    float* bSliver = readInPlace ? bBlock + j : packedB + ((nint)j * depth);
                    nint bStride = readInPlace ? g.BDepthStride : sliverWidth;
                    for (int i = rowBlockStart; i < rowBlockEnd; i += TileRows)
                    {
                        int tileHeight = Math.Min(TileRows, rowEnd - i);
                        float* c = g.C + (i * g.Ldc) + columnStart + j;
                        int tile = (i - rowStart) / TileRows;
                        int live = liveCounts[tile];
                        if (live == 0)
                        {
                            if (!accumulate)
                            {
                                GemmContract.Clear(c, g.Ldc, tileHeight, tileWidth);
                            }

                            continue;
                        }

                        bool fullHeight = tileHeight == TileRows;
                        float* aSliver = fullHeight ? aBlock + (i * g.ARowStride) : packedEdgeA;
                        nint aRowStride = fullHeight ? g.ARowStride : 1;
                        nint aDepthStride = fullHeight ? g.ADepthStride : TileRows;

                        // Short tiles store only their rows; only a partial vector of columns needs the scratch tile.
                        bool direct = tileWidth == sliverWidth;
                        float* target = direct ? c : edgeTile;
                        nint targetStride = direct ? g.Ldc : tileColumns;
                        bool targetAccumulates = direct && accumulate;
                        int* steps = liveSteps + ((nint)tile * maxDepth);
                        if (fullWidth)
                        {
                            Tile<FullWidth>(live == depth, live, steps, aSliver, aRowStride, aDepthStride, bSliver, bStride, target, targetStride, tileHeight, targetAccumulates);
                        }
                        else
                        {
                            Tile<OneVector>(live == depth, live, steps, aSliver, aRowStride, aDepthStride, bSliver, bStride, target, targetStride, tileHeight, targetAccumulates);
                        }

                        if (!direct)
                        {
                            MergeEdge(edgeTile, tileColumns, c, g.Ldc, tileHeight, tileWidth, accumulate);
                        }
                    }

                    j += sliverWidth;
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// Whether at least three in four of the values of A in rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>)
    /// are +0, judged from a few of its runs (rows of row-major A, steps of transposed A) spread over the range: the
    /// answer only chooses between two exact ways of computing, so a sample does. Below that share, in rows independent
    /// of each other, a tile's six rows are all zero at too few steps (fewer than one in five) to pay for listing the
    /// others; the four in five zeros of image pixels, which cluster along the borders, leave more than half the steps
    /// of a tile dead. A whose rows and steps are both strided counts as dense.
    /// </summary>
    private static bool IsMostlyZero(in GemmProblem g, int rowStart, int rowEnd)
    {
        const int SampledRuns = 4;
        bool rowMajor = g.ADepthStride == 1;
        if (!rowMajor && g.ARowStride != 1)
        {
            return false;
        }

        int runs = rowMajor ? rowEnd - rowStart : g.K;
        int runLength = rowMajor ? g.K : rowEnd - rowStart;
        int sampled = Math.Min(SampledRuns, runs);
        long zeros = 0;
        for (int s = 0; s < sampled; s++)
        {
            int run = EqualParts.Start(runs, s, sampled);
            float* start = rowMajor ? g.A + ((rowStart + run) * g.ARowStride) : g.A + (run * g.ADepthStride) + rowStart;
            zeros += CountZeros((int*)start, runLength);
        }

        return zeros * 4 >= 3L * sampled * runLength;
    }

    /// <summary>How many of the <paramref name="length"/> values from <paramref name="values"/> are 0.</summary>
    private static int CountZeros(int* values, int length)
    {
        // Each equal lane is −1: subtracting the comparisons counts in every lane at once.
        Vector256<int> counts = Vector256<int>.Zero;
        int vectorLength = length / 8 * 8;
        for (int i = 0; i < vectorLength; i += 8)
        {
            counts -= Vector256.Equals(Vector256.Load(values + i), Vector256<int>.Zero);
        }

        int zeros = Vector256.Sum(counts);
        for (int i = vectorLength; i < length; i++)
        {
            zeros += values[i] == 0 ? 1 : 0;
        }

        return zeros;
    }

    /// <summary>
    /// Sets <paramref name="liveCounts"/>[t] to <paramref name="depth"/> if row tile t of rows [<paramref name="rowStart"/>,
    /// <paramref name="rowEnd"/>) of A has a value other than +0 over the <paramref name="depth"/> steps from
    /// <paramref name="aBlock"/>, and to 0 if not; returns whether any tile has. Values are compared as bits, so −0 and
    /// NaN count as non-zero. A whose rows and steps are both strided (never the case for dense row-major operands) is
    /// taken as live throughout rather than scanned element-wise.
    /// </summary>
    private static bool MarkLiveTiles(in GemmProblem g, float* aBlock, int rowStart, int rowEnd, int depth, int* liveCounts, GemmPackingBuffers buffers)
    {
        int rows = rowEnd - rowStart;
        int tiles = (rows + TileRows - 1) / TileRows;
        bool any = false;
        if (g.ADepthStride == 1)
        {
            // Rows run along the depth: each row is one contiguous run, and the first non-zero ends its scan.
            for (int t = 0; t < tiles; t++)
            {
                bool tileLive = false;
                for (int r = rowStart + (t * TileRows); r < Math.Min(rowEnd, rowStart + ((t + 1) * TileRows)) && !tileLive; r++)
                {
                    tileLive = new ReadOnlySpan<int>(aBlock + (r * g.ARowStride), depth).ContainsAnyExcept(0);
                }

                liveCounts[t] = tileLive ? depth : 0;
                any |= tileLive;
            }
        }
        else if (g.ARowStride == 1)
        {
            // A transposed: each step holds all the rows side by side, so OR the steps together row-wise in vectors.
            var bits = new Span<int>(buffers.RowBits(rows), rows);
            bits.Clear();
            for (int p = 0; p < depth; p++)
            {
                TensorPrimitives.BitwiseOr(bits, new ReadOnlySpan<int>(aBlock + (p * g.ADepthStride) + rowStart, rows), bits);
            }

            for (int t = 0; t < tiles; t++)
            {
                int first = t * TileRows;
                bool tileLive = bits.Slice(first, Math.Min(TileRows, rows - first)).ContainsAnyExcept(0);
                liveCounts[t] = tileLive ? depth : 0;
                any |= tileLive;
            }
        }
        else
        {
            new Span<int>(liveCounts, tiles).Fill(depth);
            any = tiles > 0;
        }

        return any;
    }

    /// <summary>
    /// Lists in <paramref name="liveSteps"/>, one list every <paramref name="maxDepth"/> entries for each row tile t of
    /// rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of A, the steps, ascending, at which any of the tile's
    /// rows holds a value other than +0, and their number in <paramref name="liveCounts"/>[t]; returns whether any step
    /// of any tile is live. Values are compared as bits, as in <see cref="MarkLiveTiles"/>. A is row-major or
    /// transposed: <see cref="IsMostlyZero"/> admits no other layout.
    /// </summary>
    private static bool ListLiveSteps(
        in GemmProblem g, float* aBlock, int rowStart, int rowEnd, int depth, int maxDepth, int* liveCounts, int* liveSteps, GemmPackingBuffers buffers)
    {
        int rows = rowEnd - rowStart;
        int tiles = (rows + TileRows - 1) / TileRows;
        if (g.ADepthStride == 1)
        {
            // Rows run along the depth: OR a tile's rows together eight steps at a time and append the non-zero lanes.
            int vectorDepth = depth / 8 * 8;
            for (int t = 0; t < tiles; t++)
            {
                int* first = (int*)(aBlock + ((rowStart + (t * TileRows)) * g.ARowStride));
                int height = Math.Min(TileRows, rows - (t * TileRows));
                int* list = liveSteps + ((nint)t * maxDepth);
                int count = 0;
                for (int p = 0; p < vectorDepth; p += 8)
                {
                    Vector256<int> bits = Vector256.Load(first + p);
                    for (int r = 1; r < height; r++)
                    {
                        bits |= Vector256.Load(first + (r * g.ARowStride) + p);
                    }

                    count = AppendLiveLanes(~Vector256.Equals(bits, Vector256<int>.Zero).ExtractMostSignificantBits(), 8, p, list, count);
                }

                for (int p = vectorDepth; p < depth; p++)
                {
                    int bits = 0;
                    for (int r = 0; r < height; r++)
                    {
                        bits |= first[(r * g.ARowStride) + p];
                    }

                    count = AppendLiveLanes(bits != 0 ? 1u : 0u, 1, p, list, count);
                }

                liveCounts[t] = count;
            }
        }
        else
        {
            // A transposed: each step holds all the rows side by side. Turn a step's rows into one bit each, then read
            // each tile's bits at once.
            Debug.Assert(g.ARowStride == 1, "Steps are listed only for row-major or transposed A.");
            int bytes = (rows + 7) / 8;
            byte* rowBits = (byte*)buffers.RowBits((bytes + 1 + sizeof(ulong) + sizeof(int) - 1) / sizeof(int));
            new Span<int>(liveCounts, tiles).Clear();
            const ulong tileMask = (1ul << TileRows) - 1;
            for (int p = 0; p < depth; p++)
            {
                int* step = (int*)(aBlock + (p * g.ADepthStride) + rowStart);
                MarkNonZeroBits(step, rows, rowBits);
                for (int t = 0; t < tiles; t++)
                {
                    int bit = t * TileRows;
                    ulong tileBits = (Unsafe.ReadUnaligned<ulong>(rowBits + (bit >> 3)) >> (bit & 7)) & tileMask;
                    liveSteps[((nint)t * maxDepth) + liveCounts[t]] = p;
                    liveCounts[t] += tileBits != 0 ? 1 : 0;
                }
            }
        }

        return new ReadOnlySpan<int>(liveCounts, tiles).ContainsAnyExcept(0);
    }

    /// <summary>
    /// Writes step <paramref name="firstStep"/> + l for each set bit l of the low <paramref name="lanes"/> bits of
    /// <paramref name="laneBits"/> at <paramref name="list"/>[<paramref name="count"/>…] and returns the new count.
    /// Every lane is written and only the live ones counted, so no branch depends on the data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AppendLiveLanes(uint laneBits, int lanes, int firstStep, int* list, int count)
    {
        for (int lane = 0; lane < lanes; lane++)
        {
            list[count] = firstStep + lane;
            count += (int)((laneBits >> lane) & 1);
        }

        return count;
    }

    /// <summary>
    /// Sets bit r of <paramref name="bits"/> (little-endian across bytes) to whether <paramref name="values"/>[r] is not
    /// +0, for r below <paramref name="count"/>, and clears the eight bytes that follow so tiles read whole words.
    /// </summary>
    private static void MarkNonZeroBits(int* values, int count, byte* bits)
    {
        int vectorCount = count / 8 * 8;
        for (int r = 0; r < vectorCount; r += 8)
        {
            bits[r >> 3] = (byte)~Vector256.Equals(Vector256.Load(values + r), Vector256<int>.Zero).ExtractMostSignificantBits();
        }

        int tailBits = 0;
        for (int r = vectorCount; r < count; r++)
        {
            tailBits |= (values[r] != 0 ? 1 : 0) << (r - vectorCount);
        }

        bits[vectorCount >> 3] = (byte)tailBits;
        new Span<byte>(bits + (vectorCount >> 3) + 1, sizeof(ulong)).Clear();
    }

    /// <summary>
    /// One <see cref="TileRows"/> × <typeparamref name="TWidth"/> register tile over the first <paramref name="count"/>
    /// of <paramref name="steps"/>, or over steps 0 to <paramref name="count"/> − 1 when <paramref name="allSteps"/>; a
    /// step's columns of B lie <paramref name="bStride"/> floats after the last step's.
    /// </summary>
    private static void Tile<TWidth>(
        bool allSteps, int count, int* steps, float* a, nint aRowStride, nint aDepthStride, float* b, nint bStride, float* c, nint ldc, int rows, bool accumulate)
        where TWidth : struct, ITileWidth
    {
        if (allSteps)
        {
            Tile<TWidth, AllSteps>(count, steps, a, aRowStride, aDepthStride, b, bStride, c, ldc, rows, accumulate);
        }
        else
        {
            Tile<TWidth, ListedSteps>(count, steps, a, aRowStride, aDepthStride, b, bStride, c, ldc, rows, accumulate);
        }
    }

    /// <summary>
    /// One <see cref="TileRows"/> × <typeparamref name="TWidth"/> register tile over <paramref name="count"/> steps, of
    /// which the first <paramref name="rows"/> rows are stored (A's rows past them are zero padding).
    /// The width and the step sequence are type arguments so the JIT compiles each pairing with only the accumulators
    /// and the addressing it uses; compiled fully optimized at once, because its unoptimized first tier calls every
    /// multiply-add out of line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TWidth, TSteps>(
        int count, int* steps, float* a, nint aRowStride, nint aDepthStride, float* b, nint bStride, float* c, nint ldc, int rows, bool accumulate)
        where TWidth : struct, ITileWidth
        where TSteps : struct, IStepSequence
    {
        int w = TOps.Count;
        int vectors = TWidth.Vectors;

        // Two base pointers so every row is one base plus 0, 1 or 2 strides: a single addressing-mode operand each.
        float* a3 = a + (3 * aRowStride);
        nint twoRows = 2 * aRowStride;
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
        TVector c40 = TOps.Zero, c41 = TOps.Zero, c42 = TOps.Zero, c43 = TOps.Zero;
        TVector c50 = TOps.Zero, c51 = TOps.Zero, c52 = TOps.Zero, c53 = TOps.Zero;
        for (nint s = 0, end = count; s < end; s++)
        {
            // Listed steps are located from the base pointers; consecutive ones are reached by advancing them, which
            // costs the kernel no multiplications.
            nint p = TSteps.Listed ? steps[s] : 0;
            nint aOffset = p * aDepthStride;
            float* aStep = a + aOffset;
            float* a3Step = a3 + aOffset;
            float* bStep = b + (p * bStride);
            TVector b0 = TOps.Load(bStep);
            TVector b1 = vectors > 1 ? TOps.Load(bStep + w) : TOps.Zero;
            TVector b2 = vectors > 2 ? TOps.Load(bStep + (2 * w)) : TOps.Zero;
            TVector b3 = vectors > 3 ? TOps.Load(bStep + (3 * w)) : TOps.Zero;
            Accumulate(vectors, TOps.Broadcast(aStep[0]), b0, b1, b2, b3, ref c00, ref c01, ref c02, ref c03);
            Accumulate(vectors, TOps.Broadcast(aStep[aRowStride]), b0, b1, b2, b3, ref c10, ref c11, ref c12, ref c13);
            Accumulate(vectors, TOps.Broadcast(aStep[twoRows]), b0, b1, b2, b3, ref c20, ref c21, ref c22, ref c23);
            Accumulate(vectors, TOps.Broadcast(a3Step[0]), b0, b1, b2, b3, ref c30, ref c31, ref c32, ref c33);
            Accumulate(vectors, TOps.Broadcast(a3Step[aRowStride]), b0, b1, b2, b3, ref c40, ref c41, ref c42, ref c43);
            Accumulate(vectors, TOps.Broadcast(a3Step[twoRows]), b0, b1, b2, b3, ref c50, ref c51, ref c52, ref c53);
            if (!TSteps.Listed)
            {
                a += aDepthStride;
                a3 += aDepthStride;
                b += bStride;
            }
        }

        StoreRow(vectors, c, c00, c01, c02, c03, accumulate);
        if (rows > 1)
        {
            StoreRow(vectors, c + ldc, c10, c11, c12, c13, accumulate);
        }

        if (rows > 2)
        {
            StoreRow(vectors, c + (2 * ldc), c20, c21, c22, c23, accumulate);
        }

        if (rows > 3)
        {
            StoreRow(vectors, c + (3 * ldc), c30, c31, c32, c33, accumulate);
        }

        if (rows > 4)
        {
            StoreRow(vectors, c + (4 * ldc), c40, c41, c42, c43, accumulate);
        }

        if (rows > 5)
        {
            StoreRow(vectors, c + (5 * ldc), c50, c51, c52, c53, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(
        int vectors, TVector a, TVector b0, TVector b1, TVector b2, TVector b3, ref TVector c0, ref TVector c1, ref TVector c2, ref TVector c3)
    {
        c0 = TOps.MultiplyAdd(a, b0, c0);
        if (vectors > 1)
        {
            c1 = TOps.MultiplyAdd(a, b1, c1);
        }

        if (vectors > 2)
        {
            c2 = TOps.MultiplyAdd(a, b2, c2);
        }

        if (vectors > 3)
        {
            c3 = TOps.MultiplyAdd(a, b3, c3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(int vectors, float* c, TVector c0, TVector c1, TVector c2, TVector c3, bool accumulate)
    {
        int w = TOps.Count;
        Store(c, c0, accumulate);
        if (vectors > 1)
        {
            Store(c + w, c1, accumulate);
        }

        if (vectors > 2)
        {
            Store(c + (2 * w), c2, accumulate);
        }

        if (vectors > 3)
        {
            Store(c + (3 * w), c3, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, TVector sum, bool accumulate) =>
        TOps.Store(c, accumulate ? TOps.Add(sum, TOps.Load(c)) : sum);

    private static void MergeEdge(float* tile, nint tileStride, float* c, nint ldc, int rows, int columns, bool accumulate)
    {
        for (int i = 0; i < rows; i++)
        {
            float* from = tile + (i * tileStride);
            float* to = c + (i * ldc);
            for (int j = 0; j < columns; j++)
            {
                to[j] = accumulate ? to[j] + from[j] : from[j];
            }
        }
    }

    /// <summary>Vectors per row of a register tile, as a type so each width gets its own compiled kernel.</summary>
    private interface ITileWidth
    {
        static abstract int Vectors { get; }
    }

    private readonly struct FullWidth : ITileWidth
    {
        public static int Vectors => TOps.TileVectors;
    }

    private readonly struct OneVector : ITileWidth
    {
        public static int Vectors => 1;
    }

    /// <summary>Whether a tile sums every step of a k-block or a list of them, as a type so each gets its own compiled kernel.</summary>
    private interface IStepSequence
    {
        static abstract bool Listed { get; }
    }

    private readonly struct AllSteps : IStepSequence
    {
        public static bool Listed => false;
    }

    private readonly struct ListedSteps : IStepSequence
    {
        public static bool Listed => true;
    }
}
