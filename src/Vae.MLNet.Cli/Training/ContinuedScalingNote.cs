using Vae.MLNet.Cli.Input;
using static Vae.MLNet.Cli.Input.FeaturesOutsideTrainingData;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model continued with <c>--init</c> on data in which the scaling it keeps puts some feature
/// outside the data it was first trained on (<see cref="FeaturesOutsideTrainingData"/>): those values then train as
/// ones unlike any the model learned from, and nothing else says so. A Bernoulli model needs no note, since its training
/// refuses features its min-max scaling takes out of [0, 1].
/// </summary>
internal static class ContinuedScalingNote
{
    /// <summary>The note for <paramref name="start"/>, continued with <c>--init</c> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeModel start, LoadedData input, string initialPath)
    {
        // A binarized dataset's bits are in no units; data binarized unlike the first is told by ContinuedBinarizationNote.
        if (start.Likelihood == VaeLikelihood.Bernoulli || start.Scaling is not { } scaling || input.Binarized || input.Data.RowCount < MinimumRows)
        {
            return null;
        }

        return Find(scaling, start.Options.InputScaling, input, input.Data) is { } outside
            ? $"{outside.Finding(input, initialPath, "its scaling, kept by --init,")} {Causes("train")}"
            : null;
    }
}
