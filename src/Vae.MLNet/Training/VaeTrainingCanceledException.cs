namespace Vae.MLNet;

/// <summary>
/// Training was cancelled through its <see cref="CancellationToken"/> after completing at least one epoch of the run.
/// <see cref="LastCompletedModel"/> holds the weights as they were at the end of the last completed epoch, so that
/// <see cref="VaeTrainer.Fit(Data.VaeDataset, VaeModel?, IProgress{VaeEpochReport}?, CancellationToken)"/> can train
/// further from them. It holds Adam's state as it stood at that epoch's end (<see cref="VaeModel.HasOptimizerState"/>),
/// which <see cref="VaeModel.SaveCheckpoint(string)"/> keeps, so the run goes on as if it had not stopped; with
/// <see cref="VaeOptions.EarlyStoppingPatience"/>, the run going on starts its patience afresh and keeps the best of the
/// weights it starts from and its own epochs, not of this run's earlier ones. Cancelled before an epoch of the run completed, training throws a plain
/// <see cref="OperationCanceledException"/> instead: it has no weights that the caller does not already hold (the model it
/// started from) or could not draw again (fresh ones). Catching <see cref="OperationCanceledException"/> catches both.
/// With early stopping, <see cref="BestModel"/> holds the weights of the best epoch so far, when that is not the last.
/// </summary>
public sealed class VaeTrainingCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">When training was cancelled and what the model holds.</param>
    /// <param name="lastCompletedModel">The model as it stood at the end of the last completed epoch.</param>
    /// <param name="completedEpochs">The epochs of the cancelled run that completed, at least 1.</param>
    /// <param name="cancellationToken">The token that cancelled training.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lastCompletedModel"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="completedEpochs"/> is below 1, or more than the epochs of <paramref name="lastCompletedModel"/>'s history.
    /// </exception>
    public VaeTrainingCanceledException(string message, VaeModel lastCompletedModel, int completedEpochs, CancellationToken cancellationToken)
        : base(message, cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastCompletedModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(completedEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(completedEpochs, lastCompletedModel.History.Epochs.Count);
        LastCompletedModel = lastCompletedModel;
        CompletedEpochs = completedEpochs;
    }

    /// <summary>
    /// The model with the weights of the last completed epoch, whose history holds every epoch completed (after those of
    /// the model training started from, if any). With early stopping too it holds the last epoch's weights, not the best
    /// so far: training further goes on from where the run stopped, as it would have. So its history names no
    /// <see cref="VaeTrainingHistory.BestEpoch"/>; <see cref="BestModel"/> holds the best weights so far when they are
    /// another epoch's. Its history is marked <see cref="VaeTrainingHistory.Interrupted"/>, as its options ask for epochs it does not hold.
    /// </summary>
    public VaeModel LastCompletedModel { get; }

    /// <summary>
    /// With <see cref="VaeOptions.EarlyStoppingPatience"/>, the model of the epoch with the lowest validation loss so far,
    /// when that is not the last completed one: the model the run would have handed back had it ended after the last
    /// completed epoch, to be used as it is, while <see cref="LastCompletedModel"/> is the one to train further from. Its
    /// history holds every epoch completed and names that epoch as <see cref="VaeTrainingHistory.BestEpoch"/>, with
    /// <see cref="VaeTrainingHistory.BestValidationLoss"/> its loss; it is marked <see cref="VaeTrainingHistory.Interrupted"/>,
    /// as <see cref="LastCompletedModel"/> is. When no epoch of a run trained further bettered the weights it started from,
    /// it holds those, described as the run that trained them left them, its mark and Adam state included; the weights of an earlier
    /// epoch of this run come without Adam's state, as a completed run's model of an earlier epoch does. Null without early stopping, before it watched an epoch
    /// (during the KL warm-up), and when the last completed epoch is the best so far: <see cref="LastCompletedModel"/>
    /// then holds the best weights, so <c>BestModel ?? LastCompletedModel</c> is the model to use.
    /// </summary>
    public VaeModel? BestModel { get; internal init; }

    /// <summary>The epochs of the cancelled run that completed, at least 1; those of the model it started from are not counted.</summary>
    public int CompletedEpochs { get; }
}
