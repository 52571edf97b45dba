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
    private readonly IReadOnlyList<VaeCategoricalFeature> _categorical;
    private readonly int _featureCount;

    // Each written column's feature, or for a categorical column the bitwise complement of its index in _categorical.
    private readonly int[] _columns;

    /// <summary>Rows of <paramref name="model"/>'s features, in its columns.</summary>
    public DecodedRows(VaeModel model)
        : this(model.InputDimension, model.CategoricalFeatures, model.FeatureNames)
    {
    }

    /// <summary>Rows of <paramref name="featureCount"/> features with <paramref name="categorical"/> columns, the features named <paramref name="featureNames"/>.</summary>
    public DecodedRows(int featureCount, IReadOnlyList<VaeCategoricalFeature>? categorical, IReadOnlyList<string>? featureNames)
    {
        categorical ??= [];
        _categorical = categorical;
        _featureCount = featureCount;
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

        // A categorical column without a name keeps its features' names, one per feature, which cannot name the one
        // column it is written as; and two columns of one name would not read back as two.
        IReadOnlyList<string>? names = featureNames is null ? null : VaeCategoricalFeature.ColumnNamesOf(featureNames, categorical);
        Names = names is not null && names.Count == _columns.Length && CsvFormat.AreReadBackAsWritten(names) && names.Distinct(StringComparer.Ordinal).Count() == names.Count ? names : null;
        FeatureColumnNames = [.. (featureNames ?? []).Concat(names ?? []).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The written columns' names as in the training file; null where the features have no names that read back as written.</summary>
    public IReadOnlyList<string>? Names { get; }

    /// <summary>
    /// Every name the CSV reader takes a column for one of the features by: the features' own, and their categorical
    /// columns'. A numbered header names none of them (<see cref="CsvFormat.NamedUnlessClashing"/>).
    /// </summary>
    public IReadOnlyList<string> FeatureColumnNames { get; }

    /// <summary>How many columns a row is written in: one per categorical column, one per other feature.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The place among the written columns of categorical column <paramref name="categorical"/> of the model's.</summary>
    public int ColumnOf(int categorical) => Array.IndexOf(_columns, ~categorical);

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
            : CsvFormat.Numbered(prefix ?? "x", _columns.Length);

    /// <summary>
    /// Writes the first <paramref name="rowCount"/> rows of <paramref name="rows"/>, clipped and rounded to
    /// <paramref name="ranges"/> when given once their categories are taken (<see cref="Block"/>): clipping and rounding
    /// could round a column's probabilities to a tie.
    /// </summary>
    public void WriteRows(TextWriter writer, float[] rows, int rowCount, VaeFeatureRanges? ranges, CancellationToken cancellation)
    {
        CsvBlock cells = Block(rows, rowCount);
        ranges?.Apply(rows.AsSpan(0, rowCount * _featureCount), _categorical);
        CsvFormat.WriteRows(writer, rowCount, cancellation, cells);
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
            ReadOnlySpan<float> features = rows.AsSpan(row * _featureCount, _featureCount);
            for (int c = 0; c < _categorical.Count; c++)
            {
                VaeCategoricalFeature column = _categorical[c];
                int category = column.IndexOfCategoryHeld(features);
                categories[(row * _categorical.Count) + c] = category < 0 ? string.Empty : CsvFormat.Quoted(column.Categories[category]);
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

            return CsvFormat.TryCopy(categories[(row * _categorical.Count) + ~column], destination, out written);
        });
    }
}
