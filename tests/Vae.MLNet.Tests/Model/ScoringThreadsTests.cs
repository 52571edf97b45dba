using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class ScoringThreadsTests
{
    // Wide enough that a 256-row pass gives each of several threads products of its own.
    private static VaeModel Model(GemmBackend gemm, int? threads) => new(
        VaeNetwork.Create(new VaeOptions { HiddenLayerSizes = [512, 256], LatentDimension = 16 }, 300, new Random(4)),
        null,
        new VaeOptions { HiddenLayerSizes = [512, 256], LatentDimension = 16, NumberOfThreads = threads, Gemm = gemm },
        new VaeTrainingHistory([], null, false, gemm),
        featureNames: null);

    private static float[] Reconstructed(VaeModel model)
    {
        var random = new Random(5);
        float[] rows = [.. Enumerable.Range(0, 600 * 300).Select(_ => (float)random.NextDouble())];
        var reconstruction = new float[rows.Length];
        model.Reconstruct(rows, reconstruction);
        return reconstruction;
    }

    [TestMethod]
    public void AModelScoresWithTheThreadsItWasTrainedWithUnlessGivenOthers()
    {
        VaeModel trained = Model(GemmBackend.Managed, 1);

        VaeModel wider = trained.WithNumberOfThreads(3);
        VaeModel everyProcessor = trained.WithNumberOfThreads(null);

        Assert.AreEqual(1, trained.NumberOfThreads);
        Assert.AreEqual(1, trained.ScoringThreads);
        Assert.AreEqual(3, wider.NumberOfThreads);
        Assert.AreEqual(3, wider.ScoringThreads);
        Assert.IsNull(everyProcessor.NumberOfThreads);
        Assert.AreEqual(Environment.ProcessorCount, everyProcessor.ScoringThreads);
        Assert.AreEqual(1, wider.Options.NumberOfThreads, "the options stay those it was trained with");
        Assert.AreEqual(Environment.ProcessorCount, Model(GemmBackend.Managed, null).ScoringThreads);
    }

    [TestMethod]
    [DataRow(GemmBackend.Managed)]
    [DataRow(GemmBackend.OpenBlas)]
    public void ThreadsScoreTheRowsAsOneThreadDoes(GemmBackend gemm)
    {
        if (gemm == GemmBackend.OpenBlas && !MatrixMultipliers.IsOpenBlasAvailable)
        {
            Assert.Inconclusive("OpenBLAS does not load here.");
        }

        VaeModel alone = Model(gemm, 1);

        CollectionAssert.AreEqual(Reconstructed(alone), Reconstructed(alone.WithNumberOfThreads(4)));
    }

    [TestMethod]
    public void ASavedModelLoadsWithTheThreadsItWasTrainedWith()
    {
        VaeModel wider = Model(GemmBackend.Managed, 1).WithNumberOfThreads(2);
        using var zip = new MemoryStream();

        wider.Save(zip);
        zip.Position = 0;
        VaeModel loaded = VaeModel.Load(zip);

        Assert.AreEqual(1, loaded.NumberOfThreads);
        Assert.AreEqual(1, loaded.ScoringThreads);
        CollectionAssert.AreEqual(Reconstructed(wider), Reconstructed(loaded));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(VaeOptions.MaxNumberOfThreads + 1)]
    public void ACountOutsideTheRangeIsRefusedNamingIt(int threads)
    {
        ArgumentOutOfRangeException exception = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Model(GemmBackend.Managed, 1).WithNumberOfThreads(threads));

        Assert.AreEqual("numberOfThreads", exception.ParamName);
    }
}
