using System.Runtime.CompilerServices;
using Vae.MLNet.Model;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class OnnxSessionLifetimeTests
{
    [TestMethod]
    public void DisposingTwiceIsHarmless()
    {
        OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);

        session.Dispose();
        session.Dispose();

        Assert.HasCount(1, session.Inputs);
    }

    [TestMethod]
    public void RunAfterDisposeThrows()
    {
        OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
        session.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => session.Run(1, "x", new float[4], "y", new float[3]));
        Assert.ThrowsExactly<ObjectDisposedException>(
            () => session.Run(1, [new OnnxInput("x", new float[4])], [new OnnxOutput("y", new float[3])]));
    }

    [TestMethod]
    public void ManySessionsShareTheEnvironment()
    {
        // Sessions come and go while the process-wide environment stays; a released env would fail here.
        for (int i = 0; i < 3; i++)
        {
            using OnnxSession session = RuntimeTestModels.Open(RuntimeTestModels.GemmRelu);
            var y = new float[3];
            session.Run(1, "x", new float[] { 1, 0, 0, 0 }, "y", y);
            CollectionAssert.AreEqual(new float[] { 0.6f, 0, 0.3f }, y);
        }
    }

    [TestMethod]
    [DoNotParallelize] // Another test's allocations would run the collector this test needs the sessions to run.
    public void SessionsNobodyDisposesAreCollectedAsTheirNativeMemoryGrows()
    {
        // An MNIST-sized encoder, 1.3 MB serialized, whose session holds about 2.5 MB in ONNX Runtime.
        var options = new VaeOptions { HiddenLayerSizes = [400], LatentDimension = 20 };
        var model = new VaeModel(
            VaeNetwork.Create(options, 784, new Random(2)), null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);
        byte[] encoder = model.ExportOnnx().Encoder;

        // The collector runs for memory pressure at most a fifth of the time, and in the background, so the loop goes on
        // until the first session has been collected, up to a bound that the few managed bytes per session never brought
        // a collection to when the collector was not told of the native memory.
        const int bound = 500;
        var dropped = new List<WeakReference> { OpenAndDrop(encoder) };
        while (dropped[0].IsAlive && dropped.Count < bound)
        {
            dropped.Add(OpenAndDrop(encoder));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.IsLessThan(bound, dropped.Count, "The first undisposed session was never collected while more piled up in native memory.");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference OpenAndDrop(byte[] model)
    {
        var session = new OnnxSession(model);
        session.Run(1, "Features", new float[784], "LatentMean", new float[20]);
        return new WeakReference(session);
    }
}
