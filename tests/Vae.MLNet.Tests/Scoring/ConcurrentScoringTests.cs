using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Tests.Evaluation;

namespace Vae.MLNet.Tests.Scoring;

[TestClass]
public sealed class ConcurrentScoringTests
{
    private const int Features = 40;

    [TestMethod]
    public void CallsInFlightTogetherEachHoldAPassAndAMultiplierOfTheirOwn()
    {
        var pool = new ScoringWorkspaces(EvaluationModels.Gaussian.Model.Network, GemmBackend.Managed, threads: 2, rowsPerPass: 16);

        ScoringWorkspaces.Workspace first = pool.Rent(16);
        ScoringWorkspaces.Workspace second = pool.Rent(16);
        Assert.AreNotSame(first.Pass, second.Pass);
        Assert.AreNotSame(first.Gemm, second.Gemm);

        first.Dispose();
        using ScoringWorkspaces.Workspace third = pool.Rent(16);
        Assert.AreSame(first, third, "a returned workspace is reused rather than a new one made");
        second.Dispose();
    }

    [TestMethod]
    public void APassHoldsTheRowsOfTheLargestCallSoFarUpToTheLimit()
    {
        var pool = new ScoringWorkspaces(EvaluationModels.Gaussian.Model.Network, GemmBackend.Managed, threads: 1, rowsPerPass: 16);

        int Capacity(int rows)
        {
            using ScoringWorkspaces.Workspace workspace = pool.Rent(rows);
            return workspace.Pass.Capacity;
        }

        Assert.AreEqual(3, Capacity(3), "a call scoring a few rows takes buffers for those rows only");
        Assert.AreEqual(3, Capacity(2), "a larger pass serves a smaller call");
        Assert.AreEqual(16, Capacity(1000), "a large call takes the limit and goes in passes");
        Assert.AreEqual(16, Capacity(5));
    }

    [TestMethod]
    public void CallsFromSeveralThreadsGiveTheResultsOfCallsMadeOneAfterAnother()
    {
        // Products of 256 rows by 40 by 64 are split over both threads, so the calls also share the thread pool's helpers.
        const int rows = 600;
        float[] values = new float[rows * Features];
        var random = new Random(5);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        var options = new VaeOptions { HiddenLayerSizes = [64], LatentDimension = 4, Epochs = 1, NumberOfThreads = 2, Gemm = GemmBackend.Managed, Seed = 3 };
        VaeModel model = new VaeTrainer(options).Fit(VaeDataset.FromArray(values, Features));
        float[] expected = new float[values.Length];
        model.Reconstruct(values, expected);

        const int callers = 8;
        float[][] actual = Enumerable.Range(0, callers).Select(_ => new float[values.Length]).ToArray();
        using var start = new Barrier(callers);
        Task[] calls = Enumerable.Range(0, callers).Select(c => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int repeat = 0; repeat < 5; repeat++)
                {
                    model.Reconstruct(values, actual[c]);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        Assert.IsTrue(Task.WaitAll(calls, TimeSpan.FromSeconds(60)), "concurrent calls did not finish");

        foreach (float[] result in actual)
        {
            CollectionAssert.AreEqual(expected, result);
        }
    }
}
