namespace Vae.MLNet.Data;

/// <summary>
/// The columns a row of features was read from: each categorical column's one-hot features as one column, each other
/// feature as a column of its own, in the features' order. Turns decoded, generated or reconstructed rows back into
/// those columns, for <see cref="VaeModel.ToColumnValues"/> and the command line's CSV alike.
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
        _sources = new int[featureCount - Categorical.Sum(column => column.Categories.Count - 1)];
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
}
