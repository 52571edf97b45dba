using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class HardwareMultiplyAddTests
{
    // (1 + 2⁻¹²)² = 1 + 2⁻¹¹ + 2⁻²⁴, whose last term a float product rounds away (a tie, to even): less 1 + 2⁻¹¹, the sum
    // keeps it only when rounded once. A multiply-add fused without the instruction is emulated lane by lane, some 40
    // times slower, so only CPUs that have it may fuse.
    private const float Factor = 1f + (1f / 4096);
    private const float Addend = -(1f + (1f / 2048));

    private static float Expected => Fma.IsSupported || AdvSimd.IsSupported ? 1f / (1 << 24) : 0f;

    [TestMethod]
    public void EveryKernelsMultiplyAddRoundsOnceExactlyWhereTheCpuFuses()
    {
        Assert.AreEqual(Expected, Vector128Ops.MultiplyAdd(Vector128.Create(Factor), Vector128.Create(Factor), Vector128.Create(Addend))[0]);
        Assert.AreEqual(Expected, Vector256Ops.MultiplyAdd(Vector256.Create(Factor), Vector256.Create(Factor), Vector256.Create(Addend))[0]);
        Assert.AreEqual(Expected, Vector512Ops.MultiplyAdd(Vector512.Create(Factor), Vector512.Create(Factor), Vector512.Create(Addend))[0]);
    }

    [TestMethod]
    public void TheScalarAndVectorMultiplyAddsRoundOnceExactlyWhereTheCpuFuses()
    {
        Assert.AreEqual(Expected, HardwareMultiplyAdd.Of(Factor, Factor, Addend));
        Assert.AreEqual(Expected, HardwareMultiplyAdd.Of(new Vector<float>(Factor), new Vector<float>(Factor), new Vector<float>(Addend))[0]);
    }
}
