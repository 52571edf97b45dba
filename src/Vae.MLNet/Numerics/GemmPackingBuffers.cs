using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Numerics;

/// <summary>
/// Scratch space one partition of a managed GEMM packs A and B into and finds the steps at which A's row tiles are not
/// zero in. Kept between calls so steady-state training does not allocate; pinned so kernels can hold raw pointers;
/// packed operands cache-line aligned so vector loads never split lines.
/// </summary>
internal sealed unsafe class GemmPackingBuffers
{
    private const int AlignmentFloats = 16;

    private float[] _a = [];
    private float[] _b = [];
    private int[] _rowBits = [];
    private int[] _liveStepCounts = [];
    private int[] _liveSteps = [];

    /// <summary>Space for at least <paramref name="length"/> floats of packed A, growing the buffer if needed.</summary>
    public float* PackedA(int length) => Aligned(ref _a, length);

    /// <summary>Space for at least <paramref name="length"/> floats of packed B, growing the buffer if needed.</summary>
    public float* PackedB(int length) => Aligned(ref _b, length);

    /// <summary>Space for at least <paramref name="length"/> ints of marks for the rows of A, growing the buffer if needed.</summary>
    public int* RowBits(int length) => Pinned(ref _rowBits, length);

    /// <summary>Space for at least <paramref name="length"/> counts, one per row tile of A, growing the buffer if needed.</summary>
    public int* LiveStepCounts(int length) => Pinned(ref _liveStepCounts, length);

    /// <summary>Space for at least <paramref name="length"/> step indices, a list per row tile of A, growing the buffer if needed.</summary>
    public int* LiveSteps(int length) => Pinned(ref _liveSteps, length);

    private static T* Pinned<T>(ref T[] buffer, int length)
        where T : unmanaged
    {
        if (buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<T>(length, pinned: true);
        }

        return (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
    }

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
