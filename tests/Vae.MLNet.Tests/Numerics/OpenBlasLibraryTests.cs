using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Numerics;

[TestClass]
public sealed class OpenBlasLibraryTests
{
    [TestMethod]
    public void TheCoreNameIsTheOneTheEnvironmentPinsOrOneOpenBlasPicked()
    {
        if (OpenBlasLibrary.Instance is not { } library)
        {
            Assert.Inconclusive("OpenBLAS is not installed.");
            return;
        }

        // OpenBLAS read the environment of this process when it loaded, and OPENBLAS_CORETYPE takes any case.
        if (Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is { Length: > 0 } pinned)
        {
            Assert.AreEqual(pinned, library.CoreName, ignoreCase: true);
        }
        else
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(library.CoreName));
        }
    }
}
