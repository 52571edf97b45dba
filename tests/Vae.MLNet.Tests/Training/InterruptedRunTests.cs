using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Training;

/// <summary>
/// A model handed back by a run that stopped, cancelled or diverged, records so in its history: its options ask for
/// epochs it never trained, and once saved under another name nothing else tells it from a finished model.
/// </summary>
[TestClass]
public sealed class InterruptedRunTests
{
    private static readonly VaeDataset Data = VaeDataset.FromArray([.. Enumerable.Range(0, 32 * 4).Select(i => (i * 7 % 11) / 10f)], 4);

    [TestMethod]
    public void TheModelOfACancelledRunIsMarkedInterrupted()
    {
        using var cancellation = new CancellationTokenSource();

        var cancelled = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(TrainerTests.Small(epochs: 5)).Fit(Data, new TrainerTests.OnEpoch(2, cancellation.Cancel), cancellation.Token));

        Assert.HasCount(2, cancelled.LastCompletedModel.History.Epochs);
        Assert.IsTrue(cancelled.LastCompletedModel.History.Interrupted);
    }

    [TestMethod]
    public void TheModelOfARunThatDivergedAfterAnEpochIsMarkedInterrupted()
    {
        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => TrainerTests.PastFiniteExplosions(TrainerTests.OverflowingDecay()).Fit(TrainerTests.SineRows));

        Assert.AreEqual(2, error.Epoch, "diverged after the first epoch completed");
        Assert.HasCount(1, error.LastGoodModel.History.Epochs);
        Assert.IsTrue(error.LastGoodModel.History.Interrupted);
    }

    [TestMethod]
    public void ACompletedRunAndOneThatStoppedEarlyAreNotMarked()
    {
        VaeOptions patient = TrainerTests.Small(epochs: 60);
        (patient.LearningRate, patient.ValidationFraction, patient.EarlyStoppingPatience) = (0.05f, 0.25f, 1);

        VaeModel stopped = new VaeTrainer(patient).Fit(Data);

        Assert.IsTrue(stopped.History.StoppedEarly);
        Assert.IsFalse(stopped.History.Interrupted);
        Assert.IsFalse(new VaeTrainer(TrainerTests.Small(epochs: 2)).Fit(Data).History.Interrupted);
    }

    [TestMethod]
    public void TrainingAnInterruptedModelFurtherToTheEndClearsTheMark()
    {
        using var cancellation = new CancellationTokenSource();
        VaeModel interrupted = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(TrainerTests.Small(epochs: 5)).Fit(Data, new TrainerTests.OnEpoch(2, cancellation.Cancel), cancellation.Token)).LastCompletedModel;

        VaeModel finished = new VaeTrainer(TrainerTests.Small(epochs: 3)).Fit(Data, interrupted);

        Assert.HasCount(5, finished.History.Epochs);
        Assert.IsFalse(finished.History.Interrupted);
    }

    /// <summary>
    /// A run trained further whose early stopping keeps the weights it started from hands back a stopped run's weights,
    /// with that run's options, which ask for epochs they never trained: they keep their mark.
    /// </summary>
    [TestMethod]
    public void ARunTrainedFurtherThatKeptAnInterruptedModelsWeightsKeepsItsMark()
    {
        using var cancellation = new CancellationTokenSource();
        VaeModel interrupted = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(TrainerTests.Small(epochs: 20)).Fit(Data, new TrainerTests.OnEpoch(3, cancellation.Cancel), cancellation.Token)).LastCompletedModel;
        VaeOptions reckless = TrainerTests.Small(epochs: 2);
        (reckless.LearningRate, reckless.ValidationFraction, reckless.EarlyStoppingPatience) = (5f, 0.25f, 1);

        VaeModel kept = new VaeTrainer(reckless).Fit(Data, interrupted);

        Assert.AreEqual(3, kept.History.BestEpoch, "the reckless run kept the weights it started from");
        Assert.AreEqual(20, kept.Options.Epochs, "the options are the stopped run's");
        Assert.IsTrue(kept.History.Interrupted);
    }

    /// <summary>
    /// A run trained further that diverges before its first epoch completes hands back the model it started from, with
    /// that model's history: the mark is that model's, not the failed run's, which added nothing to it.
    /// </summary>
    [TestMethod]
    public void ARunTrainedFurtherThatCompletedNoEpochHandsBackItsStartingModelsMark()
    {
        VaeModel completed = new VaeTrainer(Undecayed(epochs: 1, learningRate: 1e-3f)).Fit(TrainerTests.SineRows);
        VaeModel interrupted = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => TrainerTests.PastFiniteExplosions(TrainerTests.OverflowingDecay()).Fit(TrainerTests.SineRows)).LastGoodModel;

        VaeModel fromCompleted = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(Undecayed(epochs: 5, learningRate: 1e30f)).Fit(TrainerTests.SineRows, completed)).LastGoodModel;
        VaeModel fromInterrupted = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(Undecayed(epochs: 5, learningRate: 1e30f)).Fit(TrainerTests.SineRows, interrupted)).LastGoodModel;

        Assert.HasCount(1, fromCompleted.History.Epochs, "no epoch of the run completed");
        Assert.IsFalse(fromCompleted.History.Interrupted);
        Assert.HasCount(1, fromInterrupted.History.Epochs, "no epoch of the run completed");
        Assert.IsTrue(fromInterrupted.History.Interrupted);
    }

    /// <summary><see cref="TrainerTests.OverflowingDecay"/>'s network, without its decay, in batches of 8 of <see cref="TrainerTests.SineRows"/>.</summary>
    private static VaeOptions Undecayed(int epochs, float learningRate)
    {
        VaeOptions options = TrainerTests.OverflowingDecay();
        (options.WeightDecay, options.Epochs, options.LearningRate, options.BatchSize) = (0f, epochs, learningRate, 8);
        return options;
    }
}
