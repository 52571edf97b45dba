using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// The warning for rows scored by a model trained on binarized rows, when they are not binarized as those were, or by a
/// model trained on rows that were not all bits, when they are binarized: their losses are then not comparable with the
/// model's history (gray pixels score worse than the bits a model learned from, and bits are not the gray pixels another
/// learned from), which reads as a worse or a better model. Either is a legitimate input, so it is scored all the same.
/// </summary>
internal static class BinarizationMismatchWarning
{
    /// <summary>The warning for <paramref name="input"/> scored by <paramref name="model"/>, loaded from <paramref name="modelPath"/>, or null.</summary>
    public static string? For(VaeModel model, string modelPath, LoadedData input)
    {
        if (BinarizationMismatch.ReadAlike(model.History.Binarization, input.Data.RowBinarization))
        {
            return null;
        }

        if (model.History.Binarization is not { } trained)
        {
            // Binarizing bits leaves them as they are, and a model that kept no ranges cannot tell what it learned from.
            return model.FeatureRanges is not { } ranges || AllBits(ranges)
                ? null
                : $"vae: warning: {BinarizationMismatch.Clause(null, modelPath, input)}, and the model's training rows were not all 0 or 1, so the losses are not comparable "
                    + "with those of the model's training history, nor a log p(x) with those of models trained on bits, as published ones are; train with --binarize for a model of binarized data.";
        }

        // The validation rows of a resampled binarization were drawn once, as stochastic draws them with its seed; its
        // training rows were drawn anew every epoch, of which one stochastic draw is a sample.
        VaeBinarization asMeasured = trained.Kind == VaeBinarizationKind.Threshold ? trained : new VaeBinarization(VaeBinarizationKind.Stochastic, seed: trained.Seed);
        string howRead = trained.Kind != VaeBinarizationKind.Resampled ? "reads it as the model's training rows were read"
            : model.History.Epochs is not [.., { ValidationLoss: not null }] ? "draws it once, as each epoch drew the model's training rows"
            : "reads it as the model's validation rows were read";
        return $"vae: warning: {BinarizationMismatch.Clause(trained, modelPath, input)}, so the losses are not comparable with those of the model's training history; "
            + $"{BinarizationText.Options(asMeasured)} {howRead}.";
    }

    /// <summary>Whether every feature of the data behind <paramref name="ranges"/> was 0 or 1.</summary>
    private static bool AllBits(VaeFeatureRanges ranges) =>
        ranges.WholeNumbers.All(whole => whole) && ranges.Minimum.All(minimum => minimum >= 0f) && ranges.Maximum.All(maximum => maximum <= 1f);
}
