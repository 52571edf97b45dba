using Vae.MLNet.Data;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests.Training;

/// <summary>
/// Training further from a model goes on from the optimizer state that belongs to its weights, so that a run split in
/// two gives the weights of one longer run, bit for bit; a model without that state starts Adam's moments afresh.
/// </summary>
[TestClass]
public sealed class ResumedOptimizerTests
{
    private static readonly VaeDataset Data = TrainerTests.Patterns();

    private static readonly VaeDataset Validation = TrainerTests.Patterns(copies: 1, lit: 0.5f);

    [TestMethod]
    public void FourEpochsAtOnceEqualTwoThenTwoMore()
    {
        VaeModel whole = new VaeTrainer(Options(epochs: 4)).Fit(Data);

        VaeModel half = new VaeTrainer(Options(epochs: 2)).Fit(Data);
        VaeModel continued = new VaeTrainer(Options(epochs: 2)).Fit(Data, half);

        Assert.IsTrue(half.HasOptimizerState);
        SameWeights.Assert(whole, continued);
    }

    [TestMethod]
    public void FourEpochsAtOnceEqualTwoThenTwoMoreWithHeldOutRowsAndKLWarmup()
    {
        VaeOptions Warming(int epochs)
        {
            VaeOptions options = Options(epochs);
            (options.ValidationFraction, options.KLWarmupEpochs) = (0.25f, 4);
            return options;
        }

        VaeModel whole = new VaeTrainer(Warming(4)).Fit(Data);
        VaeModel continued = new VaeTrainer(Warming(2)).Fit(Data, new VaeTrainer(Warming(2)).Fit(Data));

        SameWeights.Assert(whole, continued);
        Assert.AreEqual(whole.History.Epochs[^1].ValidationLoss, continued.History.Epochs[^1].ValidationLoss);
    }

    [TestMethod]
    public void FourEpochsAtOnceEqualTwoThenTwoMoreWithValidationData()
    {
        VaeModel whole = new VaeTrainer(Options(epochs: 4)).Fit(Data, Validation);
        VaeModel continued = new VaeTrainer(Options(epochs: 2)).Fit(Data, Validation, new VaeTrainer(Options(epochs: 2)).Fit(Data, Validation));

        SameWeights.Assert(whole, continued);
    }

    [TestMethod]
    public void ACheckpointLoadedBackGoesOnExactlyAndAPlainSaveStartsAfresh()
    {
        VaeModel whole = new VaeTrainer(Options(epochs: 4)).Fit(Data);
        VaeModel half = new VaeTrainer(Options(epochs: 2)).Fit(Data);
        using var checkpoint = new MemoryStream();
        half.SaveCheckpoint(checkpoint);
        checkpoint.Position = 0;
        VaeModel loaded = VaeModel.Load(checkpoint);
        VaeModel plain = Persistence.ModelZip.Load(Persistence.ModelZip.Save(half));

        Assert.IsTrue(loaded.HasOptimizerState);
        Assert.IsFalse(plain.HasOptimizerState);
        SameWeights.Assert(whole, new VaeTrainer(Options(epochs: 2)).Fit(Data, loaded));
        Assert.ThrowsExactly<AssertFailedException>(() => SameWeights.Assert(whole, new VaeTrainer(Options(epochs: 2)).Fit(Data, plain)));
    }

    [TestMethod]
    public void ACancelledRunHandsBackTheStateOfItsLastCompletedEpoch()
    {
        VaeModel whole = new VaeTrainer(Options(epochs: 4)).Fit(Data);
        using var cancellation = new CancellationTokenSource();
        var rows = new TrainerTests.CancelledAtNextRead(Data, cancellation);

        // Cancelled after epoch 3's first update, which moved Adam's moments past those of epoch 2's weights.
        VaeModel kept = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(Options(epochs: 4)).Fit(rows, new TrainerTests.OnEpoch(2, rows.Arm), cancellation.Token)).LastCompletedModel;

        Assert.HasCount(2, kept.History.Epochs);
        SameWeights.Assert(whole, new VaeTrainer(Options(epochs: 2)).Fit(Data, kept));
    }

    [TestMethod]
    public void TheNewRunsHyperparametersApplyFromItsFirstStep()
    {
        VaeModel half = new VaeTrainer(Options(epochs: 2)).Fit(Data);
        VaeOptions slower = Options(epochs: 2);
        slower.LearningRate /= 10;

        VaeModel resumedSlower = new VaeTrainer(slower).Fit(Data, half);
        VaeModel resumed = new VaeTrainer(Options(epochs: 2)).Fit(Data, half);

        // How far a run moved the weights from where it resumed: a tenth of the rate moves them about a tenth as far.
        double Moved(VaeModel model) =>
            model.Network.Layers.Zip(half.Network.Layers).Sum(layers => layers.First.Weights.Zip(layers.Second.Weights).Sum(pair => (double)Math.Abs(pair.First - pair.Second)));
        Assert.AreEqual(half.OptimizerState!.Step * 2, resumedSlower.OptimizerState!.Step, "the step count goes on");
        Assert.IsLessThan(0.3 * Moved(resumed), Moved(resumedSlower), "the resumed run's own learning rate applies");
    }

    [TestMethod]
    public void EarlyStoppingKeepsAStateOnlyWithTheWeightsItBelongsTo()
    {
        VaeOptions patient = Options(epochs: 60);
        (patient.LearningRate, patient.ValidationFraction, patient.EarlyStoppingPatience) = (0.05f, 0.25f, 1);

        VaeModel stopped = new VaeTrainer(patient).Fit(Data);

        Assert.IsTrue(stopped.History.StoppedEarly);
        Assert.IsLessThan(stopped.History.Epochs.Count, stopped.History.BestEpoch!.Value);
        Assert.IsFalse(stopped.HasOptimizerState, "the state of the best epoch's weights was not kept");
        Assert.ThrowsExactly<InvalidOperationException>(() => stopped.SaveCheckpoint(new MemoryStream()));
    }

    [TestMethod]
    public void TrainingFurtherTwiceFromOneModelGivesTheSameWeightsAndLeavesItsStateAsItWas()
    {
        VaeModel half = new VaeTrainer(Options(epochs: 2)).Fit(Data);
        AdamState before = half.OptimizerState!.Clone();

        VaeModel first = new VaeTrainer(Options(epochs: 2)).Fit(Data, half);
        VaeModel second = new VaeTrainer(Options(epochs: 2)).Fit(Data, half);

        SameWeights.Assert(first, second);
        AssertSameState(before, half.OptimizerState!);
    }

    [TestMethod]
    public void TheLastGoodModelOfADivergedRunHoldsTheStateOfItsWeights()
    {
        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(
            () => TrainerTests.PastFiniteExplosions(LastGoodModelDivergesTests.Reckless(epochs: 5)).Fit(LastGoodModelDivergesTests.Wide()));
        VaeModel oneEpoch = TrainerTests.PastFiniteExplosions(LastGoodModelDivergesTests.Reckless(epochs: 1)).Fit(LastGoodModelDivergesTests.Wide());

        Assert.HasCount(1, error.LastGoodModel.History.Epochs);
        Assert.IsTrue(error.LastGoodModel.HasOptimizerState);
        AssertSameState(oneEpoch.OptimizerState!, error.LastGoodModel.OptimizerState!);
    }

    [TestMethod]
    public void EarlyStoppingThatKeepsTheStartingWeightsKeepsTheirState()
    {
        VaeOptions options = Options(epochs: 30);
        options.ValidationFraction = 0.25f;
        VaeModel start = new VaeTrainer(options).Fit(Data);
        (options.LearningRate, options.Epochs, options.EarlyStoppingPatience) = (5f, 3, 1);

        VaeModel kept = new VaeTrainer(options).Fit(Data, start);

        Assert.AreEqual(start.History.Epochs.Count, kept.History.BestEpoch, "the reckless run kept the weights it started from");
        Assert.IsTrue(kept.HasOptimizerState);
        AssertSameState(start.OptimizerState!, kept.OptimizerState!);
    }

    /// <summary>A trained model could once let go of Adam's state, twice its weights, only by a save and a load.</summary>
    [TestMethod]
    public void WithoutOptimizerStateScoresAlikeAndTrainsAsAPlainZipDoes()
    {
        VaeModel half = new VaeTrainer(Options(epochs: 2)).Fit(Data);

        VaeModel scorer = half.WithoutOptimizerState();

        Assert.IsTrue(half.HasOptimizerState, "the model it was taken from keeps its state");
        Assert.IsFalse(scorer.HasOptimizerState);
        Assert.AreSame(scorer, scorer.WithoutOptimizerState());
        Assert.ThrowsExactly<InvalidOperationException>(() => scorer.SaveCheckpoint(new MemoryStream()));
        float[] rows = [1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1];
        var (expected, actual) = (new float[rows.Length], new float[rows.Length]);
        half.Reconstruct(rows, expected);
        scorer.Reconstruct(rows, actual);
        CollectionAssert.AreEqual(expected, actual);
        VaeModel plain = Persistence.ModelZip.Load(Persistence.ModelZip.Save(half));
        SameWeights.Assert(new VaeTrainer(Options(epochs: 2)).Fit(Data, plain), new VaeTrainer(Options(epochs: 2)).Fit(Data, scorer));
    }

    private static void AssertSameState(AdamState expected, AdamState actual)
    {
        Assert.AreEqual(expected.Step, actual.Step);
        (float[][] expectedMoments, float[][] actualMoments) = ([.. expected.Arrays], [.. actual.Arrays]);
        Assert.HasCount(expectedMoments.Length, actualMoments);
        foreach ((float[] e, float[] a) in expectedMoments.Zip(actualMoments))
        {
            CollectionAssert.AreEqual(e, a);
        }
    }

    private static VaeOptions Options(int epochs)
    {
        VaeOptions options = TrainerTests.Small(epochs);
        options.NumberOfThreads = 1;
        return options;
    }
}
