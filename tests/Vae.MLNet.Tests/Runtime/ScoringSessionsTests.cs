using Vae.MLNet.Onnx;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Scoring;

namespace Vae.MLNet.Tests.Runtime;

[TestClass]
public sealed class ScoringSessionsTests
{
    [TestMethod]
    public void TheAutoencoderSessionIsMadeOnceOnFirstUseAndNotAfterDisposal()
    {
        VaeOnnxGraphs graphs = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Relu, scaled: true, seed: 1).ExportOnnx();
        int exports = 0;
        var sessions = new ScoringSessions(graphs.Encoder, graphs.Decoder, () => { Interlocked.Increment(ref exports); return graphs.Autoencoder; }, graphs.TensorNames, intraOpThreads: 1);
        int exportsBeforeUse = exports;

        ScoringGraph[] asked = new ScoringGraph[8];
        Parallel.For(0, asked.Length, i => asked[i] = sessions.Autoencoder);
        sessions.Dispose();

        Assert.AreEqual(0, exportsBeforeUse, "encoding and decoding need no autoencoder session");
        Assert.AreEqual(1, exports);
        Assert.IsTrue(asked.All(session => ReferenceEquals(session, asked[0])));
        Assert.ThrowsExactly<ObjectDisposedException>(() => asked[0].Session.Run(1, [], []));
        Assert.ThrowsExactly<ObjectDisposedException>(() => sessions.Autoencoder);
    }
}
