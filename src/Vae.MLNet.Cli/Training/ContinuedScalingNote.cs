using Vae.MLNet.Cli.Input;
using static Vae.MLNet.Cli.Input.FeaturesOutsideTrainingData;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model continued with <c>--init</c> on data in which the scaling it keeps puts some feature
/// outside the data it was first trained on (<see cref="FeaturesOutsideTrainingData"/>): those values then train as
/// ones unlike any the model learned from, and nothing else says so. A Bernoulli model needs no note, since its training
/// refuses features its min-max scaling takes out of [0, 1]. Data binarized unlike the rows the model last trained on is
/// told by <see cref="ContinuedBinarizationNote"/>.
/// </summary>
internal static class ContinuedScalingNote
{
    /// <summary>The note for <paramref name="start"/>, continued with <c>--init</c> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeModel start, LoadedData input, string initialPath) =>
        start.Likelihood != VaeLikelihood.Bernoulli && Find(start, input, input.Data) is { } outside
            ? $"{outside.Finding(input, initialPath, "its scaling, kept by --init,")} {Causes("train")}"
            : null;
}
