using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// The categorical columns of one CSV reading: while the rows are read, each such cell is kept as its category's code,
/// one value like any feature; once every category is known, <see cref="Expand"/> turns each code into the column's
/// one-hot features. A file's categories are known only at its end, and they are ordered, not numbered as met.
/// </summary>
internal sealed class CsvCategoricalColumns
{
    // The column read at each position of the layout's feature columns, or null for a numeric one.
    private readonly Column?[] _byFeature;

    private CsvCategoricalColumns(Column?[] byFeature)
    {
        _byFeature = byFeature;
    }

    /// <summary>The code <see cref="CodeOf"/> gives a category the known ones lack; <see cref="Expand"/> gives it no feature.</summary>
    public const int UnknownCode = TextCodes.Unknown;

    /// <summary>Features a row has once expanded, with the categories met so far.</summary>
    public long FeatureCount => _byFeature.Sum(column => column is null ? 1L : column.Categories.Count);

    /// <summary>The categories met so far, over every categorical column.</summary>
    public long CategoryCount => _byFeature.Sum(column => column?.Categories.Count ?? 0L);

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
    /// The rows with each category code replaced by its column's one-hot features, block by block (each block of
    /// <paramref name="blocks"/> is replaced in turn, so the old and the new rows are held together a block at a time);
    /// the columns each new feature came from; and the categorical features.
    /// </summary>
    /// <param name="blocks">The rows as read, one value per feature column.</param>
    /// <param name="featureColumns">The file column of each value of a row as read.</param>
    /// <param name="where">The source, for messages.</param>
    /// <param name="source">The source, for the exception.</param>
    public (int FeatureCount, int[] FeatureColumns, VaeCategoricalFeature[] Features) Expand(float[][] blocks, int[] featureColumns, string where, string source)
    {
        int width = featureColumns.Length;
        var offsets = new int[width];
        var columns = new List<int>();
        var features = new List<VaeCategoricalFeature>();
        var ranks = new int[width][];
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

        int expanded = columns.Count;
        for (int b = 0; b < blocks.Length; b++)
        {
            float[] block = blocks[b];
            var rows = new float[block.Length / width * expanded];
            for (int row = 0; row * width < block.Length; row++)
            {
                ReadOnlySpan<float> read = block.AsSpan(row * width, width);
                Span<float> into = rows.AsSpan(row * expanded, expanded);
                for (int f = 0; f < width; f++)
                {
                    if (ranks[f] is not { } rank)
                    {
                        into[offsets[f]] = read[f];
                    }
                    else if (read[f] != UnknownCode)
                    {
                        into[offsets[f] + rank[(int)read[f]]] = 1f;
                    }
                }
            }

            blocks[b] = rows;
        }

        return (expanded, [.. columns], [.. features]);
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
