namespace Vae.MLNet.Tests.Training;

/// <summary>A history prints as a summary of its runs, so that a manifest's ToString shows how its model was trained.</summary>
[TestClass]
public sealed class TrainingHistoryTextTests
{
    private static readonly VaeEpochReport[] Epochs =
    [
        new(1, 3.5, 3.0, 0.5, 1f, 3.6, 0.25),
        new(2, 2.5, 2.1, 0.4, 1f, 2.7, 0.25),
        new(3, 2.25, 1.9, 0.35, 1f, 2.8, 0.25),
    ];

    [TestMethod]
    public void AHistoryPrintsItsRunsBestEpochLastLossAndBackendInvariantly()
    {
        var history = new VaeTrainingHistory(
            Epochs, bestEpoch: 2, stoppedEarly: true, GemmBackend.OpenBlas, numberOfThreadsUsed: 2, bestValidationLoss: 2.7, runStartEpochs: [1, 3]);

        // The tests run under a decimal-comma culture (DecimalCommaCulture), under which a culture-bound loss reads 2,25.
        Assert.AreEqual("3 epochs (runs from epochs 1, 3), best epoch 2, stopped early, last loss 2.25, OpenBlas on 2 threads", history.ToString());
    }

    [TestMethod]
    public void AHistoryOfOneRunLeavesOutWhatDidNotHappen()
    {
        Assert.AreEqual(
            "3 epochs, last loss 2.25, Managed on 1 thread",
            new VaeTrainingHistory(Epochs, null, false, GemmBackend.Managed, numberOfThreadsUsed: 1, runStartEpochs: [1]).ToString());
        Assert.AreEqual(
            "1 epoch, interrupted, last loss 3.5, Managed",
            new VaeTrainingHistory(Epochs[..1], null, false, GemmBackend.Managed, interrupted: true).ToString());
        Assert.AreEqual("0 epochs, Managed", new VaeTrainingHistory([], null, false, GemmBackend.Managed).ToString());
    }
}
