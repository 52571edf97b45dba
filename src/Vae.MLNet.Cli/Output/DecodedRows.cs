using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Rows of a model's features written in the columns of the file the model was trained on, named as its features (x_0…
/// where it has no names that read back): each categorical column as its category, the one whose feature is the
/// largest (none, an empty cell, when its features are all 0, as for an unknown category read as none), and the other
/// features as numbers, so that decoded rows read back as data for the model.
/// </summary>
internal sealed class DecodedRows
{
    private readonly OriginalColumns _columns;

    /// <summary>Rows of <paramref name="model"/>'s features, in its columns.</summary>
    public DecodedRows(VaeModel model)
        : this(model.Columns, model.FeatureNames)
    {
    }

    /// <summary>Rows of <paramref name="featureCount"/> features with <paramref name="categorical"/> columns, the features named <paramref name="featureNames"/>.</summary>
    public DecodedRows(int featureCount, IReadOnlyList<VaeCategoricalFeature>? categorical, IReadOnlyList<string>? featureNames)
        : this(new OriginalColumns(featureCount, categorical, featureNames), featureNames)
    {
    }

    private DecodedRows(OriginalColumns columns, IReadOnlyList<string>? featureNames)
    {
        _columns = columns;

        // Two columns of one name would not read back as two.
        IReadOnlyList<string>? names = columns.Names;
        Names = names is not null && CsvFormat.AreReadBackAsWritten(names) && names.Distinct(StringComparer.Ordinal).Count() == names.Count ? names : null;
        IReadOnlyList<string> categoricalNames = featureNames is null ? [] : VaeCategoricalFeature.ColumnNamesOf(featureNames, columns.Categorical);
        FeatureColumnNames = [.. (featureNames ?? []).Concat(categoricalNames).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The written columns' names as in the training file; null where the features have no names that read back as written.</summary>
    public IReadOnlyList<string>? Names { get; }

    /// <summary>
    /// Every name the CSV reader takes a column for one of the features by: the features' own, and their categorical
    /// columns'. A numbered header names none of them (<see cref="CsvFormat.NamedUnlessClashing"/>).
    /// </summary>
    public IReadOnlyList<string> FeatureColumnNames { get; }

    /// <summary>How many columns a row is written in: one per categorical column, one per other feature.</summary>
    public int ColumnCount => _columns.Count;

    /// <summary>The place among the written columns of categorical column <paramref name="categorical"/> of the model's.</summary>
    public int ColumnOf(int categorical) => _columns.ColumnOf(categorical);

    /// <summary>
    /// Categorical column <paramref name="categorical"/>'s name as a header without prefix names it: the training file's,
    /// or <c>x_N</c> by its place among the written columns where <see cref="Names"/> has none.
    /// </summary>
    public string ColumnName(int categorical)
    {
        int place = ColumnOf(categorical);
        return Names?[place] ?? $"x_{place}";
    }

    /// <summary>
    /// The header: <paramref name="before"/>, the names of columns written before the rows, then the rows' columns named
    /// as in the training file where the model has feature names and none of them is among <paramref name="before"/>, else x_0…
    /// (with underscores after any of those that is a feature's name).
    /// </summary>
    public IEnumerable<string> Header(params string[] before) => CsvFormat.NamedUnlessClashing(named => before.Concat(ColumnNames(named)), FeatureColumnNames);

    /// <summary>
    /// The written columns' names in a header, <paramref name="prefix"/>_ before each where there is a prefix: the
    /// <see cref="Names"/> when <paramref name="named"/> and there are some, else their numbers (x_0… without a prefix).
    /// </summary>
    public IEnumerable<string> ColumnNames(bool named, string? prefix = null) =>
        named && Names is { } names
            ? names.Select(name => CsvFormat.Quoted(prefix is null ? name : $"{prefix}_{name}"))
            : CsvFormat.Numbered(prefix ?? "x", _columns.Count);

    /// <summary>
    /// The header of rows followed by a value of each feature that is not categorical: <see cref="Header"/>'s columns,
    /// then those of <see cref="NumericColumnNames"/> with <paramref name="prefix"/>.
    /// </summary>
    public IEnumerable<string> HeaderFollowedByNumeric(string prefix) =>
        CsvFormat.NamedUnlessClashing(named => ColumnNames(named).Concat(NumericColumnNames(named, prefix)), FeatureColumnNames);

    /// <summary>
    /// The names in a header of the columns of the features that are not categorical, <paramref name="prefix"/>_ before
    /// each: the <see cref="Names"/> when <paramref name="named"/> and there are some, else their places among the written
    /// columns, as <see cref="ColumnNames"/> numbers them, so that each numbered column matches its feature's.
    /// </summary>
    public IEnumerable<string> NumericColumnNames(bool named, string prefix) =>
        NumericColumns().Select(column => named && Names is { } names ? CsvFormat.Quoted($"{prefix}_{names[column]}") : $"{prefix}_{column}");

    /// <summary>
    /// Rows of <paramref name="values"/>, one per feature, as cells of the features that are not categorical alone, in
    /// <see cref="NumericColumnNames"/>' order.
    /// </summary>
    public CsvBlock NumericBlock(float[] values)
    {
        int featureCount = _columns.FeatureCount;
        if (_columns.Categorical.Count == 0)
        {
            return (values, featureCount);
        }

        int[] features = [.. NumericColumns().Select(_columns.SourceOf)];
        int width = features.Length;
        return new CsvBlock(width, (int cell, Span<char> destination, out int written) =>
            CsvFormat.TryFormat(values[(cell / width * featureCount) + features[cell % width]], destination, out written));
    }

    /// <summary>Writes the first <paramref name="rowCount"/> rows of <paramref name="rows"/> as <see cref="Block"/> gives them.</summary>
    public void WriteRows(TextWriter writer, float[] rows, int rowCount, VaeFeatureRanges? ranges, CancellationToken cancellation) =>
        CsvFormat.WriteRows(writer, rowCount, cancellation, Block(rows, rowCount, ranges));

    /// <summary>
    /// The first <paramref name="rowCount"/> rows of <paramref name="rows"/> as cells, clipped and rounded in place to
    /// <paramref name="ranges"/> when given (<c>--clip-and-round</c>); their categories are taken before, so clipping and
    /// rounding, which could round a column's probabilities to a tie, leaves them as the decoder gave them.
    /// </summary>
    public CsvBlock Block(float[] rows, int rowCount, VaeFeatureRanges? ranges = null)
    {
        CsvBlock cells = Cells(rows, rowCount);
        ranges?.Apply(rows.AsSpan(0, rowCount * _columns.FeatureCount), _columns.Categorical);
        return cells;
    }

    // The places among the written columns of those that are a feature each, not a categorical column.
    private IEnumerable<int> NumericColumns() => Enumerable.Range(0, _columns.Count).Where(column => _columns.SourceOf(column) >= 0);

    // The rows' cells, each categorical column's category taken now, the numbers read from the rows as they are written.
    private CsvBlock Cells(float[] rows, int rowCount)
    {
        int featureCount = _columns.FeatureCount;
        int categorical = _columns.Categorical.Count;
        if (categorical == 0)
        {
            return (rows, featureCount);
        }

        var categories = new string[rowCount * categorical];
        for (int row = 0; row < rowCount; row++)
        {
            ReadOnlySpan<float> features = rows.AsSpan(row * featureCount, featureCount);
            for (int c = 0; c < categorical; c++)
            {
                categories[(row * categorical) + c] = _columns.CategoryHeld(c, features) is { } category ? CsvFormat.Quoted(category) : string.Empty;
            }
        }

        int width = _columns.Count;
        return new CsvBlock(width, (int cell, Span<char> destination, out int written) =>
        {
            int row = cell / width;
            int source = _columns.SourceOf(cell % width);
            if (source >= 0)
            {
                return CsvFormat.TryFormat(rows[(row * featureCount) + source], destination, out written);
            }

            return CsvFormat.TryCopy(categories[(row * categorical) + ~source], destination, out written);
        });
    }
}
