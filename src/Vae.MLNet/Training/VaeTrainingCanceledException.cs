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
    /// <see cref="VaeTrainingHistory.BestEpoch"/>; the epochs' validation losses show which was best. Its history is
    /// marked <see cref="VaeTrainingHistory.Interrupted"/>, as its options ask for epochs it does not hold.
    /// </summary>
    public VaeModel LastCompletedModel { get; }

    /// <summary>The epochs of the cancelled run that completed, at least 1; those of the model it started from are not counted.</summary>
    public int CompletedEpochs { get; }
}
