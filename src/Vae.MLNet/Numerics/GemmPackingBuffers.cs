using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// Scratch space one partition of a managed GEMM packs A and B into. Kept between calls so steady-state training does
/// not allocate; pinned so kernels can hold raw pointers; cache-line aligned so vector loads never split lines.
/// </summary>
internal sealed unsafe class GemmPackingBuffers
{
    private const int AlignmentFloats = 16;

    private float[] _a = [];
    private float[] _b = [];

    /// <summary>Space for at least <paramref name="length"/> floats of packed A, growing the buffer if needed.</summary>
    public float* PackedA(int length) => Aligned(ref _a, length);

    /// <summary>Space for at least <paramref name="length"/> floats of packed B, growing the buffer if needed.</summary>
    public float* PackedB(int length) => Aligned(ref _b, length);

    private static float* Aligned(ref float[] buffer, int length)
    {
        if (buffer.Length < length + AlignmentFloats)
        {
            buffer = GC.AllocateUninitializedArray<float>(length + AlignmentFloats, pinned: true);
        }

        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        const nint mask = (AlignmentFloats * sizeof(float)) - 1;
        return (float*)((start + mask) & ~mask);
    }
}
