using Vae.MLNet.Data;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Evaluation;

/// <summary>
/// What to tell a user about an <see cref="UnscorableFeature"/>, in the terms of the API they called: the library's
/// types or the command line's options.
/// </summary>
/// <param name="FiniteFeatures">For a feature that is not finite: a sentence saying every feature must be.</param>
/// <param name="Binarize">For a Bernoulli model's feature that is not 0 or 1: how to binarize the data (completes "so …").</param>
/// <param name="BinaryModel">For a Bernoulli model whose scaling moves 0 and 1: what kind of model the estimate needs.</param>
/// <param name="UnknownCategory">For a row holding none of a categorical column's categories (as an unseen one may be read): what to do.</param>
internal sealed record UnscorableFeatureAdvice(string FiniteFeatures, string Binarize, string BinaryModel, string UnknownCategory)
{
    /// <summary>The advice of <see cref="VaeModel.EstimateLogLikelihood"/>.</summary>
    public static UnscorableFeatureAdvice Library { get; } = new(
        FiniteValues.Requirement["; ".Length..],
        "binarize the data first, e.g. with BinarizedDataset.",
        "The estimate needs a Bernoulli model whose scaling keeps 0 and 1, such as one trained on binarized data.",
        $"Leave out the rows that hold no category of a column ({nameof(CsvDatasetOptions)}.{nameof(CsvDatasetOptions.UnknownCategoriesAsNone)} reads a category the model was not trained on as none).");
}
