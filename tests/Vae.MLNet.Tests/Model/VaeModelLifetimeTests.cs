using System.Runtime.CompilerServices;
using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class VaeModelLifetimeTests
{
    private const int Features = 6;

    /// <summary>
    /// The test's thread outlives the model, as a server's threads outlive the models it loads and drops: a pool that
    /// parked its workspaces in that thread's storage would keep the weights alive through it.
    /// </summary>
    [TestMethod]
    public void AModelThatScoredOnAThreadStillRunningIsCollectedWithItsWeights()
    {
        WeakReference[] held = ScoreAndForget();

        for (int attempt = 0; attempt < 3 && held.Any(reference => reference.IsAlive); attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.IsFalse(held[0].IsAlive, "the model is still reachable after it was dropped");
        Assert.IsFalse(held[1].IsAlive, "the weights of a dropped model are still reachable from the thread it scored on");
    }

    // Not inlined, so no local of the caller's frame still holds the model when it collects.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] ScoreAndForget()
    {
        VaeModel model = new(
            VaeNetwork.Create(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2 }, Features, new Random(1)),
            null,
            new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Gemm = GemmBackend.Managed, NumberOfThreads = 1 },
            new VaeTrainingHistory([], null, false, GemmBackend.Managed),
            featureNames: null);
        float[] rows = [.. Enumerable.Range(0, 3 * Features).Select(i => i % 2f)];

        model.ScoreRows(rows, new float[3], default);

        return [new WeakReference(model), new WeakReference(model.Network)];
    }
}
