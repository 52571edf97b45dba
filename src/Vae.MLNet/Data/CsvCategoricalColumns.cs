using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// The categorical columns of one CSV reading: each such cell is kept as its category's code, one value like any
/// feature; once every category is known, <see cref="Expansion"/> tells how each code becomes the column's one-hot
/// features, which a row is given only as it is copied out. A file's categories are known only at its end, and they are
/// ordered, not numbered as met.
/// </summary>
internal sealed class CsvCategoricalColumns
{
    // The column read at each position of the layout's feature columns, or null for a numeric one.
    private readonly Column?[] _byFeature;

    private CsvCategoricalColumns(Column?[] byFeature)
    {
        _byFeature = byFeature;
    }

    /// <summary>The code <see cref="CodeOf"/> gives a category the known ones lack; its row gets none of the column's features.</summary>
    public const int UnknownCode = TextCodes.Unknown;

    /// <summary>The categorical columns of <paramref name="layout"/>, read with <paramref name="known"/> categories if given; null when there are none.</summary>
    /// <param name="layout">The resolved columns.</param>
    /// <param name="known">One entry per categorical column, in feature order (checked by the options), or null to learn them.</param>
    /// <param name="header">The column names, or null without a header.</param>
    /// <param name="where">The source and line the columns were learned from, for messages.</param>
    /// <param name="source">The source, for the exception.</param>
    public static CsvCategoricalColumns? For(
        CsvColumnLayout layout, IReadOnlyList<VaeCategoricalFeature>? known, IReadOnlyList<string>? header, string where, string source)
    {
        if (layout.CategoricalColumns.Length == 0)
        {
            return null;
        }

        var byFeature = new Column?[layout.FeatureColumns.Length];
        for (int c = 0; c < layout.CategoricalColumns.Length; c++)
        {
            int column = layout.CategoricalColumns[c];
            // A header cell that cannot name a column names none, as it names no numeric feature.
            string? name = header?[column] is { } cell && VaeCategoricalFeature.CanNameColumn(cell) ? cell : null;
            VaeCategoricalFeature? categories = known?[c];

            // A column named otherwise than the one the categories were read from is that one renamed, as feature columns
            // chosen by name map a file's columns onto a model's; one named as another's is in the wrong place.
            if (categories?.ColumnName is { } knownName && name is not null && knownName != name && known!.Any(other => other.ColumnName == name))
            {
                throw new VaeDataException(
                    $"{where}: {CsvColumnLayout.Describe(column, header)} stands where the categories of \"{ShortList.Cut(knownName)}\" ({nameof(CsvDatasetOptions.Categories)}) belong in feature order, "
                    + "yet it has categories of its own; choose the feature columns in the order the categories were read in.",
                    source);
            }

            byFeature[Array.IndexOf(layout.FeatureColumns, column)] = new Column(name, categories);
        }

        return new CsvCategoricalColumns(byFeature);
    }

    /// <summary>Whether the feature at position <paramref name="feature"/> of the layout's feature columns is categorical.</summary>
    public bool Holds(int feature) => _byFeature[feature] is not null;

    /// <summary>
    /// The code of the category <paramref name="cell"/> names (its text without the whitespace around it) in the
    /// categorical column at position <paramref name="feature"/>: a new code for a new category, or <see cref="UnknownCode"/>
    /// for one the known categories lack.
    /// </summary>
    public int CodeOf(int feature, ReadOnlySpan<char> cell) => _byFeature[feature]!.CodeOf(cell.Trim());

    /// <summary>The categories the column at position <paramref name="feature"/> was given, for a message about one it lacks.</summary>
    public IReadOnlyList<string> KnownCategories(int feature) => _byFeature[feature]!.Categories;

    /// <summary>
    /// How a row as read becomes its features, each category code its column's one-hot features; the column each
    /// feature came from; and the categorical features.
    /// </summary>
    /// <param name="featureColumns">The file column of each value of a row as read.</param>
    /// <param name="where">The source, for messages.</param>
    /// <param name="source">The source, for the exception.</param>
    public (OneHotExpansion Expansion, int[] FeatureColumns, VaeCategoricalFeature[] Features) Expansion(int[] featureColumns, string where, string source)
    {
        int width = featureColumns.Length;
        var offsets = new int[width];
        var columns = new List<int>();
        var features = new List<VaeCategoricalFeature>();
        var ranks = new int[]?[width];
        for (int f = 0; f < width; f++)
        {
            offsets[f] = columns.Count;
            if (_byFeature[f] is not { } column)
            {
                columns.Add(featureColumns[f]);
                continue;
            }

            (VaeCategoricalFeature feature, ranks[f]) = column.Ordered(columns.Count, where, source);
            features.Add(feature);
            columns.AddRange(Enumerable.Repeat(featureColumns[f], feature.Categories.Count));
        }

        return (new OneHotExpansion(offsets, ranks, columns.Count), [.. columns], [.. features]);
    }

    /// <summary>One categorical column: the code of each category, and the categories in code order.</summary>
    private sealed class Column(string? name, VaeCategoricalFeature? known)
    {
        private readonly TextCodes _codes = new(known?.Categories);

        public IReadOnlyList<string> Categories => _codes.Texts;

        public int CodeOf(ReadOnlySpan<char> category) => _codes.CodeOf(category);

        /// <summary>
        /// The column as a categorical feature starting at <paramref name="firstFeature"/>, its categories in ordinal
        /// order (the known ones as given), and the place of each code's category in that order.
        /// </summary>
        public (VaeCategoricalFeature Feature, int[] Ranks) Ordered(int firstFeature, string where, string source)
        {
            if (known is not null && known.FirstFeature != firstFeature)
            {
                throw new VaeDataException(
                    $"{where}: the features before {known.Describe()} make {firstFeature} values a row, but the categories it was given (Categories) start at feature {known.FirstFeature}; "
                    + "read the feature columns the categories were read with, in the same order.",
                    source);
            }

            (string[] categories, int[] ranks) = _codes.Ordered();
            return (new VaeCategoricalFeature(name, firstFeature, categories), ranks);
        }
    }
}
