using Vae.MLNet.Cli.Input;
using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model with learned variance about to train on features that take only two values (flags,
/// one-hot categories): the decoder shrinks its variance around them to the floor it allows, which lowers the loss far
/// below zero without modelling them better and leaves the variance at prior draws unfit, so rows drawn from the model
/// spread far wider than the data. On UCI Adult one-hot encoded (110 columns, 104 of them two-valued, 20 epochs), drawn
/// columns spread 4 times as wide as the data's (median) and their correlations came no closer to the data's than
/// independent columns' (root-mean-square gap 0.061 against 0.062); with a fixed variance, 1.17 times, and 0.040.
/// The features of columns read with --categorical-columns are left out: a softmax models them, not the variance.
/// </summary>
internal static class TwoValuedFeaturesNote
{
    /// <summary>The note for a new model of <paramref name="options"/> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeOptions options, LoadedData input)
    {
        // Binarized features are two-valued by choice. Images' pixels all take values of one kind, and a border pixel
        // lit in two images is no category.
        if (options.Likelihood != VaeLikelihood.GaussianLearnedVariance || input.Shape is not null || input.Binarized)
        {
            return null;
        }

        int[] twoValued = TwoValued(input.Data);
        if (twoValued.Length == 0)
        {
            return null;
        }

        string which = input.FeatureSources(twoValued);
        return $"note: {twoValued.Length} of the {input.Data.FeatureCount} features {(twoValued.Length == 1 ? "takes" : "take")} only two values ({which}); a learned variance shrinks to its floor "
            + "around such features, which lowers the loss far below zero without modelling them better, and rows drawn from the model can spread far wider "
            + "than the data; --likelihood Gaussian, a fixed variance, suits binary and one-hot features.";
    }

    /// <summary>The features that take exactly two values in <paramref name="data"/>, categorical columns' aside.</summary>
    private static int[] TwoValued(VaeDataset data)
    {
        int width = data.FeatureCount;
        var first = new float[width];
        var second = new float[width];

        // How many distinct values each feature has shown, counting no further than a third.
        var distinct = new int[width];
        data.ForEachChunk(data.RowCount, width, (_, rows) =>
        {
            for (int i = 0; i < rows.Length; i++)
            {
                int feature = i % width;
                float value = rows[i];
                int count = distinct[feature];
                if (count == 0)
                {
                    first[feature] = value;
                    distinct[feature] = 1;
                }
                else if (count < 3 && value != first[feature] && (count == 1 || value != second[feature]))
                {
                    second[feature] = value;
                    distinct[feature] = count + 1;
                }
            }
        });

        return [.. CategoricalGroups.Of(data.CategoricalFeatures, width).NumericFeatures.Where(feature => distinct[feature] == 2)];
    }
}
