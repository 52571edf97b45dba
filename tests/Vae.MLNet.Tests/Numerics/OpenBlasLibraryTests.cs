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

    [TestMethod]
    [DataRow("OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64", "0.3.21")]
    [DataRow("OpenBLAS 0.3.28.dev DYNAMIC_ARCH", "0.3.28.dev")]
    [DataRow("NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell", null)]
    [DataRow("OpenBLAS DYNAMIC_ARCH", null)]
    [DataRow("", null)]
    [DataRow(null, null)]
    public void TheVersionIsReadFromTheStartOfTheConfiguration(string? config, string? version)
    {
        Assert.AreEqual(version, OpenBlasLibrary.VersionIn(config));
    }

    [TestMethod]
    public void TheLoadedLibraryReportsItsVersion()
    {
        if (OpenBlasLibrary.Instance is not { } library)
        {
            Assert.Inconclusive("OpenBLAS is not installed.");
            return;
        }

        // Every distribution's OpenBLAS is 0.3 or later, whose configuration string begins with the version.
        StringAssert.Matches(library.Version, new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+"));
    }

    [TestMethod]
    public void AFileThatIsNoLibraryIsReportedByItsPathAndTheLoadersReason()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-openblas-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "not a library");
        try
        {
            Assert.IsNull(OpenBlasLibrary.Load([path], out string? failure));

            Assert.IsNotNull(failure);
            Assert.Contains(path, failure);
            Assert.DoesNotContain("strace", failure, "the runtime's advice is left out, the loader's reason kept");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ANameNoFileHasIsReportedAsTheLoaderSaysIt()
    {
        Assert.IsNull(OpenBlasLibrary.Load(["libno-such-openblas.so.0"], out string? failure));

        Assert.IsNotNull(failure);
        Assert.Contains("libno-such-openblas.so.0", failure);
    }

    [TestMethod]
    public void ACandidateThatLoadsAfterOneThatDoesNotLeavesNoFailure()
    {
        if (OpenBlasLibrary.Instance is null)
        {
            Assert.Inconclusive("OpenBLAS is not installed.");
            return;
        }

        Assert.IsNotNull(OpenBlasLibrary.Load(["libno-such-openblas.so.0", .. OpenBlasLibrary.CandidateNames], out string? failure));
        Assert.IsNull(failure);
        Assert.IsNull(OpenBlasLibrary.Failure);
    }
}
