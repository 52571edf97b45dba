using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Training;

/// <summary>
/// A history records where each run that trained the model began, as a model trained further holds epochs trained with
/// settings other than its options.
/// </summary>
[TestClass]
public sealed class RunStartEpochsTests
{
    private static readonly VaeDataset Data = TrainerTests.Patterns(copies: 8);

    [TestMethod]
    public void AModelTrainedOnceHasOneRunFromEpochOne()
    {
        VaeModel model = new VaeTrainer(TrainerTests.Small(epochs: 3)).Fit(Data);

        CollectionAssert.AreEqual(new[] { 1 }, model.History.RunStartEpochs!.ToArray());
    }

    [TestMethod]
    public void EachRunTrainedFurtherStartsAfterTheEpochsBeforeIt()
    {
        VaeModel first = new VaeTrainer(TrainerTests.Small(epochs: 3)).Fit(Data);
        VaeModel second = new VaeTrainer(TrainerTests.Small(epochs: 2)).Fit(Data, first);
        VaeModel third = new VaeTrainer(TrainerTests.Small(epochs: 1)).Fit(Data, second);

        CollectionAssert.AreEqual(new[] { 1, 4 }, second.History.RunStartEpochs!.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 4, 6 }, third.History.RunStartEpochs!.ToArray());
    }

    [TestMethod]
    public void ACancelledRunThatCompletedAnEpochIsARun()
    {
        VaeModel first = new VaeTrainer(TrainerTests.Small(epochs: 3)).Fit(Data);
        using var cancellation = new CancellationTokenSource();

        VaeModel cancelled = Assert.ThrowsExactly<VaeTrainingCanceledException>(
            () => new VaeTrainer(TrainerTests.Small(epochs: 5)).Fit(Data, first, new TrainerTests.OnEpoch(5, cancellation.Cancel), cancellation.Token)).LastCompletedModel;

        CollectionAssert.AreEqual(new[] { 1, 4 }, cancelled.History.RunStartEpochs!.ToArray());
    }

    /// <summary>A run whose early stopping kept the weights it started from still trained the epochs the history shows.</summary>
    [TestMethod]
    public void ARunThatKeptItsStartingWeightsIsStillARun()
    {
        VaeOptions patient = TrainerTests.Small(epochs: 30);
        (patient.ValidationFraction, patient.EarlyStoppingPatience) = (0.25f, 1);
        VaeModel first = new VaeTrainer(patient).Fit(Data);
        (patient.LearningRate, patient.Epochs) = (1f, 3);

        VaeModel kept = new VaeTrainer(patient).Fit(Data, first);

        Assert.AreEqual(first.History.BestEpoch, kept.History.BestEpoch, "the reckless run kept the weights it started from");
        CollectionAssert.AreEqual(new[] { 1, first.History.Epochs.Count + 1 }, kept.History.RunStartEpochs!.ToArray());
    }

    [TestMethod]
    public void TrainingFurtherAHistoryThatDoesNotSayWhereItsRunsBeganLeavesThemUnknown()
    {
        VaeModel first = new VaeTrainer(TrainerTests.Small(epochs: 2)).Fit(Data);
        VaeTrainingHistory recorded = first.History;
        var unrecorded = new VaeTrainingHistory(recorded.Epochs, recorded.BestEpoch, recorded.StoppedEarly, recorded.GemmBackend, recorded.NumberOfThreadsUsed, recorded.GemmKernel);
        VaeModel older = new(first.Network, first.Scaling, first.Options, unrecorded, first.FeatureNames, first.FeatureRanges);

        Assert.IsNull(new VaeTrainer(TrainerTests.Small(epochs: 1)).Fit(Data, older).History.RunStartEpochs);
    }

    [TestMethod]
    [DataRow(new int[0], 0)]
    [DataRow(new[] { 1 }, 1)]
    [DataRow(new[] { 1, 2, 5 }, 5)]
    public void RunsThatRiseFromEpochOneThroughTheEpochsAreAccepted(int[] starts, int epochs)
    {
        CollectionAssert.AreEqual(starts, History(epochs, starts).RunStartEpochs!.ToArray());
    }

    [TestMethod]
    [DataRow(new int[0], 3)]
    [DataRow(new[] { 1 }, 0)]
    [DataRow(new[] { 2 }, 3)]
    [DataRow(new[] { 1, 1 }, 3)]
    [DataRow(new[] { 1, 3, 2 }, 3)]
    [DataRow(new[] { 1, 4 }, 3)]
    public void RunsThatDoNotRiseFromEpochOneThroughTheEpochsAreRefused(int[] starts, int epochs)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => History(epochs, starts));

        Assert.AreEqual("runStartEpochs", error.ParamName);
        Assert.Contains($"through the {epochs} epochs reported", error.Message);
    }

    private static VaeTrainingHistory History(int epochs, int[] runStarts) => new(
        [.. Enumerable.Range(1, epochs).Select(epoch => new VaeEpochReport(epoch, 3, 2, 1, 1f, null, 0.5))],
        bestEpoch: null,
        stoppedEarly: false,
        GemmBackend.Managed,
        runStartEpochs: runStarts);
}
