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
    [DataRow(1)]
    [DataRow(3)]
    public void ACallScoredWholeAllocatesLittleMoreThanItsClosures(int rows)
    {
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
    /// A single row scored whole made and released a tensor per input and output on every run: 3 a call to encode, 5 to
    /// transform, 6 with the loss. Its runs are bound once and then only run, whether the model has one run or two and
    /// too narrow a network to cut a row by weights.
    /// </summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(0)]
    public void ASingleRowScoredWholeMakesItsTensorsOnceThenOnlyRuns(int concurrentRuns)
    {
        const int rows = 20;
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.Relu, scaled: true, seed: 4);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine, concurrentRuns: concurrentRuns);
        int d = engine.InputDimension;
        int k = engine.LatentDimension;
        float[] features = ScoringTestModels.Rows(rows, d, seed: 5);
        float[] latent = ScoringTestModels.Rows(rows, k, seed: 6, low: -2f, high: 2f);
        var (batchMean, batchLogVariance, batchReconstruction, batchDecoded, batchDecodedLogVariance, batchError, batchScore) =
            (new float[rows * k], new float[rows * k], new float[rows * d], new float[rows * d], new float[rows * d], new float[rows], new float[rows]);
        onnx.Transform(features, batchMean, batchLogVariance, batchReconstruction, batchError, batchScore);
        onnx.Decode(latent, batchDecoded, batchDecodedLogVariance);

        var (mean, logVariance, reconstruction, decoded, decodedLogVariance, error, score) =
            (new float[rows * k], new float[rows * k], new float[rows * d], new float[rows * d], new float[rows * d], new float[rows], new float[rows]);
        var (encodedMean, reconstructed, transformedMean, transformed, scoredError) = (new float[rows * k], new float[rows * d], new float[rows * k], new float[rows * d], new float[rows]);
        long tensorsMadeByTheFirstRow = 0;
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> x = features.AsSpan(row * d, d);
            onnx.Encode(x, encodedMean.AsSpan(row * k, k), default);
            onnx.Decode(latent.AsSpan(row * k, k), decoded.AsSpan(row * d, d), decodedLogVariance.AsSpan(row * d, d));
            onnx.Reconstruct(x, reconstructed.AsSpan(row * d, d));
            onnx.Transform(x, transformedMean.AsSpan(row * k, k), default, transformed.AsSpan(row * d, d), default, default);
            onnx.Transform(x, mean.AsSpan(row * k, k), logVariance.AsSpan(row * k, k), reconstruction.AsSpan(row * d, d), error.AsSpan(row, 1), score.AsSpan(row, 1));
            onnx.ScoreRows(x, scoredError.AsSpan(row, 1), default);
            if (row == 0)
            {
                tensorsMadeByTheFirstRow = onnx.TensorsMade;
            }
        }

        Assert.AreEqual(tensorsMadeByTheFirstRow, onnx.TensorsMade, "tensors made after the first row's calls");
        VaeOnnxModelScoringTests.AssertClose(batchMean, encodedMean, relative: true, "latent means, encoded");
        VaeOnnxModelScoringTests.AssertClose(batchDecoded, decoded, relative: true, "decoded");
        VaeOnnxModelScoringTests.AssertClose(batchDecodedLogVariance, decodedLogVariance, relative: true, "decoded log-variances");
        VaeOnnxModelScoringTests.AssertClose(batchReconstruction, reconstructed, relative: true, "reconstructed");
        VaeOnnxModelScoringTests.AssertClose(batchMean, transformedMean, relative: true, "latent means, transformed");
        VaeOnnxModelScoringTests.AssertClose(batchReconstruction, transformed, relative: true, "transformed");
        VaeOnnxModelScoringTests.AssertClose(batchMean, mean, relative: true, "latent means, with the loss");
        VaeOnnxModelScoringTests.AssertClose(batchLogVariance, logVariance, relative: true, "latent log-variances, with the loss");
        VaeOnnxModelScoringTests.AssertClose(batchReconstruction, reconstruction, relative: true, "reconstruction, with the loss");
        VaeOnnxModelScoringTests.AssertClose(batchError, error, relative: true, "reconstruction errors, with the loss");
        VaeOnnxModelScoringTests.AssertClose(batchScore, score, relative: true, "anomaly scores");
        VaeOnnxModelScoringTests.AssertClose(batchError, scoredError, relative: true, "reconstruction errors, ScoreRows");
    }

    /// <summary>
    /// Callers overlapping with single rows each rent a set of bound buffers, and those that find every set rented score
    /// through tensors of their own: neither may hand one caller's row to another.
    /// </summary>
    [TestMethod]
    public void SingleRowsFromMoreThreadsThanBoundSetsEachGetTheirOwnRowScored()
    {
        const int callers = 8;
        const int rows = 200;
        VaeModel engine = ScoringTestModels.Create(VaeLikelihood.Gaussian, VaeActivation.Tanh, scaled: true, seed: 7);
        using VaeOnnxModel onnx = VaeOnnxModel.FromModel(engine, concurrentRuns: 1);
        int d = engine.InputDimension;
        float[][] features = [.. Enumerable.Range(0, callers).Select(caller => ScoringTestModels.Rows(rows, d, seed: 60 + caller))];
        float[][] expected = [.. features.Select(_ => new float[rows])];
        float[][] actual = [.. features.Select(_ => new float[rows])];
        for (int caller = 0; caller < callers; caller++)
        {
            for (int row = 0; row < rows; row++)
            {
                onnx.ScoreRows(features[caller].AsSpan(row * d, d), expected[caller].AsSpan(row, 1), default);
            }
        }

        using var start = new Barrier(callers);
        Task[] calls = [.. Enumerable.Range(0, callers).Select(caller => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int row = 0; row < rows; row++)
                {
                    onnx.ScoreRows(features[caller].AsSpan(row * d, d), actual[caller].AsSpan(row, 1), default);
                }
            },
            TaskCreationOptions.LongRunning))];
        Assert.IsTrue(Task.WaitAll(calls, TimeSpan.FromSeconds(60)), "concurrent calls did not finish");
        for (int caller = 0; caller < callers; caller++)
        {
            CollectionAssert.AreEqual(expected[caller], actual[caller], $"caller {caller}");
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
