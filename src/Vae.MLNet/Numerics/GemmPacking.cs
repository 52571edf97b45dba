using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vae.MLNet.Numerics;

/// <summary>
/// Copies a block of op(A) or op(B) into the interleaved layout the micro-kernel streams through: slivers of
/// <c>width</c> lanes (rows of A or columns of B), each stored depth-major so one step of the shared dimension is
/// <c>width</c> consecutive floats. Short slivers at matrix edges are padded with zeros, so the kernel never branches.
/// </summary>
/// <typeparam name="TOps">The vector operations used to copy whole slivers.</typeparam>
/// <typeparam name="TVector">The vector type they work on.</typeparam>
internal static unsafe class GemmPacking<TOps, TVector>
    where TOps : IFloatVectorOps<TVector>
    where TVector : unmanaged
{
    /// <summary>Packs <paramref name="lanes"/> lanes by <paramref name="depth"/> steps into consecutive slivers.</summary>
    /// <param name="source">Element (lane 0, step 0) of the block.</param>
    /// <param name="laneStride">Distance between consecutive lanes in the source.</param>
    /// <param name="depthStride">Distance between consecutive steps in the source.</param>
    /// <param name="lanes">Lanes in the block.</param>
    /// <param name="depth">Steps in the block.</param>
    /// <param name="width">Lanes per sliver.</param>
    /// <param name="destination">Room for ⌈lanes / width⌉·width·depth floats.</param>
    public static void Pack(float* source, nint laneStride, nint depthStride, int lanes, int depth, int width, float* destination)
    {
        int wholeSlivers = laneStride == 1 && width % TOps.Count == 0 ? lanes / width : 0;
        if (wholeSlivers > 0)
        {
            // Steps stored contiguously (B not transposed): read each step's run across all whole slivers at once, so
            // the source streams in address order, which the hardware prefetchers follow even from memory; a walk
            // down one sliver at a time jumps a full row per step. Copied in vectors, because a general copy call per
            // sliver row costs as much as the copy.
            for (int p = 0; p < depth; p++)
            {
                float* from = source + (p * depthStride);
                float* to = destination + ((nint)p * width);
                for (int sliver = 0; sliver < wholeSlivers; sliver++)
                {
                    for (int lane = 0; lane < width; lane += TOps.Count)
                    {
                        TOps.Store(to + lane, TOps.Load(from + lane));
                    }

                    from += width;
                    to += (nint)width * depth;
                }
            }
        }

        for (int first = wholeSlivers * width; first < lanes; first += width)
        {
            PackSliver(
                source + (first * laneStride),
                laneStride,
                depthStride,
                Math.Min(width, lanes - first),
                depth,
                width,
                destination + ((nint)first * depth));
        }
    }

    private static void PackSliver(float* source, nint laneStride, nint depthStride, int lanes, int depth, int width, float* destination)
    {
        if (lanes < width)
        {
            new Span<float>(destination, width * depth).Clear();
        }

        // Lanes contiguous along the depth (B transposed): eight lanes by eight steps at a time through an in-register
        // transpose, because element-wise the scatter costs more than the multiplication it feeds.
        int transposedLanes = 0;
        int transposedDepth = 0;
        if (Avx.IsSupported && depthStride == 1)
        {
            transposedLanes = lanes / 8 * 8;
            transposedDepth = depth / 8 * 8;
            for (int lane = 0; lane < transposedLanes; lane += 8)
            {
                for (int p = 0; p < transposedDepth; p += 8)
                {
                    Transpose8x8(source + (lane * laneStride) + p, laneStride, destination + ((nint)p * width) + lane, width);
                }
            }
        }

        // The rest, and lanes far apart: walk each lane along its own (usually contiguous) run and scatter into the sliver.
        for (int lane = 0; lane < lanes; lane++)
        {
            float* from = source + (lane * laneStride);
            float* to = destination + lane;
            for (int p = lane < transposedLanes ? transposedDepth : 0; p < depth; p++)
            {
                to[(nint)p * width] = from[p * depthStride];
            }
        }
    }

    /// <summary>Writes the transpose of the 8 × 8 block at <paramref name="source"/> to <paramref name="destination"/>.</summary>
    private static void Transpose8x8(float* source, nint sourceStride, float* destination, nint destinationStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(source);
        Vector256<float> r1 = Avx.LoadVector256(source + sourceStride);
        Vector256<float> r2 = Avx.LoadVector256(source + (2 * sourceStride));
        Vector256<float> r3 = Avx.LoadVector256(source + (3 * sourceStride));
        Vector256<float> r4 = Avx.LoadVector256(source + (4 * sourceStride));
        Vector256<float> r5 = Avx.LoadVector256(source + (5 * sourceStride));
        Vector256<float> r6 = Avx.LoadVector256(source + (6 * sourceStride));
        Vector256<float> r7 = Avx.LoadVector256(source + (7 * sourceStride));

        // Pairs of rows interleaved, then quadruples, within each 128-bit half; the halves are swapped last.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        const byte lowPairs = 0b01_00_01_00;
        const byte highPairs = 0b11_10_11_10;
        Vector256<float> s0 = Avx.Shuffle(t0, t2, lowPairs), s1 = Avx.Shuffle(t0, t2, highPairs);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, lowPairs), s3 = Avx.Shuffle(t1, t3, highPairs);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, lowPairs), s5 = Avx.Shuffle(t4, t6, highPairs);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, lowPairs), s7 = Avx.Shuffle(t5, t7, highPairs);
        const byte lowHalves = 0x20;
        const byte highHalves = 0x31;
        Avx.Store(destination, Avx.Permute2x128(s0, s4, lowHalves));
        Avx.Store(destination + destinationStride, Avx.Permute2x128(s1, s5, lowHalves));
        Avx.Store(destination + (2 * destinationStride), Avx.Permute2x128(s2, s6, lowHalves));
        Avx.Store(destination + (3 * destinationStride), Avx.Permute2x128(s3, s7, lowHalves));
        Avx.Store(destination + (4 * destinationStride), Avx.Permute2x128(s0, s4, highHalves));
        Avx.Store(destination + (5 * destinationStride), Avx.Permute2x128(s1, s5, highHalves));
        Avx.Store(destination + (6 * destinationStride), Avx.Permute2x128(s2, s6, highHalves));
        Avx.Store(destination + (7 * destinationStride), Avx.Permute2x128(s3, s7, highHalves));
    }
}
