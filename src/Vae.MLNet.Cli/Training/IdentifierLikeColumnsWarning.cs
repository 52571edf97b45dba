using Vae.MLNet.Cli.Input;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The warning for a new model about to train on a categorical column that holds a category for every other row or
/// more, as an identifier, a name or a timestamp does: what the model learns of a category no other row shares holds
/// for no other row, a row's category can be reconstructed only by remembering it, and each category widens every row
/// by a feature.
/// </summary>
internal static class IdentifierLikeColumnsWarning
{
    // A column of a few categories can hold one for each of a few rows and still be a true category, such as a month.
    private const int FewestCategories = 20;

    /// <summary>The warning for a new model trained on <paramref name="input"/>, or null.</summary>
    public static string? For(LoadedData input)
    {
        VaeDataset data = input.Data;
        VaeCategoricalFeature[] identifierLike = [.. (data.CategoricalFeatures ?? [])
            .Where(column => column.Categories.Count >= FewestCategories && 2L * column.Categories.Count >= data.RowCount)];
        if (identifierLike.Length == 0)
        {
            return null;
        }

        string columns = string.Join(", ", identifierLike.Select(column => $"{input.FeatureSource(column.FirstFeature)} holds {column.Categories.Count} categories"));
        return $"vae: warning: among {data.RowCount} rows, {columns}: a category for every other row or more, as an identifier or a name has, "
            + "which no other row shares, so the model can only remember them, and each adds a feature to every row. "
            + "Leave such a column out with --exclude-columns; encode, reconstruct and evaluate carry it into their output with --id-column.";
    }
}
