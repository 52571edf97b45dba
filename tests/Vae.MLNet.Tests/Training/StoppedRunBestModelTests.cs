namespace Vae.MLNet.Tests.Training;

/// <summary>
/// A run with early stopping that is cancelled or diverges hands back, beside the last completed epoch's weights to go
/// on from, the best epoch's so far, which early stopping was asked for and which were once lost.
/// </summary>
[TestClass]
public sealed class StoppedRunBestModelTests
{
    /// <summary>Early stopping with a patience of 3 on a quarter of the rows, as in <see cref="TrainerTests.EarlyStoppingRestoresTheBestEpoch"/>.</summary>
    private static VaeOptions Patient()
    {
        VaeOptions options = TrainerTests.Small(epochs: 40);
        (options.LearningRate, options.ValidationFraction, options.EarlyStoppingPatience) = (0.03f, 0.25f, 3);
        return options;
    }

    [TestMethod]
    public void ARunCancelledAfterItsBestEpochHandsBackThatEpochsModel()
    {
        VaeModel completed = new VaeTrainer(Patient()).Fit(TrainerTests.Patterns(copies: 8));
        int best = completed.History.BestEpoch!.Value;
        Assert.IsGreaterThan(1, best, "an epoch after the first must be the best, or the first's weights could pass for it");
        using var cancellation = new CancellationTokenSource();

        var cancelled = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(Patient()).Fit(TrainerTests.Patterns(copies: 8), new TrainerTests.OnEpoch(best + 2, cancellation.Cancel), cancellation.Token));

        VaeModel bestModel = cancelled.BestModel!;
        Assert.IsNotNull(bestModel);
        SameWeights.Assert(completed, bestModel);
        Assert.AreEqual(best, bestModel.History.BestEpoch);
        Assert.AreEqual(completed.History.BestValidationLoss, bestModel.History.BestValidationLoss);
        Assert.HasCount(best + 2, bestModel.History.Epochs, "every epoch completed");
        Assert.IsFalse(bestModel.History.StoppedEarly);
        Assert.IsTrue(bestModel.History.Interrupted, "its options ask for epochs it did not train");
        Assert.IsFalse(bestModel.HasOptimizerState, "Adam's state at an earlier epoch was not kept");
        Assert.IsNull(cancelled.LastCompletedModel.History.BestEpoch, "the model to go on from is still the last epoch's");
        StringAssert.Contains(cancelled.Message, $"The weights of epoch {best}, whose validation loss was the lowest so far, are in BestModel");
    }

    [TestMethod]
    public void ARunCancelledAtItsBestEpochHasNoOtherBestModel()
    {
        int best = new VaeTrainer(Patient()).Fit(TrainerTests.Patterns(copies: 8)).History.BestEpoch!.Value;
        using var cancellation = new CancellationTokenSource();

        var cancelled = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(Patient()).Fit(TrainerTests.Patterns(copies: 8), new TrainerTests.OnEpoch(best, cancellation.Cancel), cancellation.Token));

        Assert.HasCount(best, cancelled.LastCompletedModel.History.Epochs);
        Assert.IsNull(cancelled.BestModel, "the last completed model holds the best weights");
    }

    [TestMethod]
    public void ARunCancelledWithoutEarlyStoppingHasNoBestModel()
    {
        VaeOptions unwatched = Patient();
        unwatched.EarlyStoppingPatience = null;
        using var cancellation = new CancellationTokenSource();

        var cancelled = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(unwatched).Fit(TrainerTests.Patterns(copies: 8), new TrainerTests.OnEpoch(5, cancellation.Cancel), cancellation.Token));

        Assert.IsNull(cancelled.BestModel);
    }

    /// <summary>
    /// A run trained further whose epochs are all worse held out than the weights it started from has those as its best:
    /// handed back as the completed run hands them back, with the options and Adam state of the run that trained them.
    /// </summary>
    [TestMethod]
    public void ARunTrainedFurtherCancelledBeforeBetteringItsStartingWeightsHandsThemBack()
    {
        VaeOptions options = TrainerTests.Small(epochs: 40);
        options.ValidationFraction = 0.25f;
        VaeModel first = new VaeTrainer(options).Fit(TrainerTests.Patterns(copies: 8));
        VaeOptions reckless = options.Clone();
        (reckless.LearningRate, reckless.Epochs, reckless.EarlyStoppingPatience) = (1f, 5, 3);
        using var cancellation = new CancellationTokenSource();

        var cancelled = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(reckless).Fit(TrainerTests.Patterns(copies: 8), first, new TrainerTests.OnEpoch(42, cancellation.Cancel), cancellation.Token));

        VaeModel bestModel = cancelled.BestModel!;
        Assert.IsNotNull(bestModel);
        SameWeights.Assert(first, bestModel);
        Assert.AreEqual(40, bestModel.History.BestEpoch, "the epoch the starting weights came from");
        Assert.HasCount(42, bestModel.History.Epochs);
        Assert.AreEqual(40, bestModel.Options.Epochs, "the options of the run that trained them");
        Assert.IsFalse(bestModel.History.Interrupted, "that run completed");
        Assert.IsTrue(bestModel.HasOptimizerState, "the state the starting weights came with");
        StringAssert.Contains(cancelled.Message, "The weights it started from (epoch 40 of the model's history)");
    }

    /// <summary>A run trained further that diverges after an epoch worse held out than the weights it started from hands those back as its best.</summary>
    [TestMethod]
    public void ARunTrainedFurtherThatDivergedBeforeBetteringItsStartingWeightsHandsThemBack()
    {
        VaeOptions gentle = TrainerTests.OverflowingDecay();
        (gentle.WeightDecay, gentle.Epochs, gentle.LearningRate, gentle.BatchSize, gentle.ValidationFraction) = (0f, 1, 1e-3f, 8, 0.25f);
        VaeModel first = new VaeTrainer(gentle).Fit(TrainerTests.SineRows);
        VaeOptions overflowing = TrainerTests.OverflowingDecay();
        (overflowing.ValidationFraction, overflowing.EarlyStoppingPatience) = (0.25f, 3);

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => TrainerTests.PastFiniteExplosions(overflowing).Fit(TrainerTests.SineRows, first));

        Assert.AreEqual(3, error.Epoch, "diverged after the run's first epoch completed");
        VaeModel bestModel = error.BestModel!;
        Assert.IsNotNull(bestModel);
        SameWeights.Assert(first, bestModel);
        Assert.AreEqual(1, bestModel.History.BestEpoch);
        Assert.HasCount(2, bestModel.History.Epochs);
        Assert.IsNull(error.LastGoodModel.History.BestEpoch);
    }

    [TestMethod]
    public void ARunThatDivergedWithoutEarlyStoppingHasNoBestModel()
    {
        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => TrainerTests.PastFiniteExplosions(TrainerTests.OverflowingDecay()).Fit(TrainerTests.SineRows));

        Assert.HasCount(1, error.LastGoodModel.History.Epochs);
        Assert.IsNull(error.BestModel);
    }
}
