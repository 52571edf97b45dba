using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Training;

/// <summary>
/// A divergence at the first batch of a later epoch comes at the weights the last completed epoch left, the ones handed
/// back: once it was blamed on that epoch's updates, with advice to go on from those weights at a lower learning rate,
/// which diverged again at once.
/// </summary>
[TestClass]
public sealed class LastGoodModelDivergesTests
{
    [TestMethod]
    public void AnOverflowAtALaterEpochsFirstBatchSaysToTrainAgainFromTheStart()
    {
        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => TrainerTests.PastFiniteExplosions(Reckless(epochs: 5)).Fit(Wide()));

        Assert.AreEqual((2, 0, false, true), (error.Epoch, error.Batch, error.BeforeAnyUpdate, error.LastGoodModelDiverges));
        StringAssert.Contains(error.Message, "batch 1: a gradient, weight decay included, passed about 1.8e19 and overflowed Adam's second moment");
        Assert.AreEqual(
            "This happened at the weights the last completed epoch left, before any update of the next, so training further from them "
            + "diverges whatever the learning rate; train again from the start and lower LearningRate (now 100), set GradientClipNorm, "
            + "or scale the inputs (InputScaling).",
            error.Remedy);
        Assert.IsEmpty(error.GoingOn, "no setting helps going on from those weights");
        var again = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => new VaeTrainer(Reckless(epochs: 1, learningRate: 1e-6f)).Fit(Wide(), error.LastGoodModel));
        Assert.IsTrue(again.BeforeAnyUpdate, "going on from those weights diverges before any update, at a hundred-millionth of the rate");
    }

    [TestMethod]
    public void ARunTrainedFurtherIsToldToTrainAgainFromTheModelItStartedFrom()
    {
        VaeModel start = new VaeTrainer(Reckless(epochs: 1, learningRate: 1e-3f)).Fit(Wide());

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => TrainerTests.PastFiniteExplosions(Reckless(epochs: 5)).Fit(Wide(), start));

        Assert.AreEqual((3, 0, true), (error.Epoch, error.Batch, error.LastGoodModelDiverges));
        StringAssert.Contains(error.Remedy, "; train again from the model this run started from and lower LearningRate (now 100)");
    }

    /// <summary>
    /// λ·w past 1.8e19 once an epoch's updates grew the weights: the loss's own gradient is small there, so going on from
    /// them with a lower decay is the way, where a lower learning rate was once offered too and overflowed again.
    /// </summary>
    [TestMethod]
    [DataRow(0.999f)]
    [DataRow(0.5f)]
    public void AWeightDecayThatAloneOverflowsAtALaterEpochsFirstBatchLeavesTheWeightsToGoOnFrom(float beta2)
    {
        // β₂ = 0.5 leaves Adam's steps unbounded, which is no reason for a decay that overflows by itself.
        VaeOptions options = TrainerTests.OverflowingDecay();
        options.AdamBeta2 = beta2;

        var error = Assert.ThrowsExactly<VaeTrainingDivergedException>(() => TrainerTests.PastFiniteExplosions(options).Fit(TrainerTests.SineRows));

        Assert.AreEqual((2, 0, false), (error.Epoch, error.Batch, error.LastGoodModelDiverges));
        Assert.AreEqual("Lower WeightDecay (now 1E+19), which adds to every weight's gradient.", error.Remedy);
        Assert.AreEqual("a lower WeightDecay (now 1E+19)", error.GoingOn);
    }

    /// <summary>At a learning rate of 100 on values of order 1000, in one batch, the first epoch completes and its weights' gradient overflows Adam's moments.</summary>
    internal static VaeOptions Reckless(int epochs, float learningRate = 100f) => new()
    {
        HiddenLayerSizes = [16],
        LatentDimension = 2,
        Likelihood = VaeLikelihood.Gaussian,
        Epochs = epochs,
        BatchSize = 8,
        LearningRate = learningRate,
        Gemm = GemmBackend.Managed,
        NumberOfThreads = 1,
    };

    internal static VaeDataset Wide() => VaeDataset.FromArray([.. Enumerable.Range(0, 8 * 8).Select(i => (float)(Math.Sin(i) * 1000))], 8);
}
