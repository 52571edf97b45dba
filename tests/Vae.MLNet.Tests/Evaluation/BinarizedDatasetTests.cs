using Vae.MLNet.Data;
using Vae.MLNet.Tests.Training;

namespace Vae.MLNet.Tests.Evaluation;

[TestClass]
public sealed class BinarizedDatasetTests
{
    [TestMethod]
    public void ThresholdSetsValuesAboveTheCutOffToOne()
    {
        VaeDataset source = VaeDataset.FromArray([0.2f, 0.5f, 0.51f, 1f, 0f, 0.9f], featureCount: 3, labels: [4, 6]);
        BinarizedDataset binary = BinarizedDataset.Threshold(source);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 1f, 1f, 0f, 1f }, binary.ToArray());
        CollectionAssert.AreEqual(new[] { 4, 6 }, binary.Labels!.ToArray());
    }

    [TestMethod]
    public void StochasticDrawsAreFixedBySeedWhateverTheBatch()
    {
        var random = new Random(1);
        float[] values = Enumerable.Range(0, 40 * 25).Select(_ => (float)random.NextDouble()).ToArray();
        VaeDataset source = VaeDataset.FromArray(values, featureCount: 25);
        float[] all = BinarizedDataset.Stochastic(source, seed: 3).ToArray();

        var two = new float[2 * 25];
        BinarizedDataset.Stochastic(source, seed: 3).CopyRows([17, 5], two);
        CollectionAssert.AreEqual(all.AsSpan(17 * 25, 25).ToArray(), two.AsSpan(0, 25).ToArray());
        CollectionAssert.AreEqual(all.AsSpan(5 * 25, 25).ToArray(), two.AsSpan(25, 25).ToArray());

        float[] otherSeed = BinarizedDataset.Stochastic(source, seed: 4).ToArray();
        CollectionAssert.AreNotEqual(all, otherSeed);
        Assert.IsTrue(all.All(v => v is 0f or 1f));
    }

    [TestMethod]
    public void StochasticDrawsAreBernoulliOfTheValue()
    {
        const int n = 20000;
        float[] values = Enumerable.Range(0, n).Select(i => (i % 4) switch { 0 => 0f, 1 => 1f, _ => 0.3f }).ToArray();
        float[] binary = BinarizedDataset.Stochastic(VaeDataset.FromArray(values, featureCount: 100), seed: 0).ToArray();

        Assert.IsTrue(Enumerable.Range(0, n).Where(i => i % 4 == 0).All(i => binary[i] == 0f));
        Assert.IsTrue(Enumerable.Range(0, n).Where(i => i % 4 == 1).All(i => binary[i] == 1f));
        double rate = Enumerable.Range(0, n).Where(i => i % 4 >= 2).Average(i => binary[i]);

        // 10000 draws at p = 0.3 have standard deviation √(0.21/10000) ≈ 0.0046; allow four of them.
        Assert.AreEqual(0.3, rate, 0.019);
    }

    [TestMethod]
    public void ResampledDrawsAnewAtEachReadInARepeatableSequence()
    {
        var random = new Random(2);
        float[] values = Enumerable.Range(0, 30 * 20).Select(_ => (float)random.NextDouble()).ToArray();
        VaeDataset source = VaeDataset.FromArray(values, featureCount: 20);
        BinarizedDataset resampled = BinarizedDataset.Resampled(source, seed: 3);
        float[] first = resampled.ToArray();
        float[] second = resampled.ToArray();

        // The first read of each row is the fixed binarization with the same seed; later reads differ from it.
        CollectionAssert.AreEqual(BinarizedDataset.Stochastic(source, seed: 3).ToArray(), first);
        CollectionAssert.AreNotEqual(first, second);
        BinarizedDataset again = BinarizedDataset.Resampled(source, seed: 3);
        again.ToArray();
        CollectionAssert.AreEqual(second, again.ToArray());
        Assert.IsTrue(second.All(v => v is 0f or 1f));
    }

    [TestMethod]
    public void ResampledReadsOfOneRowAreBernoulliOfTheValue()
    {
        BinarizedDataset resampled = BinarizedDataset.Resampled(VaeDataset.FromArray(Enumerable.Repeat(0.3f, 10).ToArray(), featureCount: 10), seed: 1);
        var row = new float[10];
        double ones = 0;
        const int reads = 2000;
        for (int read = 0; read < reads; read++)
        {
            resampled.CopyRows([0], row);
            ones += row.Sum();
        }

        // 20000 draws at p = 0.3 have standard deviation √(0.21/20000) ≈ 0.0032; allow four of them.
        Assert.AreEqual(0.3, ones / (reads * 10), 0.013);
        Assert.AreEqual("source", Assert.ThrowsExactly<ArgumentNullException>(() => BinarizedDataset.Resampled(null!, 0)).ParamName);
        Assert.ThrowsExactly<VaeDataException>(() => BinarizedDataset.Resampled(VaeDataset.FromArray([-0.1f], featureCount: 1), 0).ToArray());
    }

    /// <summary>
    /// With a learning rate too small to move a float32 weight, only the draws could change the held-out rows' loss from
    /// one epoch to the next; they are read at one fixed draw, so it stays the same.
    /// </summary>
    [TestMethod]
    public void HeldOutResampledRowsAreReadAtOneDrawEveryEpoch()
    {
        VaeDataset source = VaeDataset.FromArray(Enumerable.Repeat(0.5f, 64 * 12).ToArray(), featureCount: 12);
        var options = new VaeOptions { HiddenLayerSizes = [8], LatentDimension = 2, Epochs = 3, BatchSize = 16, LearningRate = 1e-30f, ValidationFraction = 0.25f };

        BinarizedDataset resampled = BinarizedDataset.Resampled(source, seed: 1);

        foreach (VaeDataset data in new[] { resampled, resampled.Subset(Enumerable.Range(0, 48)), BinarizedDataset.Threshold(resampled, 0.5f) })
        {
            double[] validation = [.. TrainerTests.ThroughStalls(options).Fit(data).History.Epochs.Select(e => e.ValidationLoss!.Value)];
            Assert.AreEqual(validation[0], validation[1]);
            Assert.AreEqual(validation[0], validation[2]);
        }
    }

    [TestMethod]
    public void TrainingOnResampledRowsIsRepeatableAndSeesOtherBitsThanOneFixedDraw()
    {
        var random = new Random(4);
        float[] values = Enumerable.Range(0, 200 * 12).Select(_ => (float)random.NextDouble()).ToArray();
        VaeDataset source = VaeDataset.FromArray(values, featureCount: 12);
        var options = new VaeOptions { HiddenLayerSizes = [8], LatentDimension = 2, Epochs = 3, BatchSize = 32, NumberOfThreads = 2, Seed = 5 };
        float[] Weights(VaeDataset data) => new VaeTrainer(options).Fit(data).Network.EncoderHead.Weights;

        CollectionAssert.AreEqual(Weights(BinarizedDataset.Resampled(source, seed: 1)), Weights(BinarizedDataset.Resampled(source, seed: 1)));
        CollectionAssert.AreNotEqual(Weights(BinarizedDataset.Stochastic(source, seed: 1)), Weights(BinarizedDataset.Resampled(source, seed: 1)));
    }

    /// <summary>
    /// Training reads each epoch at the draw of its number, not at the view's count of reads: a view read before
    /// trains as a new one does.
    /// </summary>
    [TestMethod]
    public void TrainingTakesTheDrawsOfTheEpochsWhateverTheViewWasReadBefore()
    {
        var random = new Random(3);
        VaeDataset source = VaeDataset.FromArray([.. Enumerable.Range(0, 40 * 6).Select(_ => (float)random.NextDouble())], featureCount: 6);
        float[] Weights(VaeDataset data) =>
            new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 2, BatchSize = 8, NumberOfThreads = 1 }).Fit(data).Network.EncoderHead.Weights;
        BinarizedDataset readBefore = BinarizedDataset.Resampled(source, seed: 2);
        readBefore.ToArray();
        readBefore.ToArray();

        CollectionAssert.AreEqual(Weights(BinarizedDataset.Resampled(source, seed: 2)), Weights(readBefore));
    }

    /// <summary>
    /// With a learning rate too small to move a float32 weight, an epoch's loss depends only on its rows' bits, order and
    /// ε: training a model further, on the view that trained it or on a new one with its seed, must read the draw of
    /// the epoch after the model's, as one longer run does, not repeat the first.
    /// </summary>
    [TestMethod]
    public void TrainingFurtherOnAResampledViewGoesOnWithTheDrawsAfterTheModels()
    {
        var random = new Random(7);
        VaeDataset source = VaeDataset.FromArray([.. Enumerable.Range(0, 48 * 12).Select(_ => (float)random.NextDouble())], featureCount: 12);
        VaeOptions Options(int epochs) => new()
        {
            HiddenLayerSizes = [8], LatentDimension = 2, Epochs = epochs, BatchSize = 16, LearningRate = 1e-30f, Seed = 5, NumberOfThreads = 1, Gemm = GemmBackend.Managed,
        };
        double longerThirdEpoch = TrainerTests.ThroughStalls(Options(3)).Fit(BinarizedDataset.Resampled(source, seed: 1)).History.Epochs[2].Loss;

        BinarizedDataset firstView = BinarizedDataset.Resampled(source, seed: 1);
        VaeModel first = TrainerTests.ThroughStalls(Options(2)).Fit(firstView);
        foreach (VaeDataset view in new[] { firstView, BinarizedDataset.Resampled(source, seed: 1) })
        {
            Assert.AreEqual(longerThirdEpoch, TrainerTests.ThroughStalls(Options(1)).Fit(view, first).History.Epochs[2].Loss, view == firstView ? "the view that trained it" : "a new view");
        }

        double firstDrawAgain = TrainerTests.ThroughStalls(Options(1)).Fit(BinarizedDataset.Stochastic(source, seed: 1), first).History.Epochs[2].Loss;
        Assert.AreNotEqual(longerThirdEpoch, firstDrawAgain, "the draws differ, so a repeated first draw would show");
    }

    [TestMethod]
    public void HeldOutRowsOfAResampledViewReadTheFixedDrawOfItsSeed()
    {
        var random = new Random(6);
        float[] values = Enumerable.Range(0, 30 * 20).Select(_ => (float)random.NextDouble()).ToArray();
        VaeDataset source = VaeDataset.FromArray(values, featureCount: 20);
        BinarizedDataset resampled = BinarizedDataset.Resampled(source, seed: 3);
        resampled.ToArray();

        // However often the resampled rows were read, the held-out view reads the draw of Stochastic with the same seed.
        VaeDataset heldOut = resampled.WithFixedRows(draw: 0);

        CollectionAssert.AreEqual(BinarizedDataset.Stochastic(source, seed: 3).ToArray(), heldOut.ToArray());
    }

    [TestMethod]
    public void ALaterReadOfOneRowIsNotTheFirstReadOfAnother()
    {
        // Draws are placed by read, row and feature: with the feature count (4) where the row count (64) belongs, the
        // second read of row r would repeat the first read of row r + 4.
        BinarizedDataset resampled = BinarizedDataset.Resampled(VaeDataset.FromArray(Enumerable.Repeat(0.5f, 64 * 4).ToArray(), featureCount: 4), seed: 2);
        float[] first = resampled.ToArray();
        float[] second = resampled.ToArray();

        int repeats = Enumerable.Range(0, 60).Count(r => second.AsSpan(r * 4, 4).SequenceEqual(first.AsSpan((r + 4) * 4, 4)));

        // Independent rows of four fair bits agree once in 16, about 4 times in 60.
        Assert.IsLessThan(20, repeats);
    }

    [TestMethod]
    public void StochasticRejectsValuesOutsideTheUnitInterval()
    {
        BinarizedDataset binary = BinarizedDataset.Stochastic(VaeDataset.FromArray([0.5f, 1.5f], featureCount: 2), seed: 0);
        var error = Assert.ThrowsExactly<VaeDataException>(() => binary.ToArray());
        Assert.AreEqual(1, error.Column);
        StringAssert.Contains(error.Message, "as the data holds it, for the probability of a 1, before any input scaling (InputScaling), which scales only the 0s and 1s drawn;");
        StringAssert.EndsWith(error.Message, "rescale the data beforehand, or binarize at a threshold within their range (Threshold).");
    }

    [TestMethod]
    public void ValuesInMessagesAreWrittenAsCsvFilesWriteThemWhateverTheCulture()
    {
        BinarizedDataset binary = BinarizedDataset.Stochastic(VaeDataset.FromArray([0.5f, 1.5f], featureCount: 2), seed: 0);
        StringAssert.StartsWith(Assert.ThrowsExactly<VaeDataException>(() => binary.ToArray()).Message, "Row 0, feature 1 is 1.5;");
        VaeDataset source = VaeDataset.FromArray([0.25f, 0.75f], featureCount: 1);
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BinarizedDataset.Threshold(source, 1f)).Message, "the data's values lie in [0.25, 0.75]");
    }

    [TestMethod]
    public void ThresholdThatErasesTheDataIsRefusedButConstantDataIsNot()
    {
        VaeDataset source = VaeDataset.FromArray([0.25f, 0f, 1f, 0.5f], featureCount: 2);
        var above = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BinarizedDataset.Threshold(source, 1f));
        Assert.AreEqual("threshold", above.ParamName);
        StringAssert.StartsWith(above.Message, "Every feature would become 0: the data's values lie in [0, 1]");
        StringAssert.StartsWith(
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BinarizedDataset.Threshold(source, -0.5f)).Message, "Every feature would become 1");

        CollectionAssert.AreEqual(new[] { 1f, 0f, 1f, 1f }, BinarizedDataset.Threshold(source, 0f).ToArray(), "the smallest value is a threshold");
        CollectionAssert.AreEqual(new[] { 0f, 0f }, BinarizedDataset.Threshold(VaeDataset.FromArray([0f, 0f], featureCount: 2), 0.5f).ToArray(), "a blank row");
    }

    [TestMethod]
    public void RejectsMissingSourceAndNonFiniteThreshold()
    {
        Assert.AreEqual("source", Assert.ThrowsExactly<ArgumentNullException>(() => BinarizedDataset.Stochastic(null!, 0)).ParamName);
        VaeDataset source = VaeDataset.FromArray([0.5f], featureCount: 1);
        Assert.AreEqual("threshold", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BinarizedDataset.Threshold(source, float.NaN)).ParamName);
    }
}
