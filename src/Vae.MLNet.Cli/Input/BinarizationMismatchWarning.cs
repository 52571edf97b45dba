using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// The warning for rows scored by a model trained on binarized rows, when they are not binarized as those were: their
/// losses are then not comparable with the model's history (gray pixels score worse than the bits it learned from),
/// which reads as a worse model. Gray data is a legitimate input, so it is scored all the same.
/// </summary>
internal static class BinarizationMismatchWarning
{
    /// <summary>The warning for <paramref name="input"/> scored by <paramref name="model"/>, loaded from <paramref name="modelPath"/>, or null.</summary>
    public static string? For(VaeModel model, string modelPath, LoadedData input)
    {
        if (model.History.Binarization is not { } trained)
        {
            return null;
        }

        // A drawn binarization's seed picks which bits, not how they are drawn, so any seed scores other rows alike; the
        // validation rows of a resampled one were drawn once, as stochastic draws them.
        VaeBinarization asMeasured = trained.Kind == VaeBinarizationKind.Threshold ? trained : new VaeBinarization(VaeBinarizationKind.Stochastic, seed: trained.Seed);
        VaeBinarization? read = input.Data.RowBinarization;
        if (asMeasured.Kind == VaeBinarizationKind.Threshold ? read == asMeasured : read?.Kind == VaeBinarizationKind.Stochastic)
        {
            return null;
        }

        string rows = trained.Kind == VaeBinarizationKind.Resampled ? "validation" : "training";
        return $"vae: warning: {modelPath} was trained on data binarized with {BinarizationText.Options(trained)}, but {input.Path} is read "
            + $"{(read is null ? "without --binarize" : $"with {BinarizationText.Options(read)}")}, so the losses are not comparable with those of the model's training history; "
            + $"{BinarizationText.Options(asMeasured)} reads it as the model's {rows} rows were read.";
    }
}
