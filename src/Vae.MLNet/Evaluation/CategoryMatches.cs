using Vae.MLNet.Data;

namespace Vae.MLNet.Evaluation;

/// <summary>
/// Counts, for each categorical column, a chunk of rows at a time, the rows of each category and those whose
/// reconstruction keeps their category, for <see cref="VaeModel.MeasureCategoryAccuracy(VaeDataset)"/>.
/// </summary>
internal sealed class CategoryMatches
{
    private readonly IReadOnlyList<VaeCategoricalFeature> _columns;
    private readonly int[][] _rowsOfCategory;
    private readonly int[] _matchingRows;

    public CategoryMatches(IReadOnlyList<VaeCategoricalFeature> columns)
    {
        _columns = columns;
        _rowsOfCategory = [.. columns.Select(column => new int[column.Categories.Count])];
        _matchingRows = new int[columns.Count];
    }

    /// <summary>
    /// Counts rows of <paramref name="width"/> finite features, row-major, and their reconstructions. A row's category is
    /// its column's largest feature (the 1 of one-hot features), and it has none when that is not above 0.
    /// </summary>
    public void Add(ReadOnlySpan<float> features, ReadOnlySpan<float> reconstructions, int width)
    {
        for (int start = 0; start < features.Length; start += width)
        {
            ReadOnlySpan<float> row = features.Slice(start, width);
            ReadOnlySpan<float> reconstruction = reconstructions.Slice(start, width);
            for (int c = 0; c < _columns.Count; c++)
            {
                VaeCategoricalFeature column = _columns[c];
                int category = column.IndexOfMostLikely(row);
                if (row[column.FirstFeature + category] > 0)
                {
                    _rowsOfCategory[c][category]++;
                    _matchingRows[c] += column.IndexOfMostLikely(reconstruction) == category ? 1 : 0;
                }
            }
        }
    }

    /// <summary>Each column's counts so far, in the columns' order.</summary>
    public IReadOnlyList<VaeCategoryAccuracy> Accuracies() =>
        [.. _columns.Select((column, c) => new VaeCategoryAccuracy(column, _rowsOfCategory[c].Sum(), _matchingRows[c], _rowsOfCategory[c].Max()))];
}
