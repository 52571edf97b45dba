using System.Runtime.Intrinsics;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class OpenBlasKernelsTests
{
    [TestMethod]
    [DataRow("Prescott", "Avx512", true, DisplayName = "Emerald Rapids under OpenBLAS 0.3.21")]
    [DataRow("Prescott", "Avx2", true)]
    [DataRow("nehalem", "Avx", true, DisplayName = "names are matched ignoring case, as OPENBLAS_CORETYPE is")]
    [DataRow("Sandybridge", "Avx2", true)]
    [DataRow("Haswell", "Avx512", true)]
    [DataRow("Haswell", "Avx2", false)]
    [DataRow("Zen", "Avx2", false)]
    [DataRow("SkylakeX", "Avx512", false)]
    [DataRow("Cooperlake", "Avx2", false, DisplayName = "wider kernels than .NET uses are OpenBLAS's to run")]
    [DataRow("Prescott", "Sse", false)]
    [DataRow("NEOVERSEN1", "Avx512", false, DisplayName = "another architecture's core is OpenBLAS's choice")]
    [DataRow(null, "Avx512", false)]
    public void KernelsAreAFallbackWhenTheirInstructionsAreNarrowerThanTheCpus(string? coreName, string cpuLevel, bool narrower)
    {
        Assert.AreEqual(narrower, OpenBlasKernels.AreNarrowerThan(coreName, Enum.Parse<OpenBlasKernels.Level>(cpuLevel)));
    }

    [TestMethod]
    [DataRow("Prescott", "Avx512", true)]
    [DataRow("Sandybridge", "Avx2", true)]
    [DataRow("Haswell", "Avx512", false, DisplayName = "the managed kernel without 512-bit vectors is no wider than AVX2")]
    [DataRow("Zen", "Avx512", false)]
    [DataRow("SkylakeX", "Avx512", false)]
    [DataRow("Sandybridge", "Avx", false)]
    [DataRow("Nehalem", "Sse", false)]
    public void KernelsFallBehindTheManagedKernelOnlyWhenNarrowerThanItsAtMost256BitInstructions(string coreName, string cpuLevel, bool narrower)
    {
        Assert.AreEqual(narrower, OpenBlasKernels.AreNarrowerThanManagedKernel(coreName, Enum.Parse<OpenBlasKernels.Level>(cpuLevel)));
    }

    [TestMethod]
    public void WhereTheRuntimeAcceleratesWideVectorsTheCpuLevelIsAtLeastTheirs()
    {
        // .NET accelerates 512-bit vectors only with AVX-512 F, CD, BW, DQ and VL, and 256-bit ones only with AVX2, so
        // with DOTNET_EnableAVX2=0 neither is accelerated on a CPU that has AVX.
        if (Vector512.IsHardwareAccelerated)
        {
            Assert.AreEqual(OpenBlasKernels.Level.Avx512, OpenBlasKernels.CpuLevel);
        }
        else if (Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx.IsSupported)
        {
            Assert.IsTrue(OpenBlasKernels.CpuLevel >= OpenBlasKernels.Level.Avx, OpenBlasKernels.CpuLevel.ToString());
        }
        else
        {
            Assert.Inconclusive("The runtime accelerates neither 512-bit nor 256-bit vectors here.");
        }
    }
}
