using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Training;

/// <summary>
/// Settings that pass validation can make every Adam step round away in float32: such a run once went through its epochs
/// with a loss that did not move and handed back the weights it was given, without a word.
/// </summary>
[TestClass]
public sealed class StalledTrainingTests
{
    [TestMethod]
    public void AnEpsilonThatOutweighsEveryGradientStopsTheRunAfterItsFirstEpoch()
    {
        VaeOptions options = TrainerTests.Small(epochs: 3);
        options.AdamEpsilon = 3e38f;

        var error = Assert.ThrowsExactly<VaeTrainingStalledException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        Assert.AreEqual(1, error.Epoch);
        StringAssert.StartsWith(error.Message, "Training stalled in epoch 1: it changed not one weight, though its gradients were not zero: ");
        StringAssert.Contains(error.Message, "LastCompletedModel holds the freshly initialized weights, which it left as they were.");
        StringAssert.StartsWith(error.Remedy, "Lower AdamEpsilon (now 3E+38): it outweighed every gradient of the epoch, whose norms were at most ");
        Assert.AreEqual("a lower AdamEpsilon (now 3E+38)", error.GoingOn);
        Assert.IsEmpty(error.LastCompletedModel.History.Epochs);
        Assert.IsNull(error.BestModel);
    }

    [TestMethod]
    public void AClipNormThatShrinksEveryGradientBelowEpsilonIsNamed()
    {
        VaeOptions options = TrainerTests.Small(epochs: 3);
        options.GradientClipNorm = 1e-45f;

        var error = Assert.ThrowsExactly<VaeTrainingStalledException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        Assert.AreEqual(
            "Raise GradientClipNorm (now 1E-45), or leave it unset: it shrank every gradient to a norm at or below AdamEpsilon (now 1E-08), "
                + "which then outweighed them in each step's denominator.",
            error.Remedy);
    }

    /// <summary>
    /// An ε that outweighs every gradient beside a rate too small to move any weight: the advice once named ε alone, and
    /// the run with it lowered stalled again, for the rate.
    /// </summary>
    [TestMethod]
    public void AnEpsilonThatOutweighsEveryGradientIsNamedWithALearningRateTooSmallBesideIt()
    {
        VaeOptions options = TrainerTests.Small(epochs: 3);
        options.LearningRate = 1e-20f;
        options.AdamEpsilon = 100f;

        var error = Assert.ThrowsExactly<VaeTrainingStalledException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        StringAssert.StartsWith(error.Remedy, "Lower AdamEpsilon (now 100): it outweighed every gradient of the epoch, whose norms were at most ");
        StringAssert.EndsWith(
            error.Remedy,
            " in each step's denominator. Raise LearningRate (now 1E-20) too: steps of about the learning rate, which Adam takes once the gradients outweigh AdamEpsilon, "
                + "are too little for float32 to add to any weight.");
        Assert.AreEqual("a lower AdamEpsilon (now 100) and a higher LearningRate (now 1E-20)", error.GoingOn);
        options.AdamEpsilon = 1e-8f;
        Assert.ThrowsExactly<VaeTrainingStalledException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()), "ε lowered alone stalls again");
    }

    [TestMethod]
    public void AClipNormThatShrinksEveryGradientBelowEpsilonIsNamedWithALearningRateTooSmallBesideIt()
    {
        VaeOptions options = TrainerTests.Small(epochs: 3);
        options.LearningRate = 1e-20f;
        options.GradientClipNorm = 1e-30f;

        var error = Assert.ThrowsExactly<VaeTrainingStalledException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        Assert.AreEqual(
            "Raise GradientClipNorm (now 1E-30), or leave it unset: it shrank every gradient to a norm at or below AdamEpsilon (now 1E-08), which then outweighed them "
                + "in each step's denominator. Raise LearningRate (now 1E-20) too: steps of about the learning rate, which Adam takes once the gradients outweigh AdamEpsilon, "
                + "are too little for float32 to add to any weight.",
            error.Remedy);
        Assert.AreEqual("a higher GradientClipNorm (now 1E-30) and a higher LearningRate (now 1E-20)", error.GoingOn);
    }

    [TestMethod]
    public void ALearningRateTooSmallForFloat32WeightsIsNamed()
    {
        VaeOptions options = TrainerTests.Small(epochs: 3);
        options.LearningRate = 1e-30f;

        var error = Assert.ThrowsExactly<VaeTrainingStalledException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns()));

        Assert.AreEqual(
            "Raise LearningRate (now 1E-30): Adam moves each weight by about the learning rate a step, too little for float32 to add to weights of their size.",
            error.Remedy);
        Assert.AreEqual("a higher LearningRate (now 1E-30)", error.GoingOn);
    }

    [TestMethod]
    public void ARunTrainedFurtherThatStallsHandsBackTheModelItStartedFrom()
    {
        VaeModel start = new VaeTrainer(TrainerTests.Small(epochs: 2)).Fit(TrainerTests.Patterns());
        VaeOptions options = TrainerTests.Small(epochs: 2);
        options.LearningRate = 1e-30f;

        var error = Assert.ThrowsExactly<VaeTrainingStalledException>(() => new VaeTrainer(options).Fit(TrainerTests.Patterns(), start));

        Assert.AreEqual(3, error.Epoch);
        StringAssert.Contains(error.Message, "LastCompletedModel holds the weights it started from (epoch 2 of the model's history), which it left as they were.");
        SameWeights.Assert(start, error.LastCompletedModel);
        Assert.HasCount(2, error.LastCompletedModel.History.Epochs);
    }

    /// <summary>
    /// Zeros nearly reconstructed, with no KL term, at an ε that comes to outweigh the gradients as they shrink: the run
    /// stalls long after early stopping's best epoch, whose weights are handed back beside the last completed epoch's.
    /// </summary>
    [TestMethod]
    public void AStallAfterEarlyStoppingsBestEpochHandsBackItsWeightsAsBestModel()
    {
        var options = new VaeOptions
        {
            HiddenLayerSizes = [4],
            LatentDimension = 1,
            Epochs = 400,
            BatchSize = 8,
            LearningRate = 1f,
            AdamEpsilon = 0.1f,
            Beta = 0f,
            ValidationFraction = 0.25f,
            EarlyStoppingPatience = 1000,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
        };

        var error = Assert.ThrowsExactly<VaeTrainingStalledException>(() => new VaeTrainer(options).Fit(VaeDataset.FromArray(new float[16 * 4], 4)));

        Assert.IsNotNull(error.BestModel);
        int best = error.BestModel.History.BestEpoch!.Value;
        Assert.IsLessThan(error.Epoch - 1, best, "an epoch before the last completed one");
        StringAssert.Contains(error.Message, $" The weights of epoch {best}, whose validation loss was the lowest so far, are in BestModel, as the run would have handed them back had it ended here.");
        Assert.HasCount(error.Epoch - 1, error.BestModel.History.Epochs, "its history holds every epoch completed");
        Assert.AreEqual(
            error.BestModel.History.Epochs[best - 1].ValidationLoss,
            error.BestModel.History.Epochs.Min(epoch => epoch.ValidationLoss),
            "the lowest validation loss of the run");
        Assert.IsTrue(error.BestModel.History.Interrupted);
        Assert.IsNull(error.LastCompletedModel.History.BestEpoch);
    }

    /// <summary>
    /// Zeros reconstructed exactly, with no KL term: by epoch 157 the gradients are all 0, so the weights stand still with
    /// nothing left to learn, which is no stall.
    /// </summary>
    [TestMethod]
    public void ARunWithNothingLeftToLearnEndsAsUsual()
    {
        var options = new VaeOptions
        {
            HiddenLayerSizes = [4],
            LatentDimension = 1,
            Epochs = 160,
            BatchSize = 8,
            LearningRate = 1f,
            Beta = 0f,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
        };

        VaeModel model = new VaeTrainer(options).Fit(VaeDataset.FromArray(new float[8 * 4], 4));

        Assert.AreEqual(0, model.History.Epochs[^1].Loss);
    }

    /// <summary>A rate far below the usual ones, but one whose steps float32 still adds to the weights, trains.</summary>
    [TestMethod]
    public void ASmallLearningRateThatMovesTheWeightsTrains()
    {
        VaeOptions options = TrainerTests.Small(epochs: 2);
        options.LearningRate = 1e-7f;

        VaeModel model = new VaeTrainer(options).Fit(TrainerTests.Patterns());

        Assert.HasCount(2, model.History.Epochs);
    }
}
