namespace Vae.MLNet;

/// <summary>
/// Training stopped because an epoch changed no weight at all, though its gradients were not zero: every Adam step was
/// smaller than half the float32 spacing of the weight it was for, so it rounded away, as it would in every later epoch
/// with the same settings. The learning rate, Adam's ε or the gradient clipping are at fault, and the message names the
/// one to change, and the learning rate beside ε or the clipping where steps of about the rate would move no weight
/// either. It is no <see cref="TrainingDivergedException"/>: that one's usual remedy, a lower learning rate,
/// would make these steps smaller still. <see cref="LastCompletedModel"/> holds the weights the epoch left as they were.
/// </summary>
public sealed class VaeTrainingStalledException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which epoch changed no weight and what to change.</param>
    /// <param name="epoch">1-based epoch, in the model's history, that changed no weight.</param>
    /// <param name="lastCompletedModel">The model with the weights that epoch started from and left as they were.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is below 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="lastCompletedModel"/> is null.</exception>
    public VaeTrainingStalledException(string message, int epoch, VaeModel lastCompletedModel)
        : base(message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentNullException.ThrowIfNull(lastCompletedModel);
        Epoch = epoch;
        LastCompletedModel = lastCompletedModel;
    }

    /// <summary>1-based epoch, in the model's history, that changed no weight.</summary>
    public int Epoch { get; }

    /// <summary>
    /// The model with the weights of the last completed epoch before the one that changed none, or the weights the run
    /// started from when that was its first: those the stalled epoch left as they were, whose history holds neither it
    /// nor any later one. Its history is marked <see cref="VaeTrainingHistory.Interrupted"/>, except when the run's first
    /// epoch stalled training a model further: it is then that model, with its own history and mark. It holds Adam's
    /// state as it stood at those weights, when there was one (<see cref="VaeModel.HasOptimizerState"/>).
    /// </summary>
    public VaeModel LastCompletedModel { get; }

    /// <summary>
    /// With <see cref="VaeOptions.EarlyStoppingPatience"/>, the model of the epoch with the lowest validation loss so far,
    /// when that is not the last completed one, as <see cref="VaeTrainingDivergedException.BestModel"/> describes; null
    /// otherwise, so <c>BestModel ?? LastCompletedModel</c> is the model to use.
    /// </summary>
    public VaeModel? BestModel { get; internal init; }

    /// <summary>The message's advice on what to change, in <see cref="VaeOptions"/> names, for a front end to retell in its own terms.</summary>
    internal string Remedy { get; init; } = string.Empty;

    /// <summary>
    /// The setting for a run going on from <see cref="LastCompletedModel"/>, in <see cref="VaeOptions"/> names
    /// ("a higher LearningRate (now 1E-30)"), for a front end to retell.
    /// </summary>
    internal string GoingOn { get; init; } = string.Empty;

    /// <summary>What happened, as the message says it, for a front end to retell.</summary>
    internal string Cause { get; init; } = string.Empty;
}
