using Vae.MLNet.Benchmarks;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Benchmarks;

[TestClass]
public sealed class GemmBenchmarkTests
{
    [TestMethod]
    public void TheOpenBlasCoreIsTheOneTheEnvironmentPinsOrOneOpenBlasPicked()
    {
        if (!MatrixMultipliers.IsOpenBlasAvailable)
        {
            Assert.Inconclusive("OpenBLAS is not installed.");
        }

        string? core = GemmBenchmark.OpenBlasCore();

        // OpenBLAS read the environment of this process when it loaded, and OPENBLAS_CORETYPE takes any case.
        if (Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is { Length: > 0 } pinned)
        {
            Assert.AreEqual(pinned, core, ignoreCase: true);
        }
        else
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(core));
        }
    }
}
