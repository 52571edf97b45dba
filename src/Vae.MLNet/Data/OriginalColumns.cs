using System.Globalization;
using System.Numerics;
using Vae.MLNet.Numerics;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// The columns a row of features was read from: each categorical column's one-hot features as one column, each other
/// feature as a column of its own, in the features' order. Turns decoded, generated or reconstructed rows back into
/// those columns, for <see cref="VaeModel.ToColumnValues"/> and the command line's CSV alike, and such columns' values
/// into a row of features (<see cref="VaeModel.FromColumnValues"/>).
/// </summary>
internal sealed class OriginalColumns
{
    // Each column's feature, or for a categorical column the bitwise complement of its index in Categorical.
    private readonly int[] _sources;

    /// <summary>The columns of rows of <paramref name="featureCount"/> features with <paramref name="categorical"/> columns, the features named <paramref name="featureNames"/>.</summary>
    public OriginalColumns(int featureCount, IReadOnlyList<VaeCategoricalFeature>? categorical, IReadOnlyList<string>? featureNames)
    {
        Categorical = categorical ?? [];
        FeatureCount = featureCount;
        _sources = new int[CountOf(featureCount, Categorical)];
        for (int feature = 0, next = 0, column = 0; feature < featureCount; feature++, column++)
        {
            if (next < Categorical.Count && Categorical[next].FirstFeature == feature)
            {
                _sources[column] = ~next;
                feature += Categorical[next++].Categories.Count - 1;
            }
            else
            {
                _sources[column] = feature;
            }
        }

        // A categorical column without a name keeps its features' names, one per feature, which cannot name the one column.
        IReadOnlyList<string>? names = featureNames is null ? null : VaeCategoricalFeature.ColumnNamesOf(featureNames, categorical);
        Names = names?.Count == _sources.Length ? names : null;
    }

    /// <summary>The number of features a row holds.</summary>
    public int FeatureCount { get; }

    /// <summary>The categorical columns, empty where there are none.</summary>
    public IReadOnlyList<VaeCategoricalFeature> Categorical { get; }

    /// <summary>How many columns a row stands for.</summary>
    public int Count => _sources.Length;

    /// <summary>
    /// The columns' names: the features' names with each categorical column's name in place of its features'; null
    /// where the features have no names, or a categorical column without a name leaves them unable to name its column.
    /// </summary>
    public IReadOnlyList<string>? Names { get; }

    /// <summary>Column <paramref name="column"/>'s feature, or for a categorical column the bitwise complement of its index in <see cref="Categorical"/>.</summary>
    public int SourceOf(int column) => _sources[column];

    /// <summary>The place among the columns of categorical column <paramref name="categorical"/>.</summary>
    public int ColumnOf(int categorical) => Array.IndexOf(_sources, ~categorical);

    /// <summary>
    /// The category of categorical column <paramref name="categorical"/> that <paramref name="row"/> holds: the one whose
    /// feature is the largest, or null where that feature is 0, a row of none of the column's categories.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="VaeCategoricalFeature.CategoryOf"/>.</exception>
    public string? CategoryHeld(int categorical, ReadOnlySpan<float> row)
    {
        VaeCategoricalFeature column = Categorical[categorical];
        int category = column.IndexOfCategoryHeld(row);
        return category < 0 ? null : column.Categories[category];
    }

    /// <summary>
    /// <paramref name="row"/>'s columns: a categorical column as its <see cref="CategoryHeld"/>, a string or null, each
    /// other as its feature's value, a float.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="row"/> does not hold <see cref="FeatureCount"/> features, or a categorical column's features hold NaN.</exception>
    public object?[] ValuesOf(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"The row holds {row.Length} values, but the model takes {FeatureCount} features; pass one whole row of them.", nameof(row));
        }

        var values = new object?[_sources.Length];
        for (int column = 0; column < values.Length; column++)
        {
            int source = _sources[column];
            values[column] = source >= 0 ? row[source] : CategoryHeld(~source, row);
        }

        return values;
    }

    /// <summary>
    /// The columns rows of <paramref name="featureCount"/> features, of which <paramref name="categorical"/> are
    /// categorical, are read from: one per categorical column, and one per other feature.
    /// </summary>
    public static int CountOf(int featureCount, IReadOnlyList<VaeCategoricalFeature>? categorical) =>
        featureCount - (categorical ?? []).Sum(column => column.Categories.Count - 1);

    /// <summary>
    /// The row of <see cref="FeatureCount"/> features <paramref name="values"/>, one per column, stand for: a categorical
    /// column's category (its text, matched without the whitespace around it, as the CSV reader matches a cell) as its
    /// one-hot features, each other column's number as its feature. A category the column lacks, or null, leaves all
    /// its features 0 with <paramref name="unknownCategoriesAsNone"/>, and is refused without it.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> does not hold one value per column, a categorical column's value is not a category it
    /// knows, or another column's is not finite, or is a double beyond ±3.4e38 or nonzero and nearer 0 than a 32-bit float holds.
    /// </exception>
    public float[] FeaturesOf(IReadOnlyList<object?> values, bool unknownCategoriesAsNone)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Count)
        {
            string names = Names is null ? string.Empty : $" ({FeatureNaming.Quoted(Names)})";
            throw new ArgumentException(
                $"The values hold {Counted.Of(values.Count, "value")}, but the model's rows stand for {Counted.Of(Count, "column")}{names}; pass one value per column, in the order of ColumnNames.",
                nameof(values));
        }

        var row = new float[FeatureCount];
        for (int column = 0; column < Count; column++)
        {
            int source = _sources[column];
            if (source >= 0)
            {
                row[source] = NumberOf(values[column], column);
            }
            else if (CategoryIndexOf(values[column], column, unknownCategoriesAsNone) is { } category)
            {
                row[Categorical[~source].FirstFeature + category] = 1f;
            }
        }

        return row;
    }

    // Value `column`'s index among its categorical column's categories; null for a value read as none of them.
    private int? CategoryIndexOf(object? value, int column, bool unknownAsNone)
    {
        VaeCategoricalFeature feature = Categorical[~_sources[column]];
        string known = FeatureNaming.Quoted(feature.Categories);
        const string AsNone = "pass unknownCategoriesAsNone: true to read it as none of them";
        if (value is not string text)
        {
            return value is null && unknownAsNone
                ? null
                : throw new ArgumentException(
                    value is null
                        ? $"Value {column}, of {feature.Describe()}, is null, a row of none of its categories; pass one of them ({known}), or {AsNone}."
                        : $"Value {column}, of {feature.Describe()}, is of type {value.GetType().Name}, but the column is categorical; pass the text of one of its categories: {known}.",
                    "values");
        }

        int index = IndexOf(feature.Categories, text);
        return index >= 0 ? index
            : unknownAsNone ? null
            : throw new ArgumentException(
                $"Value {column}, of {feature.Describe()}, is the category \"{ShortList.Cut(text.Trim())}\", which the model was not trained on; its categories are {known}: "
                + $"map it to one of these, leave the row out, or {AsNone}.{AccentForms.Hint([text.Trim()], feature.Categories, "the model's categories")}",
                "values");
    }

    // Exact first, so that categories a model kept from an earlier version that differ only in the whitespace around
    // them are still told apart; then as a CSV cell matches them.
    private static int IndexOf(IReadOnlyList<string> categories, string text)
    {
        for (int i = 0; i < categories.Count; i++)
        {
            if (string.Equals(categories[i], text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        ReadOnlySpan<char> trimmed = text.AsSpan().Trim();
        for (int i = 0; i < categories.Count; i++)
        {
            if (trimmed.SequenceEqual(categories[i].AsSpan().Trim()))
            {
                return i;
            }
        }

        return -1;
    }

    // Value `column` as its feature: any number that is finite as a float and, if nonzero, not 0 as one.
    private float NumberOf(object? value, int column)
    {
        // Through a double, which holds every float and Half exactly and any other number at least as closely as a
        // float, in a range wide enough for the checks below to tell a number too large for a float from an infinity.
        double? number = value switch
        {
            float single => single,
            Half half => (double)half,
            Int128 whole => (double)whole,
            UInt128 whole => (double)whole,
            // One beyond double's range is finite all the same, and refused as too large, not as an infinity.
            BigInteger big => Math.Clamp((double)big, double.MinValue, double.MaxValue),
            nint whole => whole,
            nuint whole => whole,
            double or decimal or int or long or short or byte or sbyte or uint or ulong or ushort => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            _ => null,
        };
        string described = Names is null ? $"Value {column}" : $"Value {column}, of column \"{ShortList.Cut(Names[column])}\",";
        if (number is not { } wide)
        {
            string given = value switch
            {
                null => "null",
                string text => $"the text \"{ShortList.Cut(text)}\"",
                _ => $"of type {value.GetType().Name}",
            };
            throw new ArgumentException(
                $"{described} is {given}, but the column is numeric; pass a number (float, double, Half, decimal or a whole number){(value is string ? ", parsed from the text first" : string.Empty)}.",
                "values");
        }

        float feature = (float)wide;
        string? problem = FloatOverflow.Loses(wide) ? FloatOverflow.Problem
            : !float.IsFinite(feature) ? FiniteValues.NotFinite
            : FloatUnderflow.Loses(wide) ? FloatUnderflow.Problem
            : null;
        return problem is null
            ? feature
            : throw new ArgumentException($"{described} is {ShortList.Cut(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty)},{problem}", "values");
    }
}
