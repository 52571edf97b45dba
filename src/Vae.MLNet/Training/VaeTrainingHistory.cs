using System.Globalization;
using System.Text.Json.Serialization;
using Vae.MLNet.Data;
using Vae.MLNet.Equality;
using Vae.MLNet.Text;

namespace Vae.MLNet;

/// <summary>The record of how a model was trained.</summary>
/// <remarks>
/// Two histories are equal when everything they record is, epoch by epoch, as two reads of one model's are; they are
/// compared so because a <see cref="Persistence.VaeModelManifest"/>, a record, holds one. Each epoch's wall-clock
/// <see cref="VaeEpochReport.Seconds"/> takes part, as a history records what happened, so two bit-identical runs
/// (same seed, data and thread count) have unequal histories: to check that two runs agree, compare their epochs'
/// losses, or their models' graphs (<see cref="VaeModel.ExportOnnx"/>), not their histories.
/// </remarks>
public sealed class VaeTrainingHistory : IEquatable<VaeTrainingHistory>
{
    /// <summary>
    /// The most epochs training gives a model's history, over every run that trained it: a model zip's manifest has room
    /// for that many epoch reports beside its feature names. <see cref="VaeOptions.Epochs"/> and training further are
    /// held to it; a model saved with a longer history by an earlier version loads, and is not trained further.
    /// </summary>
    public const int MaxEpochs = 40_000;

    /// <summary>How many more epochs training this model further may add before its history holds <see cref="MaxEpochs"/>.</summary>
    internal int EpochsLeft => Math.Max(0, MaxEpochs - Epochs.Count);

    /// <summary>Creates a history; only training makes one, so that a history names a backend and a thread count that ran.</summary>
    /// <param name="epochs">One report per epoch, in order.</param>
    /// <param name="bestEpoch">The epoch whose weights the model holds when early stopping restored them; otherwise null.</param>
    /// <param name="stoppedEarly">Whether early stopping ended training before the last requested epoch.</param>
    /// <param name="gemmBackend">The matrix-product implementation that ran.</param>
    /// <param name="numberOfThreadsUsed">The threads a training step ran on, at least 1; null when not known.</param>
    /// <param name="gemmKernel">The kernel that summed the matrix products; null when not known.</param>
    /// <param name="binarization">How the training data of the run the weights come from was binarized; null when it was not, or not known.</param>
    /// <param name="bestValidationLoss">The validation loss by which early stopping chose the weights of <paramref name="bestEpoch"/>; null when not known.</param>
    /// <param name="interrupted">Whether the last run stopped, cancelled, diverged or stalled, before it completed.</param>
    /// <param name="runStartEpochs">The first epoch of each run that added epochs, in order from 1; null when not known.</param>
    /// <exception cref="ArgumentNullException"><paramref name="epochs"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="bestEpoch"/> is neither null nor between 1 and the number of <paramref name="epochs"/>,
    /// <paramref name="numberOfThreadsUsed"/> is below 1, or <paramref name="bestValidationLoss"/> is not finite.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="bestValidationLoss"/> is given without a <paramref name="bestEpoch"/>, or <paramref name="runStartEpochs"/>
    /// does not start at epoch 1 (or is not empty with no epochs) or does not rise through the epochs reported.
    /// </exception>
    [JsonConstructor]
    internal VaeTrainingHistory(
        IReadOnlyList<VaeEpochReport> epochs, int? bestEpoch, bool stoppedEarly, GemmBackend gemmBackend, int? numberOfThreadsUsed = null, string? gemmKernel = null,
        VaeBinarization? binarization = null, double? bestValidationLoss = null, bool interrupted = false, IReadOnlyList<int>? runStartEpochs = null)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        Epochs = epochs.ToArray().AsReadOnly();
        if (bestEpoch is < 1 || bestEpoch > Epochs.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(bestEpoch), bestEpoch, $"The best epoch must be one of the {Epochs.Count} epochs reported (1 to {Epochs.Count}), or null when early stopping restored none.");
        }

        if (numberOfThreadsUsed is < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(numberOfThreadsUsed), numberOfThreadsUsed, "A training step runs on at least one thread; give the count it ran on, or null when it is not known.");
        }

        if (bestValidationLoss is { } loss)
        {
            if (!double.IsFinite(loss))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(bestValidationLoss), loss, "Early stopping keeps weights only by a finite validation loss; give the loss it kept them by, or null when it is not known.");
            }

            if (bestEpoch is null)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"A best validation loss ({loss}) is the loss early stopping kept the best epoch's weights by, and no best epoch is given; give the best epoch with it, or leave it null."),
                    nameof(bestValidationLoss));
            }
        }

        if (runStartEpochs is not null)
        {
            RunStartEpochs = runStartEpochs.ToArray().AsReadOnly();
            if (!StartsRunsAtEpochs(RunStartEpochs, Epochs.Count))
            {
                throw new ArgumentException(
                    $"The runs' first epochs ({string.Join(", ", RunStartEpochs)}) must rise from epoch 1 through the {Epochs.Count} epochs reported, one for each run that added epochs (none when there are no epochs); give them so, or null when they are not known.",
                    nameof(runStartEpochs));
            }
        }

        BestEpoch = bestEpoch;
        BestValidationLoss = bestValidationLoss;
        StoppedEarly = stoppedEarly;
        Interrupted = interrupted;
        GemmBackend = gemmBackend;
        NumberOfThreadsUsed = numberOfThreadsUsed;
        GemmKernel = gemmKernel;
        Binarization = binarization;
    }

    /// <summary>One report per epoch, in order.</summary>
    public IReadOnlyList<VaeEpochReport> Epochs { get; }

    /// <summary>
    /// The epoch whose weights the model holds when early stopping restored them; otherwise null. When a run trained
    /// further kept the weights it started from, this is an earlier run's epoch, whose report's
    /// <see cref="VaeEpochReport.ValidationLoss"/> was measured on that run's validation rows, perhaps at another β:
    /// <see cref="BestValidationLoss"/> is the loss the weights were kept by.
    /// </summary>
    public int? BestEpoch { get; }

    /// <summary>
    /// The validation loss by which early stopping chose the weights the model holds, as the run that chose them
    /// measured it: the last run of the history, whose early stopping may have kept weights an earlier run trained (the
    /// run that trained them gives what describes them, such as <see cref="GemmBackend"/>). When <see cref="BestEpoch"/>
    /// is an epoch of the run that chose it, this is its report's <see cref="VaeEpochReport.ValidationLoss"/>; when that
    /// run kept the weights it started from, it is their loss on that run's validation rows at its β, measured before
    /// its first epoch with the draw of ε its epochs' validation losses take. Models whose weights were chosen on the
    /// same validation rows can be ranked by it; for others, score the same rows with every model
    /// (<see cref="VaeModel.Evaluate(Data.VaeDataset, bool, int)"/>). Null when <see cref="BestEpoch"/> is, and in a
    /// history saved before this loss was recorded, whose best epoch's report may hold an earlier run's measurement.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BestValidationLoss { get; }

    /// <summary>Whether early stopping ended training before the last requested epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>
    /// Whether the last run of the history stopped, cancelled, diverged or stalled, before it completed: the model is then a
    /// <see cref="VaeTrainingCanceledException.LastCompletedModel"/>, a <see cref="VaeTrainingDivergedException.LastGoodModel"/>
    /// or a <see cref="VaeTrainingStalledException.LastCompletedModel"/> (or the <c>BestModel</c> beside one), whose
    /// <see cref="VaeModel.Options"/> ask for more <see cref="VaeOptions.Epochs"/> than that run gave it. A
    /// <see cref="VaeTrainingDivergedException.LastGoodModel"/> or <see cref="VaeTrainingStalledException.LastCompletedModel"/>
    /// of a run trained further that completed no epoch is the model it started from, and keeps its mark, as does one
    /// whose early stopping kept the weights it started from. A <see cref="VaeTrainingDivergedException.LastGoodModel"/>
    /// of a divergence found once the run had ended (<see cref="VaeTrainingDivergedException.AtRunEnd"/>) is not marked:
    /// that run completed.
    /// Otherwise training the model further clears it once that run completes. False in a history saved before
    /// interruptions were recorded.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Interrupted { get; }

    /// <summary>
    /// The first epoch of each run that trained the model, in order: <c>[1]</c> for a model trained once, <c>[1, 11]</c>
    /// for one of 10 epochs trained further. A run that completed no epoch adds none. So epochs from
    /// <c>RunStartEpochs[i]</c> up to the next run's first are run <c>i + 1</c>'s, whose settings may differ from the
    /// model's <see cref="VaeModel.Options"/>, which are the last run's (or those of the run that trained the weights it
    /// holds). Null in a history saved before runs were recorded, and in one trained further from such a history.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? RunStartEpochs { get; }

    /// <summary>The epoch whose weights the model holds: <see cref="BestEpoch"/> when set, else the last; null with no epoch.</summary>
    internal int? WeightsEpoch => BestEpoch ?? (Epochs.Count > 0 ? Epochs.Count : null);

    /// <summary>
    /// The matrix-product implementation (<see cref="GemmBackend.OpenBlas"/> or <see cref="GemmBackend.Managed"/>) that
    /// ran in the run that trained the weights the model holds: the last run, unless its early stopping kept the weights
    /// it started from.
    /// </summary>
    public GemmBackend GemmBackend { get; }

    /// <summary>
    /// The threads a training step ran on in the run that trained the weights the model holds (the last run, unless its
    /// early stopping kept the weights it started from), which with <see cref="GemmKernel"/> decides the weights' last bits (see
    /// <see cref="VaeOptions.NumberOfThreads"/>): the count <see cref="VaeOptions.NumberOfThreads"/> allowed, every
    /// processor the process may use when it was null, lowered to what the model's size gives work for. Training with
    /// that count on the same kernel repeats the split. Null in a history saved before the count was recorded.
    /// </summary>
    public int? NumberOfThreadsUsed { get; }

    /// <summary>
    /// The kernel that summed the matrix products in the run that trained the weights the model holds (the last run,
    /// unless its early stopping kept the weights it started from), as another sums in another order: for <see cref="GemmBackend.Managed"/>
    /// the vectors it ran on, <c>Vector512</c> (AVX-512), <c>Vector256</c> (AVX2) or <c>Vector128</c>; for
    /// <see cref="GemmBackend.OpenBlas"/> the cores OpenBLAS picked (<c>openblas_get_corename</c>) and its version, such as
    /// <c>Haswell (OpenBLAS 0.3.21)</c> (the cores alone in a history saved before the version was recorded), or null when
    /// the library names neither. Null too in a history saved before the kernel was recorded.
    /// </summary>
    public string? GemmKernel { get; }

    /// <summary>
    /// How the rows the model's weights last trained on were binarized, when that run's training data was a
    /// <see cref="BinarizedDataset"/> or this library's view of one (a <see cref="VaeDataset.Subset"/> of it, say):
    /// binarize other rows so before scoring them, for losses comparable with <see cref="Epochs"/>'. The validation
    /// losses of a <see cref="VaeBinarizationKind.Resampled"/> run were measured on rows drawn once, as
    /// <see cref="BinarizedDataset.Stochastic"/> with the same seed draws them. Training a model further records that
    /// run's, unless its early stopping kept the weights it started from, which keep theirs. Null when the training data was not binarized, or was through a <see cref="VaeDataset"/> of one's own that
    /// wraps a binarization, and in a history saved before binarizations were recorded.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VaeBinarization? Binarization { get; }

    /// <summary>
    /// The runs' first epochs after a run from <paramref name="firstEpoch"/> that brought the history to
    /// <paramref name="epochCount"/> epochs: <paramref name="before"/>'s, and this run's when it added epochs; null when
    /// <paramref name="before"/>'s are not known.
    /// </summary>
    /// <param name="before">The history the run trained further, or null for a run on fresh weights.</param>
    /// <param name="firstEpoch">The run's first epoch, counted over the whole history.</param>
    /// <param name="epochCount">The epochs of the whole history once the run stopped.</param>
    internal static IReadOnlyList<int>? RunStartEpochsAfter(VaeTrainingHistory? before, int firstEpoch, int epochCount)
    {
        IReadOnlyList<int>? earlier = before is null || before.Epochs.Count == 0 ? [] : before.RunStartEpochs;
        return earlier is null || epochCount < firstEpoch ? earlier : [.. earlier, firstEpoch];
    }

    /// <inheritdoc/>
    public bool Equals(VaeTrainingHistory? other) =>
        other is not null
        && ElementWise.Equal(Epochs, other.Epochs)
        && BestEpoch == other.BestEpoch
        && BestValidationLoss.Equals(other.BestValidationLoss)
        && StoppedEarly == other.StoppedEarly
        && Interrupted == other.Interrupted
        && ElementWise.Equal(RunStartEpochs, other.RunStartEpochs)
        && GemmBackend == other.GemmBackend
        && NumberOfThreadsUsed == other.NumberOfThreadsUsed
        && GemmKernel == other.GemmKernel
        && Binarization == other.Binarization;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as VaeTrainingHistory);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ElementWise.HashOf(Epochs));
        hash.Add(BestEpoch);
        hash.Add(BestValidationLoss);
        hash.Add(StoppedEarly);
        hash.Add(Interrupted);
        hash.Add(ElementWise.HashOf(RunStartEpochs));
        hash.Add(GemmBackend);
        hash.Add(NumberOfThreadsUsed);
        hash.Add(GemmKernel);
        hash.Add(Binarization);
        return hash.ToHashCode();
    }

    /// <summary>
    /// The history on one line: <c>12 epochs (runs from epochs 1, 11), best epoch 9, stopped early, last loss 95.3712,
    /// OpenBlas on 2 threads</c>; the epochs' reports are in <see cref="Epochs"/>.
    /// </summary>
    public override string ToString()
    {
        string epochs = Counted.Of(Epochs.Count, "epoch");
        var parts = new List<string> { RunStartEpochs is { Count: > 1 } starts ? $"{epochs} (runs from epochs {ShortList.Of(starts)})" : epochs };

        if (BestEpoch is { } best)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"best epoch {best}"));
        }

        if (StoppedEarly)
        {
            parts.Add("stopped early");
        }

        if (Interrupted)
        {
            parts.Add("interrupted");
        }

        if (Epochs.Count > 0)
        {
            parts.Add($"last loss {Epochs[^1].Loss.ToString("G6", CultureInfo.InvariantCulture)}");
        }

        parts.Add(NumberOfThreadsUsed is { } threads ? $"{GemmBackend} on {Counted.Of(threads, "thread")}" : GemmBackend.ToString());
        return string.Join(", ", parts);
    }

    private static bool StartsRunsAtEpochs(IReadOnlyList<int> starts, int epochCount)
    {
        if (epochCount == 0 || starts.Count == 0)
        {
            return epochCount == 0 && starts.Count == 0;
        }

        return starts[0] == 1 && starts[^1] <= epochCount && starts.Zip(starts.Skip(1)).All(pair => pair.First < pair.Second);
    }
}
