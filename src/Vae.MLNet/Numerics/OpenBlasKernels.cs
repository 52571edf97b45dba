using System.Runtime.Intrinsics.X86;

namespace Vae.MLNet.Numerics;

/// <summary>
/// The vector instructions OpenBLAS's x86 kernel sets multiply with, by the names <c>openblas_get_corename</c> gives
/// them. An OpenBLAS release older than the CPU does not recognise it and falls back to old kernels: Debian's 0.3.21
/// runs Prescott's (SSE3) on Intel's Emerald Rapids, at under half the speed of the managed AVX2 kernel there.
/// </summary>
internal static class OpenBlasKernels
{
    /// <summary>The widest vector instructions of a set of kernels or of a CPU, in order.</summary>
    public enum Level
    {
        /// <summary>SSE or older.</summary>
        Sse,

        /// <summary>AVX without FMA.</summary>
        Avx,

        /// <summary>AVX2 with FMA.</summary>
        Avx2,

        /// <summary>AVX-512 F, CD, BW, DQ and VL, which OpenBLAS's SkylakeX kernels need.</summary>
        Avx512,
    }

    private static readonly Dictionary<string, Level> LevelOfCore = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SkylakeX"] = Level.Avx512, ["Cooperlake"] = Level.Avx512, ["SapphireRapids"] = Level.Avx512,
        ["Haswell"] = Level.Avx2, ["Zen"] = Level.Avx2, ["Excavator"] = Level.Avx2,
        ["Sandybridge"] = Level.Avx, ["Bulldozer"] = Level.Avx, ["Piledriver"] = Level.Avx, ["Steamroller"] = Level.Avx,
        ["Katmai"] = Level.Sse, ["Coppermine"] = Level.Sse, ["Northwood"] = Level.Sse, ["Prescott"] = Level.Sse,
        ["Banias"] = Level.Sse, ["Atom"] = Level.Sse, ["Core2"] = Level.Sse, ["Penryn"] = Level.Sse,
        ["Dunnington"] = Level.Sse, ["Nehalem"] = Level.Sse, ["Athlon"] = Level.Sse, ["Opteron"] = Level.Sse,
        ["Opteron_SSE3"] = Level.Sse, ["Barcelona"] = Level.Sse, ["Nano"] = Level.Sse, ["Bobcat"] = Level.Sse,
    };

    /// <summary>The widest instructions this process may run, as the runtime reports them.</summary>
    public static Level CpuLevel =>
        Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx512CD.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported ? Level.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? Level.Avx2
        : Avx.IsSupported ? Level.Avx
        : Level.Sse;

    /// <summary>
    /// The kernels OpenBLAS runs for <paramref name="level"/>'s instructions, as OPENBLAS_CORETYPE names them; null for
    /// <see cref="Level.Sse"/>, whose kernels differ from CPU to CPU.
    /// </summary>
    public static string? CoreFor(Level level) => level switch
    {
        Level.Avx512 => "SkylakeX",
        Level.Avx2 => "Haswell",
        Level.Avx => "Sandybridge",
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="coreName"/> names x86 kernels with narrower instructions than <paramref name="cpuLevel"/>:
    /// OpenBLAS's fallback on a CPU it does not know. An unnamed core, or one not listed (another architecture's or a
    /// newer one), is taken as OpenBLAS's right choice.
    /// </summary>
    public static bool AreNarrowerThan(string? coreName, Level cpuLevel) =>
        coreName is not null && LevelOfCore.TryGetValue(coreName, out Level level) && level < cpuLevel;

    /// <summary>
    /// Whether <paramref name="coreName"/> names kernels narrower than the managed kernel runs on a CPU of
    /// <paramref name="cpuLevel"/> where 512-bit vectors are not accelerated, the only place <see cref="GemmBackend.Auto"/>
    /// weighs OpenBLAS: that kernel is 256-bit at most, so OpenBLAS's AVX2 kernels are no fallback on an AVX-512 CPU
    /// whose 512-bit vectors .NET leaves unaccelerated.
    /// </summary>
    public static bool AreNarrowerThanManagedKernel(string? coreName, Level cpuLevel) =>
        AreNarrowerThan(coreName, ManagedKernelLevel(cpuLevel));

    /// <summary>The widest instructions the managed kernel runs on a CPU of <paramref name="cpuLevel"/> without accelerated 512-bit vectors.</summary>
    public static Level ManagedKernelLevel(Level cpuLevel) => cpuLevel < Level.Avx2 ? cpuLevel : Level.Avx2;

    /// <summary>How Intel names <paramref name="level"/>'s instructions: AVX-512, AVX2, AVX or SSE.</summary>
    public static string NameOf(Level level) => level switch
    {
        Level.Avx512 => "AVX-512",
        Level.Avx2 => "AVX2",
        Level.Avx => "AVX",
        _ => "SSE",
    };
}
