using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Training;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class FewStepsNoteTests
{
    private static LoadedData Rows(int count) => new("data.csv", VaeDataset.FromArray(new float[count], 1), csv: null, maxRows: null);

    [TestMethod]
    public void WineSizedDataAtTheDefaultsGetsTheStepCountAndSettingsThatReachEnoughSteps()
    {
        string? note = FewStepsNote.For(new VaeOptions(), Rows(142));

        Assert.AreEqual(
            "note: 142 rows trained on in batches of 128 make 2 steps an epoch, so 10 epochs give the new model 20 optimizer steps, fewer than the 500 or so "
            + "it needs to settle; until it has, its loss is far from what it can reach, and the count of active latent dimensions training ends with reflects "
            + "its random initial encoder more than what it learned. Give --epochs 250, or --batch-size 32 with --epochs 100 for 500 steps or more.",
            note);
        Assert.IsNull(FewStepsNote.For(new VaeOptions { Epochs = 250 }, Rows(142)), "the epochs suggested");
        Assert.IsNull(FewStepsNote.For(new VaeOptions { BatchSize = 32, Epochs = 100 }, Rows(142)), "the batch size and epochs suggested");
        Assert.IsNotNull(FewStepsNote.For(new VaeOptions { Epochs = 249 }, Rows(142)));
    }

    [TestMethod]
    public void MnistSizedDataAtTheDefaultsGetsNoNote() =>
        Assert.IsNull(FewStepsNote.For(new VaeOptions(), Rows(60_000)), "469 steps an epoch");

    [TestMethod]
    public void OneRowAndOneEpochAreToldInTheSingular() =>
        StringAssert.StartsWith(
            FewStepsNote.For(new VaeOptions { Epochs = 1 }, Rows(1)),
            "note: 1 row trained on in batches of 128 makes 1 step an epoch, so 1 epoch gives the new model 1 optimizer step, ");

    [TestMethod]
    public void HeldOutRowsAreNotCountedAndASmallBatchIsNotSuggestedAgain()
    {
        // 24 of 120 rows held out leave 96, one batch of 128 an epoch; in batches of 32 they make 3.
        string? heldOut = FewStepsNote.For(new VaeOptions { ValidationFraction = 0.2f }, Rows(120));
        string? smallBatch = FewStepsNote.For(new VaeOptions { BatchSize = 16, Epochs = 2 }, Rows(120));

        StringAssert.StartsWith(heldOut, "note: 96 rows trained on in batches of 128 make 1 step an epoch, so 10 epochs give the new model 10 optimizer steps");
        StringAssert.EndsWith(heldOut, "Give --epochs 500, or --batch-size 32 with --epochs 167 for 500 steps or more.");
        StringAssert.EndsWith(smallBatch, "make 8 steps an epoch, so 2 epochs give the new model 16 optimizer steps, fewer than the 500 or so it needs to settle; "
            + "until it has, its loss is far from what it can reach, and the count of active latent dimensions training ends with reflects its random initial "
            + "encoder more than what it learned. Give --epochs 63 for 500 steps or more.");
    }

    [TestMethod]
    public void TheStepsAreCountedOnTheRowsLeftForTraining()
    {
        // 28 of 142 rows held out leave 114, one batch of 128 where all 142 would make two.
        string? note = FewStepsNote.For(new VaeOptions { ValidationFraction = 0.2f }, Rows(142));

        StringAssert.StartsWith(note, "note: 114 rows trained on in batches of 128 make 1 step an epoch");
        StringAssert.EndsWith(note, "Give --epochs 500, or --batch-size 32 with --epochs 125 for 500 steps or more.");
    }

    [TestMethod]
    public void TheSmallBatchIsNotSuggestedToDataTrainedInIt()
    {
        string? note = FewStepsNote.For(new VaeOptions { BatchSize = 32 }, Rows(142));

        StringAssert.EndsWith(note, "make 5 steps an epoch, so 10 epochs give the new model 50 optimizer steps, fewer than the 500 or so it needs to settle; "
            + "until it has, its loss is far from what it can reach, and the count of active latent dimensions training ends with reflects its random initial "
            + "encoder more than what it learned. Give --epochs 100 for 500 steps or more.");
    }

    [TestMethod]
    public void TheSmallBatchIsNotSuggestedToFewerRowsThanItHolds()
    {
        string? note = FewStepsNote.For(new VaeOptions(), Rows(20));

        StringAssert.StartsWith(note, "note: 20 rows trained on in batches of 128 make 1 step an epoch");
        Assert.DoesNotContain("--batch-size", note!);
    }
}
