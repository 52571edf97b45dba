using System.Globalization;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// The categorical columns of one CSV reading that come as their one-hot features already, one file column per
/// category (<see cref="CsvColumnLayout.OneHotColumns"/>): each cell is read as a number, and each row's cells of a
/// column are checked to be one-hot, 0 or 1 with at most one 1, as the model's softmax over the column's categories
/// takes them. A row of 0s is none of the categories, as ML.NET's one-hot encoding gives a value it was not fitted on.
/// </summary>
internal sealed class CsvOneHotColumns
{
    private readonly (int Position, VaeCategoricalFeature Categories)?[] _rangeAt;
    private readonly int[] _featureColumns;
    private readonly IReadOnlyList<string>? _header;

    // The file column of the 1 met so far in the current row's cells of the range being read, or −1.
    private int _oneAt = -1;

    private CsvOneHotColumns((int Position, VaeCategoricalFeature Categories)?[] rangeAt, int[] featureColumns, IReadOnlyList<string>? header)
    {
        _rangeAt = rangeAt;
        _featureColumns = featureColumns;
        _header = header;
    }

    /// <summary>The one-hot columns of <paramref name="layout"/>; null when it has none.</summary>
    /// <param name="layout">The resolved columns.</param>
    /// <param name="header">The column names, or null without a header.</param>
    public static CsvOneHotColumns? For(CsvColumnLayout layout, IReadOnlyList<string>? header)
    {
        if (layout.OneHotColumns.Length == 0)
        {
            return null;
        }

        var rangeAt = new (int Position, VaeCategoricalFeature Categories)?[layout.FeatureColumns.Length];
        foreach ((int position, VaeCategoricalFeature categories) in layout.OneHotColumns)
        {
            rangeAt.AsSpan(position, categories.Categories.Count).Fill((position, categories));
        }

        return new CsvOneHotColumns(rangeAt, layout.FeatureColumns, header);
    }

    /// <summary>
    /// What keeps <paramref name="value"/>, read at position <paramref name="feature"/> of the layout's feature columns,
    /// from being a one-hot feature of its row; null when nothing does or the feature is no one-hot one. Call for a
    /// row's features in order: a column's 1 is remembered until the row's next cells of the column.
    /// </summary>
    public string? ProblemOf(int feature, float value)
    {
        if (_rangeAt[feature] is not var (position, categories))
        {
            return null;
        }

        _oneAt = feature == position ? -1 : _oneAt;
        if (value is not (0f or 1f))
        {
            return $"the cell holds {value.ToString(CultureInfo.InvariantCulture)}, but it is {Column(feature, position, categories)}; "
                + $"write 0 or 1, or read a column of text categories instead by listing it in {nameof(CsvDatasetOptions.CategoricalColumnNames)}.";
        }

        if (value == 1f && _oneAt >= 0)
        {
            return $"the cell holds a 1, as {CsvColumnLayout.Describe(_oneAt, _header)} does, but it is {Column(feature, position, categories)}, so a row has at most one 1 among them; "
                + "keep the 1 of the row's category only.";
        }

        _oneAt = value == 1f ? _featureColumns[feature] : _oneAt;
        return null;
    }

    // Built only for a refusal: every cell of a one-hot column passes through ProblemOf.
    private static string Column(int feature, int position, VaeCategoricalFeature categories) =>
        $"the one-hot column of category \"{ShortList.Cut(categories.Categories[feature - position])}\" of {categories.Describe()}, whose categories are read as "
        + $"{Counted.Of(categories.Categories.Count, "column")} (as a model's {nameof(VaeModel.FeatureNames)} name them), 1 for the row's category and 0 for the others";
}
