using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Scoring;

/// <summary>What one scoring call costs besides the graph's arithmetic, counted rather than timed.</summary>
[TestClass]
public sealed class ScoringPerCallWorkTests
{
    /// <summary>
    /// A batch scored whole allocated, besides the call's closures, a pinned-memory wrapper per buffer and the outputs'
    /// arrays every run: 616–1 024 bytes a call here, 1 184–1 376 with the loss, where the closures alone are 416–560.
    /// </summary>
    [TestMethod]
    public void ABatchScoredWholeAllocatesLittleMoreThanTheCallsClosures()
    {
        const int rows = 3;
        const int boundBytesPerCall = 600;
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Relu, scaled: true, seed: 2);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine, concurrentRuns: 1);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        float[] features = ScoringTestModels.Rows(rows, d, seed: 3);
        var (mean, logVariance, reconstruction, reconstructionLogVariance) = (new float[rows * k], new float[rows * k], new float[rows * d], new float[rows * d]);
        var (error, score) = (new float[rows], new float[rows]);
        (string Name, Action Call)[] calls =
        [
            ("Encode", () => onnx.Encode(features, mean, logVariance)),
            ("Decode", () => onnx.Decode(mean, reconstruction, reconstructionLogVariance)),
            ("Reconstruct", () => onnx.Reconstruct(features, reconstruction)),
            ("Transform", () => onnx.Transform(features, mean, default, reconstruction, default, default)),
            ("Transform with the loss", () => onnx.Transform(features, mean, default, reconstruction, error, score)),
            ("ScoreRows", () => onnx.ScoreRows(features, error, score)),
        ];

        foreach ((string name, Action call) in calls)
        {
            Assert.IsLessThanOrEqualTo(boundBytesPerCall, BytesPerCall(call), name);
        }
    }

    /// <summary>
    /// The fewest bytes a call allocated on this thread, averaged over a round, in any of three rounds after a warm-up:
    /// the first calls make sessions and fill pools, and a round can meet the runtime's own one-off allocations.
    /// </summary>
    private static double BytesPerCall(Action call)
    {
        const int calls = 500;
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        double fewest = double.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            fewest = Math.Min(fewest, (double)(GC.GetAllocatedBytesForCurrentThread() - before) / calls);
        }

        return fewest;
    }
}
