using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a model continued with <c>--init</c> on data binarized otherwise than the rows its weights last trained
/// on: gray pixels where it learned from bits, or bits where it learned from measurements through a scaling --init keeps.
/// Either trains the model on values unlike those it learned from, its first epochs' losses jumping for it, which is
/// legitimate but never what the history suggests, so it trains all the same.
/// </summary>
internal static class ContinuedBinarizationNote
{
    /// <summary>The note for <paramref name="start"/>, loaded from <paramref name="initialPath"/>, continued on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeModel start, LoadedData input, string initialPath)
    {
        if (BinarizationMismatch.ReadAlike(start.History.Binarization, input.Data.RowBinarization))
        {
            return null;
        }

        string remedy = start.History.Binarization is { } trained
            ? $"give {BinarizationText.Options(trained)} to read it as those rows were read"
            : "leave --binarize out to read it as before, or train a new model on the binarized data";
        return $"note: {BinarizationMismatch.Clause(start.History.Binarization, initialPath, input)}, so this run trains the model on values unlike those it learned from, "
            + $"and its losses are not comparable with those of its history; {remedy}.";
    }
}
