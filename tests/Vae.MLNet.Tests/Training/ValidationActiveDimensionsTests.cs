using Vae.MLNet.Data;
using Vae.MLNet.Tests.Evaluation;

namespace Vae.MLNet.Tests.Training;

/// <summary>Each epoch's count of the latent dimensions active on the validation rows, for watching them come into use.</summary>
[TestClass]
public sealed class ValidationActiveDimensionsTests
{
    private static readonly VaeDataset Training = EvaluationModels.NoisyCopiesOfTwoBits(rows: 400, seed: 2);

    private static readonly VaeDataset Validation = EvaluationModels.NoisyCopiesOfTwoBits(rows: 100, seed: 3);

    /// <summary>Five latent dimensions for data with two hidden bits; the count rises from 2 after epoch 1 to 4 after epoch 4.</summary>
    private static VaeOptions Options(int epochs) =>
        new() { HiddenLayerSizes = [16], LatentDimension = 5, Epochs = epochs, BatchSize = 32, LearningRate = 5e-3f, NumberOfThreads = 1, Seed = 1 };

    [TestMethod]
    public void EveryEpochCountsTheDimensionsActiveOnTheValidationRowsAsMeasuringTheModelThereDoes()
    {
        var progress = new SynchronousProgress<VaeEpochReport>();
        VaeModel model = new VaeTrainer(Options(epochs: 4)).Fit(Training, Validation, progress);

        // A shorter run with the same seed trains the longer run's first epochs, so its weights are those of that epoch.
        int[] counts = [.. progress.Reports.Select(report => report.ValidationActiveDimensions!.Value)];
        VaeModel afterFirstEpoch = new VaeTrainer(Options(epochs: 1)).Fit(Training, Validation);
        Assert.AreEqual(afterFirstEpoch.MeasureLatentActivity(Validation).ActiveDimensions, counts[0]);
        Assert.AreEqual(model.MeasureLatentActivity(Validation).ActiveDimensions, counts[^1]);
        Assert.AreNotEqual(counts[0], counts[^1], "the count follows the weights from epoch to epoch");
        CollectionAssert.AreEqual(counts, model.History.Epochs.Select(report => report.ValidationActiveDimensions!.Value).ToArray());
    }

    [TestMethod]
    public void HeldOutRowsAreCountedAndTrainingWithoutValidationRowsCountsNothing()
    {
        VaeOptions heldOut = Options(epochs: 2);
        heldOut.ValidationFraction = 0.2f;
        VaeModel measured = new VaeTrainer(heldOut).Fit(Training);
        VaeModel unmeasured = new VaeTrainer(Options(epochs: 2)).Fit(Training);

        Assert.IsTrue(measured.History.Epochs.All(report => report.ValidationActiveDimensions is >= 0 and <= 5));
        Assert.IsTrue(unmeasured.History.Epochs.All(report => report.ValidationActiveDimensions is null));
    }

    /// <summary>A variance across one row is always 0, so every epoch counted none active, whatever the weights.</summary>
    [TestMethod]
    public void ASingleValidationRowHasItsLossButNoCountThatSavingWouldRecord()
    {
        var progress = new SynchronousProgress<VaeEpochReport>();
        VaeModel model = new VaeTrainer(Options(epochs: 2)).Fit(Training, EvaluationModels.NoisyCopiesOfTwoBits(rows: 1, seed: 3), progress);
        using var zip = new MemoryStream();
        model.Save(zip);
        zip.Position = 0;

        VaeModel loaded = VaeModel.Load(zip);

        Assert.IsTrue(progress.Reports.All(report => report.ValidationLoss is not null && report.ValidationActiveDimensions is null));
        Assert.IsTrue(loaded.History.Epochs.All(report => report.ValidationLoss is not null && report.ValidationActiveDimensions is null));
    }

    [TestMethod]
    public void ASavedModelKeepsEachEpochsCount()
    {
        VaeModel model = new VaeTrainer(Options(epochs: 3)).Fit(Training, Validation);
        using var zip = new MemoryStream();
        model.Save(zip);
        zip.Position = 0;

        VaeModel loaded = VaeModel.Load(zip);

        CollectionAssert.AreEqual(
            model.History.Epochs.Select(report => report.ValidationActiveDimensions).ToArray(),
            loaded.History.Epochs.Select(report => report.ValidationActiveDimensions).ToArray());
    }
}
