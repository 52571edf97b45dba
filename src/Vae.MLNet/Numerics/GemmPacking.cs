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
        for (int first = 0; first < lanes; first += width)
        {
            PackSliver(source + (first * laneStride), laneStride, depthStride, Math.Min(width, lanes - first), depth, width, destination);
            destination += (nint)width * depth;
        }
    }

    private static void PackSliver(float* source, nint laneStride, nint depthStride, int lanes, int depth, int width, float* destination)
    {
        if (laneStride == 1 && lanes == width && width % TOps.Count == 0)
        {
            // The common interior case (B not transposed): each step is one contiguous run, copied in vectors
            // because a general copy call per 32 floats costs as much as the copy.
            for (int p = 0; p < depth; p++)
            {
                float* from = source + (p * depthStride);
                float* to = destination + ((nint)p * width);
                for (int lane = 0; lane < width; lane += TOps.Count)
                {
                    TOps.Store(to + lane, TOps.Load(from + lane));
                }
            }

            return;
        }

        if (lanes < width)
        {
            new Span<float>(destination, width * depth).Clear();
        }

        // Edges, and lanes far apart: walk each lane along its own (usually contiguous) run and scatter into the sliver.
        for (int lane = 0; lane < lanes; lane++)
        {
            float* from = source + (lane * laneStride);
            float* to = destination + lane;
            for (int p = 0; p < depth; p++)
            {
                to[(nint)p * width] = from[p * depthStride];
            }
        }
    }
}
