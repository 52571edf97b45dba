using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Decoded rows written in the columns of the file the model was trained on, named as its features (x_0… where it has
/// no names that read back): each categorical column as its category, the one whose feature is the largest, and the
/// other features as numbers, so that the rows read back as data for the model.
/// </summary>
internal sealed class DecodedRows
{
    private readonly IReadOnlyList<VaeCategoricalFeature> _categorical;
    private readonly IReadOnlyList<string>? _featureNames;
    private readonly int _featureCount;

    // Each written column's feature, or for a categorical column the bitwise complement of its index in _categorical.
    private readonly int[] _columns;

    public DecodedRows(VaeModel model)
    {
        IReadOnlyList<VaeCategoricalFeature> categorical = model.CategoricalFeatures ?? [];
        _categorical = categorical;
        _featureNames = model.FeatureNames;
        _featureCount = model.InputDimension;
        var columns = new List<int>();
        for (int feature = 0, next = 0; feature < _featureCount; feature++)
        {
            if (next < categorical.Count && categorical[next].FirstFeature == feature)
            {
                columns.Add(~next);
                feature += categorical[next++].Categories.Count - 1;
            }
            else
            {
                columns.Add(feature);
            }
        }

        _columns = [.. columns];
    }

    /// <summary>The place among the written columns of categorical column <paramref name="categorical"/> of the model's.</summary>
    public int ColumnOf(int categorical) => Array.IndexOf(_columns, ~categorical);

    /// <summary>
    /// The header: <paramref name="before"/>, the names of columns written before the rows, then the rows' columns named
    /// as in the training file where the model has feature names and none of them is among <paramref name="before"/>, else x_0….
    /// </summary>
    public IEnumerable<string> Header(params string[] before)
    {
        IReadOnlyList<string>? names = _featureNames is null ? null : VaeCategoricalFeature.ColumnNamesOf(_featureNames, _categorical);
        return before.Concat(CsvFormat.FeatureHeader(names is not null && !names.Intersect(before, StringComparer.Ordinal).Any() ? names : null, _columns.Length));
    }

    /// <summary>
    /// The first <paramref name="rowCount"/> rows of <paramref name="rows"/> as cells; their categories are taken now,
    /// so a later change to the features (clipping and rounding them) leaves them as the decoder gave them.
    /// </summary>
    public CsvBlock Block(float[] rows, int rowCount)
    {
        if (_categorical.Count == 0)
        {
            return (rows, _featureCount);
        }

        var categories = new string[rowCount * _categorical.Count];
        for (int row = 0; row < rowCount; row++)
        {
            for (int c = 0; c < _categorical.Count; c++)
            {
                categories[(row * _categorical.Count) + c] = CsvFormat.Quoted(_categorical[c].CategoryOf(rows.AsSpan(row * _featureCount, _featureCount)));
            }
        }

        int width = _columns.Length;
        return new CsvBlock(width, (int cell, Span<char> destination, out int written) =>
        {
            int row = cell / width;
            int column = _columns[cell % width];
            if (column >= 0)
            {
                return CsvFormat.TryFormat(rows[(row * _featureCount) + column], destination, out written);
            }

            string category = categories[(row * _categorical.Count) + ~column];
            written = category.Length;
            return category.TryCopyTo(destination);
        });
    }
}
