namespace Vae.MLNet;

/// <summary>
/// Training produced a non-finite loss or gradient, or an optimizer moment that overflowed and would have stopped its
/// weight; or steps too large threw the weights out with every loss finite, the loss of the run's first rows rising far
/// past its start by an epoch's end, or, once the run had ended, past it by less but at the weights it would have handed
/// back (<see cref="AtRunEnd"/>). <see cref="LastGoodModel"/> holds the weights as they were after the last completed
/// epoch (or the initial weights if the first epoch diverged). A batch's loss that is not finite because one of its rows' is, already at the
/// weights the epoch started from while other training rows' are finite there, is no divergence: training reports that
/// row with a <see cref="Data.VaeDataException"/> instead. With early stopping, <see cref="BestModel"/> holds the weights
/// of the best epoch so far, when that is not the last completed one.
/// </summary>
public sealed class VaeTrainingDivergedException : TrainingDivergedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What diverged and what to try.</param>
    /// <param name="epoch">1-based epoch in which the loss or gradient stopped being finite, or at whose end the loss had exploded.</param>
    /// <param name="batch">0-based batch within that epoch; for a divergence found once the run had ended, its last.</param>
    /// <param name="lastGoodModel">The model with the last finite weights.</param>
    /// <param name="beforeAnyUpdate">
    /// Whether the loss or gradient was already not finite at the weights training started from, or the gradient there
    /// overflowed an optimizer moment.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is below 1 or <paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="lastGoodModel"/> is null.</exception>
    public VaeTrainingDivergedException(string message, int epoch, int batch, VaeModel lastGoodModel, bool beforeAnyUpdate = false)
        : base(message, epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentNullException.ThrowIfNull(lastGoodModel);
        Batch = batch;
        LastGoodModel = lastGoodModel;
        BeforeAnyUpdate = beforeAnyUpdate;
    }

    /// <summary>
    /// 0-based batch within that epoch; the message counts batches from 1, as it does epochs. When <see cref="AtRunEnd"/>,
    /// no batch diverged: it is then the epoch's last, after whose update the run ended, and the message names none.
    /// </summary>
    public int Batch { get; }

    /// <summary>
    /// Whether the divergence was found once the run had ended, with every loss finite, at the weights it would have
    /// handed back (the last epoch's, or those early stopping kept from an earlier epoch), which lay far past the start;
    /// not in a batch, so <see cref="Batch"/> names none that diverged.
    /// </summary>
    public bool AtRunEnd { get; internal init; }

    /// <summary>
    /// The model with the weights of the last completed epoch, or the initial weights when no epoch completed. Its
    /// history is marked <see cref="VaeTrainingHistory.Interrupted"/>, except when no epoch of a run trained further
    /// completed: it is then the model that run started from, whose history holds none of the run's epochs and keeps
    /// its own mark; and except when the divergence was found once the run had ended (<see cref="AtRunEnd"/>), which
    /// gave it every epoch, or whose early stopping ended it (<see cref="VaeTrainingHistory.StoppedEarly"/>). It holds
    /// Adam's state as it stood at those weights, when there was one (<see cref="VaeModel.HasOptimizerState"/>: not for
    /// the fresh weights before any update, nor for a model started from that had none).
    /// </summary>
    public VaeModel LastGoodModel { get; }

    /// <summary>
    /// With <see cref="VaeOptions.EarlyStoppingPatience"/>, the model of the epoch with the lowest validation loss so far,
    /// when that is not the last completed one: the model the run would have handed back had it ended after the last
    /// completed epoch, to be used as it is, while <see cref="LastGoodModel"/> is the one to train further from. Its
    /// history holds every epoch completed and names that epoch as <see cref="VaeTrainingHistory.BestEpoch"/>, with
    /// <see cref="VaeTrainingHistory.BestValidationLoss"/> its loss; it is marked <see cref="VaeTrainingHistory.Interrupted"/>,
    /// as <see cref="LastGoodModel"/> is. When no epoch of a run trained further bettered the weights it started from, it
    /// holds those, described as the run that trained them left them, its mark and Adam state included; the weights of an earlier
    /// epoch of this run come without Adam's state, as a completed run's model of an earlier epoch does. Null without early stopping, before it watched an epoch of
    /// the run (none completed, or all in the KL warm-up), when the run ended with the weights early stopping kept thrown
    /// out far past the start, which are no model to use, and when the last completed epoch is the best so far:
    /// <see cref="LastGoodModel"/> then holds the best weights, so <c>BestModel ?? LastGoodModel</c> is the model to use.
    /// </summary>
    public VaeModel? BestModel { get; internal init; }

    /// <summary>
    /// Whether the loss or its gradient was already not finite at the weights training started from, before any update,
    /// or that gradient overflowed an optimizer moment: then the settings that shape the loss or its gradient, or the
    /// data's scale, are at fault, not the learning rate.
    /// </summary>
    public bool BeforeAnyUpdate { get; }

    /// <summary>
    /// Whether the loss, its gradient or an optimizer moment was already not finite at the weights of
    /// <see cref="LastGoodModel"/> after this run had updated them: at the first batch of an epoch, before any of its
    /// updates, from a gradient that overflowed not by weight decay alone; or, where a learning rate far too large threw
    /// the weights out with every loss finite, whether that model's loss on the run's first rows had already risen far
    /// past its loss at the start. Training further from that model then diverges, or starts far behind where the run
    /// began, so train again from where the run started (fresh weights, or the model it started from) with the settings
    /// the message names.
    /// </summary>
    public bool LastGoodModelDiverges { get; internal init; }

    /// <summary>The message's advice on what to change, in <see cref="VaeOptions"/> names, for a front end to retell in its own terms.</summary>
    internal string Remedy { get; init; } = string.Empty;

    /// <summary>
    /// Once the run had updated, the settings to lower for a run going on from <see cref="LastGoodModel"/>, in
    /// <see cref="VaeOptions"/> names ("a lower LearningRate (now 0.01) or GradientClipNorm"); empty before any update
    /// and when <see cref="LastGoodModelDiverges"/>, as no settings help going on from it.
    /// </summary>
    internal string GoingOn { get; init; } = string.Empty;

    /// <summary>What diverged, as the message says it ("the loss or its gradient is not finite"), for a front end to retell.</summary>
    internal string Cause { get; init; } = string.Empty;
}
