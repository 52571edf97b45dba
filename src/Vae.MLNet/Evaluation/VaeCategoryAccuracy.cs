using Vae.MLNet.Data;

namespace Vae.MLNet;

/// <summary>
/// How often a model's reconstructions keep one categorical column's category, as
/// <see cref="VaeModel.MeasureCategoryAccuracy(VaeDataset)"/> gives it: a row counts as kept when the most likely
/// category of its reconstruction at z = μ (<see cref="VaeCategoricalFeature.CategoryOf"/>) is the row's own. Beside it,
/// the share of the most common category, which is the accuracy of always answering that category: a column the model
/// has learned scores above it.
/// </summary>
/// <param name="Column">The categorical column.</param>
/// <param name="RowCount">
/// The rows that hold one of the column's categories. A row whose features of the column are all 0, as a category the
/// model does not know reads with <see cref="CsvDatasetOptions.UnknownCategoriesAsNone"/>, has none, and is left out.
/// </param>
/// <param name="MatchingRowCount">The rows among them whose reconstruction's most likely category is the row's own.</param>
/// <param name="MostCommonCategoryRowCount">The rows among them of the column's most common category.</param>
public sealed record VaeCategoryAccuracy(VaeCategoricalFeature Column, int RowCount, int MatchingRowCount, int MostCommonCategoryRowCount)
{
    /// <summary>The share of the rows whose category the reconstruction keeps; null when no row holds a category.</summary>
    public double? Accuracy => Share(MatchingRowCount);

    /// <summary>The share of the rows of the most common category; null when no row holds a category.</summary>
    public double? MostCommonCategoryShare => Share(MostCommonCategoryRowCount);

    private double? Share(int rows) => RowCount == 0 ? null : (double)rows / RowCount;
}
