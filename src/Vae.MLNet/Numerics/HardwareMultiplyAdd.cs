using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Vae.MLNet.Numerics;

/// <summary>
/// left·right + addend, rounded once where the CPU has a fused multiply-add instruction (x86's FMA3, Arm64's AdvSimd)
/// and rounded after the product and after the sum elsewhere. .NET's FusedMultiplyAdd keeps its single rounding on a
/// CPU without the instruction by fusing each lane in software, which made the managed matrix product some 40 times
/// slower there (Sandy and Ivy Bridge, Atom, Celeron and Pentium Silver, QEMU's default model). The two roundings give
/// other last bits, so the kernel name a training history records says which ran (<see cref="ManagedMatrixMultiplier.Kernel"/>).
/// </summary>
internal static class HardwareMultiplyAdd
{
    /// <summary>Whether the multiply-adds here round once; a constant to the JIT, so each branch below folds away.</summary>
    public static bool IsFused
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fma.IsSupported || AdvSimd.IsSupported;
    }

    /// <summary>left·right + addend, fused where <see cref="IsFused"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Of(float left, float right, float addend) =>
        IsFused ? MathF.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;

    /// <summary>left·right + addend lane by lane, fused where <see cref="IsFused"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Of(Vector<float> left, Vector<float> right, Vector<float> addend) =>
        IsFused ? Vector.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;

    /// <summary>left·right + addend lane by lane, fused where <see cref="IsFused"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Of(Vector128<float> left, Vector128<float> right, Vector128<float> addend) =>
        IsFused ? Vector128.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;

    /// <summary>left·right + addend lane by lane, fused where <see cref="IsFused"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(Vector256<float> left, Vector256<float> right, Vector256<float> addend) =>
        IsFused ? Vector256.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;

    /// <summary>left·right + addend lane by lane, fused where <see cref="IsFused"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        IsFused ? Vector512.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;
}
