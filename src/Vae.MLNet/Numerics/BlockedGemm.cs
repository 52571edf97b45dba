using System.Runtime.CompilerServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// Cache-blocked single-precision GEMM on one rectangle of C, specialised per vector width. The loop nest keeps a
/// k-block of packed B in L2, a sliver of it in L1, and streams rows of A, read in place, past it into a
/// <see cref="TileRows"/> × (2 vectors) register tile. Each element of C is always summed in the same order (k-blocks
/// ascending, steps ascending within one), whatever rectangle it is computed in, so results do not depend on how C is
/// partitioned between threads.
/// </summary>
/// <typeparam name="TOps">The vector operations.</typeparam>
/// <typeparam name="TVector">The vector type they work on.</typeparam>
internal static unsafe class BlockedGemm<TOps, TVector>
    where TOps : IFloatVectorOps<TVector>
    where TVector : unmanaged
{
    /// <summary>Rows of C per register tile; 6 rows × 2 vectors = 12 accumulators leave room in 16 AVX2 registers.</summary>
    public const int TileRows = 6;

    // Depth of one packed block: a B sliver of 256 steps × 32 floats is 32 KiB, about what L1 holds beside A.
    private const int DepthBlock = 256;

    // Rows of A streamed past one B sliver before moving to the next: 120 × 256 floats is 120 KiB, well inside L2.
    private const int RowBlock = 20 * TileRows;

    /// <summary>Columns of C per register tile.</summary>
    public static int TileColumns => 2 * TOps.Count;

    /// <summary>
    /// Computes rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) × columns [<paramref name="columnStart"/>,
    /// <paramref name="columnEnd"/>) of C. Starts must be multiples of the tile size so every element lands in the same
    /// tile position, and hence gets the same rounding, however C is split.
    /// </summary>
    public static void Run(in GemmProblem g, int rowStart, int rowEnd, int columnStart, int columnEnd, GemmPackingBuffers buffers)
    {
        int tileColumns = TileColumns;
        int columns = columnEnd - columnStart;
        int depthBlocks = (g.K + DepthBlock - 1) / DepthBlock;
        int maxDepth = (g.K + depthBlocks - 1) / depthBlocks;
        float* packedB = buffers.PackedB(RoundUp(columns, tileColumns) * maxDepth);
        float* packedEdgeA = buffers.PackedA(TileRows * maxDepth);
        float* edgeTile = stackalloc float[TileRows * tileColumns];
        int fullRowsEnd = rowStart + ((rowEnd - rowStart) / TileRows * TileRows);

        for (int block = 0; block < depthBlocks; block++)
        {
            // Even block sizes rather than 256-then-remainder: no tiny final block paying full packing overhead.
            int depthStart = (int)((long)block * g.K / depthBlocks);
            int depth = (int)((long)(block + 1) * g.K / depthBlocks) - depthStart;
            float beta = block == 0 ? g.Beta : 1f;
            float* aBlock = g.A + (depthStart * g.ADepthStride);

            GemmPacking<TOps, TVector>.Pack(
                g.B + (depthStart * g.BDepthStride) + (columnStart * g.BColumnStride),
                g.BColumnStride,
                g.BDepthStride,
                columns,
                depth,
                tileColumns,
                packedB);

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
                for (int j = 0; j < columns; j += tileColumns)
                {
                    int tileWidth = Math.Min(tileColumns, columns - j);
                    float* bSliver = packedB + ((nint)j * depth);
                    for (int i = rowBlockStart; i < rowBlockEnd; i += TileRows)
                    {
                        int tileHeight = Math.Min(TileRows, rowEnd - i);
                        bool fullHeight = tileHeight == TileRows;
                        float* aSliver = fullHeight ? aBlock + (i * g.ARowStride) : packedEdgeA;
                        nint aRowStride = fullHeight ? g.ARowStride : 1;
                        nint aDepthStride = fullHeight ? g.ADepthStride : TileRows;
                        float* c = g.C + (i * g.Ldc) + columnStart + j;
                        if (fullHeight && tileWidth == tileColumns)
                        {
                            Tile(depth, aSliver, aRowStride, aDepthStride, bSliver, c, g.Ldc, g.Alpha, beta);
                        }
                        else
                        {
                            Tile(depth, aSliver, aRowStride, aDepthStride, bSliver, edgeTile, tileColumns, g.Alpha, 0f);
                            MergeEdge(edgeTile, tileColumns, c, g.Ldc, tileHeight, tileWidth, beta);
                        }
                    }
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static void Tile(int depth, float* a, nint aRowStride, nint aDepthStride, float* b, float* c, nint ldc, float alpha, float beta)
    {
        int w = TOps.Count;

        // Two base pointers so every row is one base plus 0, 1 or 2 strides: a single addressing-mode operand each.
        float* a3 = a + (3 * aRowStride);
        nint twoRows = 2 * aRowStride;
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        for (int p = 0; p < depth; p++)
        {
            TVector b0 = TOps.Load(b);
            TVector b1 = TOps.Load(b + w);
            TVector ai = TOps.Broadcast(a[0]);
            c00 = TOps.MultiplyAdd(ai, b0, c00);
            c01 = TOps.MultiplyAdd(ai, b1, c01);
            ai = TOps.Broadcast(a[aRowStride]);
            c10 = TOps.MultiplyAdd(ai, b0, c10);
            c11 = TOps.MultiplyAdd(ai, b1, c11);
            ai = TOps.Broadcast(a[twoRows]);
            c20 = TOps.MultiplyAdd(ai, b0, c20);
            c21 = TOps.MultiplyAdd(ai, b1, c21);
            ai = TOps.Broadcast(a3[0]);
            c30 = TOps.MultiplyAdd(ai, b0, c30);
            c31 = TOps.MultiplyAdd(ai, b1, c31);
            ai = TOps.Broadcast(a3[aRowStride]);
            c40 = TOps.MultiplyAdd(ai, b0, c40);
            c41 = TOps.MultiplyAdd(ai, b1, c41);
            ai = TOps.Broadcast(a3[twoRows]);
            c50 = TOps.MultiplyAdd(ai, b0, c50);
            c51 = TOps.MultiplyAdd(ai, b1, c51);
            a += aDepthStride;
            a3 += aDepthStride;
            b += 2 * w;
        }

        TVector alphaVector = TOps.Broadcast(alpha);
        StoreRow(c, c00, c01, alphaVector, beta);
        StoreRow(c + ldc, c10, c11, alphaVector, beta);
        StoreRow(c + (2 * ldc), c20, c21, alphaVector, beta);
        StoreRow(c + (3 * ldc), c30, c31, alphaVector, beta);
        StoreRow(c + (4 * ldc), c40, c41, alphaVector, beta);
        StoreRow(c + (5 * ldc), c50, c51, alphaVector, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, TVector low, TVector high, TVector alpha, float beta)
    {
        float* cHigh = c + TOps.Count;
        if (beta == 0f)
        {
            TOps.Store(c, TOps.Multiply(low, alpha));
            TOps.Store(cHigh, TOps.Multiply(high, alpha));
        }
        else if (beta == 1f)
        {
            TOps.Store(c, TOps.MultiplyAdd(low, alpha, TOps.Load(c)));
            TOps.Store(cHigh, TOps.MultiplyAdd(high, alpha, TOps.Load(cHigh)));
        }
        else
        {
            TVector betaVector = TOps.Broadcast(beta);
            TOps.Store(c, TOps.MultiplyAdd(low, alpha, TOps.Multiply(TOps.Load(c), betaVector)));
            TOps.Store(cHigh, TOps.MultiplyAdd(high, alpha, TOps.Multiply(TOps.Load(cHigh), betaVector)));
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
}
