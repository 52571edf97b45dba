using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// Cache-blocked single-precision GEMM on one rectangle of C, specialised per vector width. The loop nest keeps a
/// k-block of packed B in L2, a sliver of it in L1, and streams rows of A, read in place, past it into a
/// <see cref="TileRows"/> × <see cref="IFloatVectorOps{TVector}.TileVectors"/> register tile; columns past the last
/// full tile go through a one-vector-wide tile, so a remainder narrower than a tile costs only its own arithmetic. Each
/// element of C is always summed in the same order (k-blocks ascending, steps ascending within one), whatever
/// rectangle or tile it is computed in, so results do not depend on how C is partitioned between threads. A tile of A
/// that is zero over a k-block is skipped, and B's block is not even packed when all of A's rows are: inputs such as
/// image pixels, zero along the borders of every image, and hidden units a ReLU has silenced for a whole batch leave
/// whole tiles of zeros, and arithmetic is what these products cost. Where B is finite a skipped tile adds the exact
/// zero it would have summed, so results stay the same, signed zeros aside.
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
        bool* liveTiles = buffers.LiveTiles((rowEnd - rowStart + TileRows - 1) / TileRows);

        for (int block = 0; block < depthBlocks; block++)
        {
            // Even block sizes rather than full-then-remainder: no tiny final block paying full packing overhead.
            int depthStart = (int)((long)block * g.K / depthBlocks);
            int depth = (int)((long)(block + 1) * g.K / depthBlocks) - depthStart;
            float beta = block == 0 ? g.Beta : 1f;
            float* aBlock = g.A + (depthStart * g.ADepthStride);
            float* bBlock = g.B + (depthStart * g.BDepthStride) + (columnStart * g.BColumnStride);
            if (!MarkLiveTiles(in g, aBlock, rowStart, rowEnd, depth, liveTiles, buffers))
            {
                Scale(g.C + (rowStart * g.Ldc) + columnStart, g.Ldc, rowEnd - rowStart, columns, beta);
                continue;
            }

            // Full tiles' slivers, then one-vector slivers for the rest: every sliver before column j together holds j
            // columns, so column j's sliver starts at j·depth either way.
            GemmPacking<TOps, TVector>.Pack(bBlock, g.BColumnStride, g.BDepthStride, fullColumns, depth, tileColumns, packedB);
            GemmPacking<TOps, TVector>.Pack(
                bBlock + (fullColumns * g.BColumnStride),
                g.BColumnStride,
                g.BDepthStride,
                columns - fullColumns,
                depth,
                TOps.Count,
                packedB + ((nint)fullColumns * depth));

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
                    float* bSliver = packedB + ((nint)j * depth);
                    for (int i = rowBlockStart; i < rowBlockEnd; i += TileRows)
                    {
                        int tileHeight = Math.Min(TileRows, rowEnd - i);
                        float* c = g.C + (i * g.Ldc) + columnStart + j;
                        if (!liveTiles[(i - rowStart) / TileRows])
                        {
                            Scale(c, g.Ldc, tileHeight, tileWidth, beta);
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
                        float targetBeta = direct ? beta : 0f;
                        if (fullWidth)
                        {
                            Tile<FullWidth>(depth, aSliver, aRowStride, aDepthStride, bSliver, target, targetStride, tileHeight, g.Alpha, targetBeta);
                        }
                        else
                        {
                            Tile<OneVector>(depth, aSliver, aRowStride, aDepthStride, bSliver, target, targetStride, tileHeight, g.Alpha, targetBeta);
                        }

                        if (!direct)
                        {
                            MergeEdge(edgeTile, tileColumns, c, g.Ldc, tileHeight, tileWidth, beta);
                        }
                    }

                    j += sliverWidth;
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// Sets <paramref name="live"/>[t] to whether row tile t of rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>)
    /// of A has a value other than +0 over the <paramref name="depth"/> steps from <paramref name="aBlock"/>, and returns
    /// whether any has. Values are compared as bits, so −0 and NaN count as non-zero. A whose rows and steps are both
    /// strided (never the case for dense row-major operands) is taken as live throughout rather than scanned element-wise.
    /// </summary>
    private static bool MarkLiveTiles(in GemmProblem g, float* aBlock, int rowStart, int rowEnd, int depth, bool* live, GemmPackingBuffers buffers)
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

                live[t] = tileLive;
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
                live[t] = bits.Slice(first, Math.Min(TileRows, rows - first)).ContainsAnyExcept(0);
                any |= live[t];
            }
        }
        else
        {
            new Span<bool>(live, tiles).Fill(true);
            any = tiles > 0;
        }

        return any;
    }

    /// <summary>What a tile whose product is zero leaves in C: its prior contents times <paramref name="beta"/>, none of them read when β = 0.</summary>
    private static void Scale(float* c, nint ldc, int rows, int columns, float beta)
    {
        if (beta == 1f)
        {
            return;
        }

        for (int i = 0; i < rows; i++)
        {
            var row = new Span<float>(c + (i * ldc), columns);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    /// <summary>
    /// One <see cref="TileRows"/> × <typeparamref name="TWidth"/> register tile over <paramref name="depth"/> steps, of
    /// which the first <paramref name="rows"/> rows are stored (A's rows past them are zero padding).
    /// The width is a type argument so the JIT compiles each width with only the accumulators it uses; compiled fully
    /// optimized at once, because its unoptimized first tier calls every multiply-add out of line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TWidth>(
        int depth, float* a, nint aRowStride, nint aDepthStride, float* b, float* c, nint ldc, int rows, float alpha, float beta)
        where TWidth : struct, ITileWidth
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
        for (int p = 0; p < depth; p++)
        {
            TVector b0 = TOps.Load(b);
            TVector b1 = vectors > 1 ? TOps.Load(b + w) : TOps.Zero;
            TVector b2 = vectors > 2 ? TOps.Load(b + (2 * w)) : TOps.Zero;
            TVector b3 = vectors > 3 ? TOps.Load(b + (3 * w)) : TOps.Zero;
            Accumulate(vectors, TOps.Broadcast(a[0]), b0, b1, b2, b3, ref c00, ref c01, ref c02, ref c03);
            Accumulate(vectors, TOps.Broadcast(a[aRowStride]), b0, b1, b2, b3, ref c10, ref c11, ref c12, ref c13);
            Accumulate(vectors, TOps.Broadcast(a[twoRows]), b0, b1, b2, b3, ref c20, ref c21, ref c22, ref c23);
            Accumulate(vectors, TOps.Broadcast(a3[0]), b0, b1, b2, b3, ref c30, ref c31, ref c32, ref c33);
            Accumulate(vectors, TOps.Broadcast(a3[aRowStride]), b0, b1, b2, b3, ref c40, ref c41, ref c42, ref c43);
            Accumulate(vectors, TOps.Broadcast(a3[twoRows]), b0, b1, b2, b3, ref c50, ref c51, ref c52, ref c53);
            a += aDepthStride;
            a3 += aDepthStride;
            b += vectors * w;
        }

        TVector alphaVector = TOps.Broadcast(alpha);
        StoreRow(vectors, c, c00, c01, c02, c03, alphaVector, beta);
        if (rows > 1)
        {
            StoreRow(vectors, c + ldc, c10, c11, c12, c13, alphaVector, beta);
        }

        if (rows > 2)
        {
            StoreRow(vectors, c + (2 * ldc), c20, c21, c22, c23, alphaVector, beta);
        }

        if (rows > 3)
        {
            StoreRow(vectors, c + (3 * ldc), c30, c31, c32, c33, alphaVector, beta);
        }

        if (rows > 4)
        {
            StoreRow(vectors, c + (4 * ldc), c40, c41, c42, c43, alphaVector, beta);
        }

        if (rows > 5)
        {
            StoreRow(vectors, c + (5 * ldc), c50, c51, c52, c53, alphaVector, beta);
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
    private static void StoreRow(int vectors, float* c, TVector c0, TVector c1, TVector c2, TVector c3, TVector alpha, float beta)
    {
        int w = TOps.Count;
        Store(c, c0, alpha, beta);
        if (vectors > 1)
        {
            Store(c + w, c1, alpha, beta);
        }

        if (vectors > 2)
        {
            Store(c + (2 * w), c2, alpha, beta);
        }

        if (vectors > 3)
        {
            Store(c + (3 * w), c3, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, TVector sum, TVector alpha, float beta)
    {
        if (beta == 0f)
        {
            TOps.Store(c, TOps.Multiply(sum, alpha));
        }
        else if (beta == 1f)
        {
            TOps.Store(c, TOps.MultiplyAdd(sum, alpha, TOps.Load(c)));
        }
        else
        {
            TOps.Store(c, TOps.MultiplyAdd(sum, alpha, TOps.Multiply(TOps.Load(c), TOps.Broadcast(beta))));
        }
    }

    private static void MergeEdge(float* tile, nint tileStride, float* c, nint ldc, int rows, int columns, float beta)
    {
        for (int i = 0; i < rows; i++)
        {
            float* from = tile + (i * tileStride);
            float* to = c + (i * ldc);
            for (int j = 0; j < columns; j++)
            {
                to[j] = beta == 0f ? from[j] : MathF.FusedMultiplyAdd(to[j], beta, from[j]);
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
}
