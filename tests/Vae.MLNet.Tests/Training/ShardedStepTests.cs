using System.Runtime.Intrinsics;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class ShardedStepTests
{
    private static readonly VaeOptions Architecture = new() { HiddenLayerSizes = [24], LatentDimension = 3, Likelihood = VaeLikelihood.Gaussian };

    [TestMethod]
    [DataRow(null)]
    [DataRow(0.05f)]
    public void ShardsAddUpToTheStepOfTheWholeBatch(float? clipNorm)
    {
        var random = new Random(5);
        VaeDataset data = VaeDataset.FromArray(Enumerable.Range(0, 70 * 6).Select(_ => (float)random.NextDouble()).ToArray(), 6);
        int[] rows = Enumerable.Range(0, 70).ToArray();
        VaeNetwork initial = VaeNetwork.Create(Architecture, 6, new Random(1));
        (VaeNetwork Network, double Reconstruction, double KullbackLeibler, double Norm) Step(int threads)
        {
            VaeNetwork network = initial.Clone();
            using var step = new ShardedStep(network, 70, GemmBackend.Managed, threads, minMultiplyAddsPerThread: 0);
            (double reconstruction, double kl) = step.Run(data, rows, null, new GaussianNoise(3), beta: 0.5f);
            var adam = new AdamOptimizer(network.Layers, new AdamOptimizer.Settings(1e-2f, 0.9f, 0.999f, 1e-8f, 0f));
            double norm = step.Update(adam, network, clipNorm);
            return (network, reconstruction, kl, norm);
        }

        var whole = Step(threads: 1);
        var split = Step(threads: 2);
        Assert.AreEqual(whole.Reconstruction, split.Reconstruction);
        Assert.AreEqual(whole.KullbackLeibler, split.KullbackLeibler);
        Assert.AreEqual(whole.Norm, split.Norm, 1e-5 * whole.Norm);
        Assert.IsTrue(clipNorm is null || whole.Norm > clipNorm * 10, "the clip must bind for the test to cover it");

        // Without clipping the split changes no summation order; the clip's scale comes from a norm summed by slices.
        float tolerance = clipNorm is null ? 0f : 1e-5f;
        int moved = 0;
        foreach ((DenseLayer before, (DenseLayer a, DenseLayer b)) in initial.Layers.Zip(whole.Network.Layers.Zip(split.Network.Layers)))
        {
            for (int i = 0; i < a.Weights.Length; i++)
            {
                Assert.AreEqual(a.Weights[i], b.Weights[i], tolerance);
                moved += before.Weights[i] != a.Weights[i] ? 1 : 0;
            }
        }

        // Adam's first step moves each weight with a gradient by about the learning rate, whatever the gradient's size.
        Assert.IsGreaterThan(initial.Layers.Sum(l => l.Weights.Length) / 2, moved);
    }

    [TestMethod]
    public void OnlyStepsWithWorkEnoughForEveryThreadAreSplit()
    {
        var mnist = new VaeOptions { HiddenLayerSizes = [400], LatentDimension = 20 };
        var tabular = new VaeOptions { HiddenLayerSizes = [256], LatentDimension = 8, Likelihood = VaeLikelihood.Gaussian };
        int ShardsOf(VaeOptions options, int inputs, int batch)
        {
            using var step = new ShardedStep(VaeNetwork.Create(options, inputs, new Random(1)), batch, GemmBackend.Managed, threads: 4);
            return step.Shards;
        }

        Assert.AreEqual(4, ShardsOf(mnist, 784, batch: 128), "3 × 128 × 651 200 multiply-adds, 62 million for each of 4 threads");
        Assert.AreEqual(2, ShardsOf(mnist, 784, batch: 64), "64 rows make two shards of 32 at most");
        Assert.AreEqual(1, ShardsOf(tabular, 100, batch: 128), "3 × 128 × 57 344 multiply-adds, 22 million, too few for two threads");
    }

    [TestMethod]
    public void ABatchSmallerThanTheShardCountLeavesTheIdleShardOut()
    {
        VaeDataset data = VaeDataset.FromArray([0.1f, 0.9f, 0.4f, 0.3f, 0.7f, 0.2f], 6);
        VaeNetwork initial = VaeNetwork.Create(Architecture, 6, new Random(2));
        VaeNetwork Step(int threads)
        {
            VaeNetwork network = initial.Clone();
            using var step = new ShardedStep(network, batchCapacity: 64, GemmBackend.Managed, threads, minMultiplyAddsPerThread: 0);
            step.Run(data, [0], null, new GaussianNoise(3), beta: 1f);
            step.Update(new AdamOptimizer(network.Layers, new AdamOptimizer.Settings(1e-2f, 0.9f, 0.999f, 1e-8f, 0f)), network, clipNorm: null);
            return network;
        }

        VaeNetwork alone = Step(threads: 1);
        VaeNetwork shared = Step(threads: 2);
        foreach ((DenseLayer a, DenseLayer b) in alone.Layers.Zip(shared.Layers))
        {
            CollectionAssert.AreEqual(a.Weights, b.Weights);
            CollectionAssert.AreEqual(a.Bias, b.Bias);
        }

        CollectionAssert.AreNotEqual(initial.Layers[0].Bias, alone.Layers[0].Bias, "the step must move the weights");
    }

    [TestMethod]
    public void NoiseDoesNotDependOnHowItIsDrawn()
    {
        var whole = new float[105];
        new GaussianNoise(4).Fill(whole);
        var parts = new float[105];
        var noise = new GaussianNoise(4);
        noise.Fill(parts.AsSpan(0, 35));
        noise.Fill(parts.AsSpan(35, 1));
        noise.Fill(parts.AsSpan(36));
        CollectionAssert.AreEqual(whole, parts);
    }

    [TestMethod]
    public void TwoThreadTrainingIsBitIdenticalRunToRun()
    {
        var random = new Random(9);
        VaeDataset data = VaeDataset.FromArray(Enumerable.Range(0, 300 * 6).Select(_ => (float)random.NextDouble()).ToArray(), 6);
        var options = new VaeOptions { HiddenLayerSizes = [24], LatentDimension = 3, Epochs = 3, BatchSize = 64, NumberOfThreads = 2, Likelihood = VaeLikelihood.Gaussian };
        VaeModel first = Sharded(options).Fit(data);
        VaeModel second = Sharded(options).Fit(data);
        foreach ((DenseLayer a, DenseLayer b) in first.Network.Layers.Zip(second.Network.Layers))
        {
            CollectionAssert.AreEqual(a.Weights, b.Weights);
            CollectionAssert.AreEqual(a.Bias, b.Bias);
        }
    }

    /// <summary>Beyond two threads, the shards' own matrix products are split between threads too.</summary>
    [TestMethod]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(8)]
    public void ManagedTrainingDoesNotDependOnTheThreadCount(int threadCount)
    {
        var random = new Random(10);
        VaeDataset data = VaeDataset.FromArray(Enumerable.Range(0, 300 * 6).Select(_ => (float)random.NextDouble()).ToArray(), 6);

        AssertSameModelAsOnOneThread(data, threadCount, threads => new VaeOptions
        {
            HiddenLayerSizes = [24],
            LatentDimension = 3,
            Epochs = 2,
            BatchSize = 100,
            NumberOfThreads = threads,
            Gemm = GemmBackend.Managed,
        });
    }

    /// <summary>
    /// Odd widths leave part of every window past the last whole vector, and 67 rows in batches of 64 end each epoch with
    /// a batch of 3, which two shards split into windows of one and two rows, too short for a single vector.
    /// </summary>
    [TestMethod]
    [DataRow(VaeActivation.Softplus)]
    [DataRow(VaeActivation.Tanh)]
    public void ManagedTrainingWithTranscendentalActivationsDoesNotDependOnTheThreadCount(VaeActivation activation)
    {
        var random = new Random(11);
        VaeDataset data = VaeDataset.FromArray(Enumerable.Range(0, 67 * 5).Select(_ => (float)random.NextDouble()).ToArray(), 5);

        AssertSameModelAsOnOneThread(data, threadCount: 2, threads => new VaeOptions
        {
            HiddenLayerSizes = [7, 3],
            LatentDimension = 3,
            Epochs = 4,
            BatchSize = 64,
            NumberOfThreads = threads,
            Gemm = GemmBackend.Managed,
            Activation = activation,
            Likelihood = VaeLikelihood.Gaussian,
        });
    }

    /// <summary>The history records the threads a step ran on, not the count allowed.</summary>
    [TestMethod]
    public void TheHistoryRecordsTheThreadsAStepRanOn()
    {
        var random = new Random(12);
        VaeDataset data = VaeDataset.FromArray([.. Enumerable.Range(0, 64 * 6).Select(_ => (float)random.NextDouble())], 6);
        VaeOptions Options(int? threads) => new() { HiddenLayerSizes = [24], LatentDimension = 3, Epochs = 1, BatchSize = 64, NumberOfThreads = threads, Gemm = GemmBackend.Managed };

        Assert.AreEqual(1, new VaeTrainer(Options(4)).Fit(data).History.NumberOfThreadsUsed, "a step too small for a second thread runs on one");
        Assert.AreEqual(2, Sharded(Options(3)).Fit(data).History.NumberOfThreadsUsed, "64 rows make two shards of a thread each, and a third thread would split neither");
        int? everyProcessor = Sharded(Options(null)).Fit(data).History.NumberOfThreadsUsed;
        Assert.IsNotNull(everyProcessor);
        Assert.AreEqual(Sharded(Options(Environment.ProcessorCount)).Fit(data).History.NumberOfThreadsUsed, everyProcessor);
    }

    /// <summary>Training with the thread count a history records splits each step as the run it records did, and so sums alike.</summary>
    [TestMethod]
    public void AStepAllowedTheThreadsAnotherRanOnSplitsItsBatchTheSameWay()
    {
        VaeNetwork network = VaeNetwork.Create(Architecture, 6, new Random(1));
        foreach (int batch in new[] { 16, 64, 100, 300 })
        {
            for (int threads = 1; threads <= 9; threads++)
            {
                using var step = new ShardedStep(network, batch, GemmBackend.Managed, threads, minMultiplyAddsPerThread: 0);
                using var again = new ShardedStep(network, batch, GemmBackend.Managed, step.Threads, minMultiplyAddsPerThread: 0);

                Assert.AreEqual((step.Shards, step.Threads), (again.Shards, again.Threads), $"a batch of {batch} rows, {threads} threads allowed");
                Assert.IsLessThanOrEqualTo(threads, step.Threads);
            }
        }
    }

    [TestMethod]
    public void TheHistoryNamesTheKernelThatSummedTheProducts()
    {
        VaeDataset data = VaeDataset.FromArray([.. Enumerable.Range(0, 16 * 6).Select(i => i % 7 / 7f)], 6);
        var options = new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 1, NumberOfThreads = 1, Gemm = GemmBackend.Managed };
        string vectors = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "Vector128";

        Assert.AreEqual(vectors + (HardwareMultiplyAdd.IsFused ? string.Empty : "NoFma"), new VaeTrainer(options).Fit(data).History.GemmKernel);
        if (OpenBlasLibrary.Instance is { } openBlas)
        {
            options.Gemm = GemmBackend.OpenBlas;
            Assert.AreEqual($"{openBlas.CoreName} (OpenBLAS {openBlas.Version})", new VaeTrainer(options).Fit(data).History.GemmKernel);
        }
    }

    /// <summary>A trainer that splits even these small models' steps between its threads.</summary>
    private static VaeTrainer Sharded(VaeOptions options) => new(options) { MinMultiplyAddsPerThread = 0 };

    private static void AssertSameModelAsOnOneThread(VaeDataset data, int threadCount, Func<int, VaeOptions> optionsFor)
    {
        VaeModel alone = Sharded(optionsFor(1)).Fit(data);
        VaeModel shared = Sharded(optionsFor(threadCount)).Fit(data);
        foreach ((DenseLayer a, DenseLayer b) in alone.Network.Layers.Zip(shared.Network.Layers))
        {
            CollectionAssert.AreEqual(a.Weights, b.Weights);
            CollectionAssert.AreEqual(a.Bias, b.Bias);
        }

        Assert.AreEqual(alone.History.Epochs[^1].Loss, shared.History.Epochs[^1].Loss);
    }

    [TestMethod]
    [DataRow(float.PositiveInfinity)]
    [DataRow(float.NaN)]
    public void AdamSumsSquaresBeyondFloat32AndStillSeesANonFiniteGradient(float nonFinite)
    {
        // Seventeen elements: two whole vectors of up to 16 lanes and a tail, each holding squares beyond float32's range.
        var weights = new DenseLayer(17, 1);
        var gradients = new DenseLayer(17, 1);
        Array.Fill(gradients.Weights, 3e19f);
        gradients.Weights[^1] = -2e20f;
        var adam = new AdamOptimizer([weights], new AdamOptimizer.Settings(1e-3f, 0.9f, 0.999f, 1e-8f, 0f));

        double squares = adam.Update(0, weights, gradients, adam.BeginStep(1f), .., ..);

        const double expected = (16 * 9e38) + 4e40;
        Assert.AreEqual(expected, squares, 1e-6 * expected);
        foreach (int at in new[] { 0, 9, 16 })
        {
            DenseLayer broken = gradients.Clone();
            broken.Weights[at] = nonFinite;
            Assert.IsFalse(double.IsFinite(adam.Update(0, weights, broken, adam.BeginStep(1f), .., ..)), $"{nonFinite} at {at}");
        }
    }

    [TestMethod]
    public void AdamFlushesMomentsThatDecayBelowTheNegligibleThreshold()
    {
        var weights = new DenseLayer(64, 1);
        var gradients = new DenseLayer(64, 1);
        Array.Fill(gradients.Weights, 1e-3f);
        var adam = new AdamOptimizer([weights], new AdamOptimizer.Settings(1e-3f, 0.9f, 0.999f, 1e-8f, 0f));
        adam.Step([weights], [gradients], 1f);
        Array.Clear(gradients.Weights);
        float[] before = (float[])weights.Weights.Clone();
        for (int step = 0; step < 1000; step++)
        {
            adam.Step([weights], [gradients], 1f);
        }

        // 0.9^1000 · 1e-4 underflows long before the end: without the flush the first moment goes subnormal.
        float[] settled = (float[])weights.Weights.Clone();
        adam.Step([weights], [gradients], 1f);
        CollectionAssert.AreEqual(settled, weights.Weights, "a flushed moment moves nothing");
        CollectionAssert.AreNotEqual(before, settled);
    }

    [TestMethod]
    [DataRow(1e-3f, 1e-8f)]
    [DataRow(1e-15f, 1e-16f)]
    [DataRow(-1e-12f, 1e-14f)]
    [DataRow(3e-18f, 1e-19f)]
    [DataRow(1e-18f, 1e-30f)]
    public void AdamMatchesTheTextbookUpdateForTinyGradientsWithATinyEpsilon(float gradient, float epsilon)
    {
        // The moments' floors follow ε: a fixed 1e-30 floor once set v to 0 beside a kept m, for steps ten times too large.
        var weights = new DenseLayer(1, 1);
        var gradients = new DenseLayer(1, 1);
        gradients.Weights[0] = gradient;
        var adam = new AdamOptimizer([weights], new AdamOptimizer.Settings(1e-3f, 0.9f, 0.999f, epsilon, 0f));
        double weight = weights.Weights[0];
        double first = 0;
        double second = 0;
        for (int step = 1; step <= 10; step++)
        {
            adam.Step([weights], [gradients], 1f);
            first = (0.9 * first) + (0.1 * gradient);
            second = (0.999 * second) + (0.001 * gradient * (double)gradient);
            weight -= 1e-3 * (first / (1 - Math.Pow(0.9, step))) / (Math.Sqrt(second / (1 - Math.Pow(0.999, step))) + epsilon);
        }

        Assert.AreEqual(weight, weights.Weights[0], 1e-5 * Math.Abs(weight));
    }
}
