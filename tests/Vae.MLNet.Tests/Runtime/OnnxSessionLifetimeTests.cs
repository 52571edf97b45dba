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
}
