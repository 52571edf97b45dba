namespace Vae.MLNet.Numerics;

/// <summary>
/// The handful of single-precision SIMD operations the managed GEMM needs, as static members so one generic kernel can
/// be specialised by the JIT for each hardware vector width (the runtime's own equivalent interface is not public).
/// </summary>
/// <typeparam name="TVector">The vector type, e.g. <see cref="System.Runtime.Intrinsics.Vector512{T}"/> of float.</typeparam>
internal unsafe interface IFloatVectorOps<TVector>
    where TVector : unmanaged
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    /// <summary>
    /// Vectors per row of the GEMM register tile: 4 where the register file holds 6 × 4 accumulators beside the
    /// operands (AVX-512's 32 registers), otherwise 2.
    /// </summary>
    static abstract int TileVectors { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVector Zero { get; }

    /// <summary>All lanes set to <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(float value);

    /// <summary>Loads <see cref="Count"/> floats from any alignment.</summary>
    static abstract TVector Load(float* source);

    /// <summary>Stores <see cref="Count"/> floats to any alignment.</summary>
    static abstract void Store(float* destination, TVector value);

    /// <summary>left·right + addend, with a single rounding where the CPU fuses them (<see cref="HardwareMultiplyAdd"/>).</summary>
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    /// <summary>Lane-wise sum.</summary>
    static abstract TVector Add(TVector left, TVector right);
}
