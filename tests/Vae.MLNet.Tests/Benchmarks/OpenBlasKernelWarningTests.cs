using Vae.MLNet.Benchmarks;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Benchmarks;

[TestClass]
public sealed class OpenBlasKernelWarningTests
{
    [TestMethod]
    public void KernelsTheEnvironmentPinsAreWarnedOfWithTheCommandForOpenBlassOwnChoice()
    {
        Assert.AreEqual(
            "OPENBLAS_CORETYPE=Haswell is set, so OpenBLAS runs its Haswell kernels instead of those it picks for this CPU; "
            + "to measure its own choice, run env -u OPENBLAS_CORETYPE dotnet run -c Release --project tests/Vae.MLNet.Benchmarks -- gemm ...",
            OpenBlasKernelWarning.Warning("gemm", "Haswell", "Haswell", "0.3.21", OpenBlasKernels.Level.Avx512));
    }

    [TestMethod]
    public void AFallbackOpenBlasPickedItselfIsWarnedOfWithTheCommandForTheCpusOwnKernels()
    {
        Assert.AreEqual(
            "OpenBLAS 0.3.21 runs its Prescott kernels here, narrower than this CPU's AVX-512 instructions (a release older than the CPU falls back so); "
            + "to measure it on the CPU's own, run OPENBLAS_CORETYPE=SkylakeX dotnet run -c Release --project tests/Vae.MLNet.Benchmarks -- mnist ...",
            OpenBlasKernelWarning.Warning("mnist", null, "Prescott", "0.3.21", OpenBlasKernels.Level.Avx512));
        StringAssert.StartsWith(
            OpenBlasKernelWarning.Warning("gemm", "", "Nehalem", null, OpenBlasKernels.Level.Avx2),
            "OpenBLAS runs its Nehalem kernels here, narrower than this CPU's AVX2 instructions (a release older than the CPU falls back so); "
            + "to measure it on the CPU's own, run OPENBLAS_CORETYPE=Haswell ");
    }

    [TestMethod]
    [DataRow("SkylakeX", "Avx512")]
    [DataRow("Haswell", "Avx2")]
    [DataRow("Prescott", "Sse")]
    [DataRow(null, "Avx512")]
    public void OpenBlassOwnKernelsForTheCpuAreNotWarnedOf(string? core, string cpuLevel)
    {
        Assert.IsNull(OpenBlasKernelWarning.Warning("gemm", null, core, "0.3.21", Enum.Parse<OpenBlasKernels.Level>(cpuLevel)));
    }
}
