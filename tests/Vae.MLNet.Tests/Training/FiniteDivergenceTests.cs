using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Training;

/// <summary>
/// A learning rate far too large throws the weights out while every loss stays finite, as Adam bounds each step by the
/// rate: such a run once completed, exited 0 from the CLI, and handed back a model whose loss was many orders of
/// magnitude past its random start.
/// </summary>
[TestClass]
public sealed class FiniteDivergenceTests
{
    [TestMethod]
    public void AStepSizeThatThrowsTheWeightsOutIsCaughtAtTheEndOfItsEpoch()
    {
        VaeOptions options = Reckless();

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        Assert.AreEqual((1, 3, false, false), (error.Epoch, error.Batch, error.BeforeAnyUpdate, error.AtRunEnd), "caught after the epoch's last of 4 batches");
        StringAssert.Contains(error.Cause, "the loss of the 4 rows the run trained on first, ");
        StringAssert.Contains(error.Cause, "steps too large threw the weights out, though the losses stayed finite");
        Assert.AreEqual("Lower LearningRate (now 1000): Adam moves each weight by about the learning rate a step, whatever the gradient, so clipping it does not help.", error.Remedy, "clipping leaves Adam's steps as they were");
        Assert.AreEqual("a lower LearningRate (now 1000)", error.GoingOn);
        Assert.IsFalse(error.LastGoodModelDiverges);
        Assert.IsEmpty(error.LastGoodModel.History.Epochs, "the weights before the epoch that threw them out are the fresh ones");
    }

    [TestMethod]
    public void ASecondMomentDecayAtMostTheFirstSquaredIsWhatTheAdviceNamesWhenStepsOutgrowTheRate()
    {
        VaeOptions options = TrainerTests.Small(epochs: 20);
        options.LearningRate = 1e-3f;
        options.AdamBeta2 = 0f;

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        StringAssert.Contains(error.Cause, "steps too large threw the weights out, though the losses stayed finite");
        Assert.AreEqual(
            "Raise AdamBeta2 (now 0) well above AdamBeta1 (now 0.9) squared, such as its default 0.999: at or below that square Adam's steps can grow without bound, "
                + "so a lower LearningRate (now 0.001) alone may not hold them back; lower it too should that not do.",
            error.Remedy,
            "a rate of 1e-3 is already the default, and lower ones diverged too");
        Assert.AreEqual(
            "a higher AdamBeta2 (now 0), well above AdamBeta1 (now 0.9) squared, such as its default 0.999, and, should that not do, a lower LearningRate (now 0.001)",
            error.GoingOn);
    }

    [TestMethod]
    public void ASecondMomentDecayAtMostTheFirstSquaredLeadsTheAdviceWhenTheLossStopsBeingFinite()
    {
        VaeOptions options = TrainerTests.Small(epochs: 20);
        options.AdamBeta2 = 0f;

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        Assert.AreEqual("the loss after its update is not finite", error.Cause);
        StringAssert.StartsWith(
            error.Remedy,
            "Raise AdamBeta2 (now 0) well above AdamBeta1 (now 0.9) squared, such as its default 0.999, since at or below that square Adam's steps can grow without bound, ");
        StringAssert.Contains(error.Remedy, ", lower LearningRate (now 0.01), ");
        Assert.AreEqual(
            "a higher AdamBeta2 (now 0), well above AdamBeta1 (now 0.9) squared, such as its default 0.999, and, should that not do, a lower LearningRate (now 0.01) or GradientClipNorm",
            error.GoingOn,
            "the other settings the advice names stay offered, after it, as they alone do not bound the steps");
    }

    /// <summary>
    /// A first-moment decay whose square is at or above β₂'s default leaves β₂ little or no room below 1: the advice
    /// once sent users to raise β₂ "well above" 0.9998, so it names the first-moment decay instead.
    /// </summary>
    [TestMethod]
    public void AFirstMomentDecayWhoseSquareLeavesNoRoomForTheSecondIsWhatTheAdviceLowers()
    {
        VaeOptions options = TrainerTests.Small(epochs: 20);
        options.LearningRate = 10f;
        options.AdamBeta1 = 0.9999f;

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        StringAssert.Contains(error.Cause, "steps too large threw the weights out, though the losses stayed finite");
        Assert.AreEqual(
            "Lower AdamBeta1 (now 0.9999), such as to its default 0.9: with AdamBeta2 (now 0.999) at or below AdamBeta1 squared Adam's steps can grow without bound, "
                + "so a lower LearningRate (now 10) alone may not hold them back; lower it too should that not do.",
            error.Remedy);
        Assert.AreEqual("a lower AdamBeta1 (now 0.9999), such as its default 0.9, and, should that not do, a lower LearningRate (now 10)", error.GoingOn);
    }

    [TestMethod]
    public void BothMomentDecaysAreNamedWhereTheFirstsDefaultSquaredWouldStillBeAtOrAboveTheSecond()
    {
        VaeOptions options = TrainerTests.Small(epochs: 20);
        options.AdamBeta1 = 0.9999f;
        options.AdamBeta2 = 0f;

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        Assert.AreEqual("the loss after its update is not finite", error.Cause);
        StringAssert.StartsWith(
            error.Remedy,
            "Lower AdamBeta1 (now 0.9999) and raise AdamBeta2 (now 0), such as to their defaults 0.9 and 0.999, since with AdamBeta2 at or below AdamBeta1 squared "
                + "Adam's steps can grow without bound, lower LearningRate (now 0.01), ");
        Assert.AreEqual(
            "a lower AdamBeta1 (now 0.9999) and a higher AdamBeta2 (now 0), such as their defaults 0.9 and 0.999, and, should that not do, a lower LearningRate (now 0.01) or GradientClipNorm",
            error.GoingOn);
    }

    [TestMethod]
    public void TheRunTheCheckStopsEndsWithFiniteLossesFarPastItsStart()
    {
        VaeModel thrownOut = TrainerTests.PastFiniteExplosions(Reckless()).Fit(TrainerTests.Patterns());
        VaeModel trained = new VaeTrainer(TrainerTests.Small(epochs: 3)).Fit(TrainerTests.Patterns());

        double lossThrownOut = thrownOut.History.Epochs[^1].Loss;
        Assert.IsTrue(double.IsFinite(lossThrownOut), "no check of finiteness could catch it");
        Assert.IsGreaterThan(1000 * trained.History.Epochs[0].Loss, lossThrownOut);
    }

    /// <summary>
    /// The run's first rows are held against their own loss at the starting weights: a row far out of the rest, outside
    /// them, weighs on an epoch's mean loss from its start, which a check against that mean would have called divergence.
    /// </summary>
    [TestMethod]
    public void ARowFarOutOfTheRestLeavesAGentleRunAlone()
    {
        float[] rows = [.. Enumerable.Range(0, 40 * 3).Select(i => MathF.Sin(i)), 300f, -300f, 300f];
        var options = new VaeOptions
        {
            Likelihood = VaeLikelihood.Gaussian,
            HiddenLayerSizes = [16],
            LatentDimension = 2,
            BatchSize = 1,
            Epochs = 3,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
        };

        VaeModel model = new VaeTrainer(options).Fit(VaeDataset.FromArray(rows, 3));

        Assert.HasCount(3, model.History.Epochs);
        Assert.IsGreaterThan(1000, model.History.Epochs[0].Loss, "the far row dominates every epoch's mean loss");
    }

    /// <summary>
    /// The weights handed back passed the margin at their epoch's end but had already risen far past the start: going on
    /// from them, as the advice once said, ended far behind a fresh run at the lower rate.
    /// </summary>
    [TestMethod]
    public void WeightsAnEpochHadAlreadyThrownOutAreNoStartToGoOnFrom()
    {
        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(
            () => new VaeTrainer(LastGoodModelDivergesTests.Reckless(epochs: 5, learningRate: 0.7f)).Fit(LastGoodModelDivergesTests.Wide()));

        Assert.AreEqual((2, true), (error.Epoch, error.LastGoodModelDiverges));
        StringAssert.StartsWith(error.Remedy, "The weights after epoch 1 had already risen to ");
        StringAssert.EndsWith(error.Remedy, " a row on those rows, so they are no start either; train again from the start with a lower LearningRate (now 0.7).");
        Assert.IsEmpty(error.GoingOn, "no setting helps going on from them");
    }

    /// <summary>
    /// A rate of 1 throws the weights out short of the margin that stops a run midway, which high rates need to spike and
    /// recover: given ten epochs this run recovers, but ended after three it handed back weights at 30 times its start.
    /// </summary>
    [TestMethod]
    public void ARunThatEndsWithItsWeightsThrownOutDivergesAtItsEnd()
    {
        VaeOptions options = TrainerTests.Small(epochs: 3);
        options.LearningRate = 1f;

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        Assert.AreEqual((3, 3, true, true), (error.Epoch, error.Batch, error.AtRunEnd, error.LastGoodModelDiverges));
        StringAssert.StartsWith(error.Message, "Training diverged by the end of epoch 3: the loss of the 4 rows the run trained on first, ", "no batch diverged");
        StringAssert.Contains(error.Cause, " a row at the weights it ended with, above that by more than its size and a nat a feature: steps too large threw the weights out");
        StringAssert.Contains(error.Message, "The weights after epoch 3 are in LastGoodModel.");
        Assert.AreEqual("Those weights are no start to go on from; train again from the start with a lower LearningRate (now 1).", error.Remedy);
        Assert.HasCount(3, error.LastGoodModel.History.Epochs);
        Assert.IsFalse(error.LastGoodModel.History.Interrupted, "the run gave every epoch its options ask for");
        options.Epochs = 10;
        Assert.HasCount(10, new VaeTrainer(options).Fit(TrainerTests.Patterns()).History.Epochs, "the same rate recovers by the tenth epoch");
    }

    /// <summary>Early stopping keeps the epoch of the lowest validation loss, which all epochs at a rate of 2 threw out.</summary>
    [TestMethod]
    public void AThrownOutEpochEarlyStoppingKeptIsCaughtAtTheRunsEnd()
    {
        VaeOptions options = TrainerTests.Small(epochs: 6);
        options.LearningRate = 2f;
        options.ValidationFraction = 0.25f;
        options.EarlyStoppingPatience = 2;

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns(copies: 8)));

        StringAssert.Contains(error.Cause, " a row at the weights it ended with (epoch 3's, which early stopping kept), ");
        StringAssert.StartsWith(error.Message, "Training diverged by the end of epoch 5: ", "no batch diverged");
        Assert.AreEqual((5, true), (error.Epoch, error.AtRunEnd), "the run stopped early after it");
        Assert.IsNull(error.BestModel, "weights thrown out are no model to use");
        Assert.AreEqual((false, true), (error.LastGoodModel.History.Interrupted, error.LastGoodModel.History.StoppedEarly), "early stopping ended the run");
        Assert.IsTrue(error.LastGoodModelDiverges, "the last epoch's weights, judged on their own, lay far past the start too");
        StringAssert.StartsWith(error.Remedy, "The weights after epoch 5 had already risen to ");
        StringAssert.EndsWith(error.Remedy, " a row on those rows, so they are no start either; train again from the start with a lower LearningRate (now 2).");
        Assert.IsEmpty(error.GoingOn, "no setting helps going on from them");
    }

    /// <summary>
    /// Early in a long KL warm-up the KL term weighs little and grows freely while the loss the run trains on falls: on
    /// the iris measurements, standardized, learned variances sharpen the reconstructions and the KL reaches 23 nats a
    /// row by the tenth epoch of 200 to warm up in. Weighed at the full β the run's end lay far past its start; at the
    /// weight the run trained with it does not.
    /// </summary>
    [TestMethod]
    public void ARunEndingEarlyInALongKlWarmUpIsJudgedAtTheKlWeightItTrainedWith()
    {
        VaeDataset iris = CsvDatasetReader.Read(TestPaths.RequireSharedData("tabular/iris.csv"), new CsvDatasetOptions { LabelColumnName = "target" });
        var options = new VaeOptions
        {
            Likelihood = VaeLikelihood.GaussianLearnedVariance,
            InputScaling = VaeInputScaling.Standardize,
            KLWarmupEpochs = 200,
            Epochs = 10,
            BatchSize = 16,
        };

        VaeModel trained = new VaeTrainer(options).Fit(iris);

        Assert.HasCount(10, trained.History.Epochs);
        Assert.IsLessThan(trained.History.Epochs[0].Loss, trained.History.Epochs[^1].Loss, "the loss the run trains on fell");
    }

    private static VaeOptions Reckless()
    {
        VaeOptions options = TrainerTests.Small(epochs: 3);
        options.LearningRate = 1000f;
        return options;
    }
}
