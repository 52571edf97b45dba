using Vae.MLNet.Data;

namespace Vae.MLNet;

public sealed partial class VaeModel
{
    private OriginalColumns? _columns;

    /// <summary>
    /// The columns of the data the model was trained on, as its rows stand for them; made on first use, as they hold a
    /// number per feature that a model never turned back into columns need not pay for.
    /// </summary>
    internal OriginalColumns Columns =>
        LazyInitializer.EnsureInitialized(ref _columns, () => new OriginalColumns(InputDimension, CategoricalFeatures, FeatureNames));

    /// <summary>
    /// The names of the columns <see cref="ToColumnValues"/> gives, in its order: the <see cref="FeatureNames"/>, with each
    /// categorical column's name (<see cref="VaeCategoricalFeature.ColumnName"/>) in place of its one-hot features' names,
    /// as in the header of the file the model was trained on. <see langword="null"/> where the model has no feature names,
    /// or a categorical column has no name of its own (an ML.NET feature column's one-hot ranges).
    /// </summary>
    public IReadOnlyList<string>? ColumnNames => Columns.Names;

    /// <summary>
    /// Turns a row of the model's features, such as one <see cref="Generate"/>, <see cref="Decode(ReadOnlySpan{float}, Span{float})"/>
    /// or <see cref="Reconstruct(ReadOnlySpan{float}, Span{float})"/> gives, back into the columns of the data the model was
    /// trained on, in their order (<see cref="ColumnNames"/>): each categorical column (<see cref="CategoricalFeatures"/>)
    /// as one value, the <see cref="string"/> of its category whose feature is the largest
    /// (<see cref="VaeCategoricalFeature.CategoryOf"/>'s), or <see langword="null"/> where that feature is 0, a row of
    /// none of its categories; each other feature as its <see cref="float"/> value, as the row holds it. A model without
    /// categorical columns gives one value per feature. Clip and round the row first
    /// (<see cref="VaeFeatureRanges.Apply(Span{float}, IReadOnlyList{VaeCategoricalFeature})"/> with <see cref="FeatureRanges"/>)
    /// for numbers within the training data's ranges, as <c>vae generate --clip-and-round</c> writes them.
    /// </summary>
    /// <param name="row">One whole row of <see cref="InputDimension"/> features, in the order the model takes them.</param>
    /// <returns>One value per column: a <see cref="string"/> or <see langword="null"/> for a categorical column, a <see cref="float"/> for the others.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="row"/> does not hold <see cref="InputDimension"/> values, or a categorical column's features hold NaN.
    /// </exception>
    public object?[] ToColumnValues(ReadOnlySpan<float> row) => Columns.ValuesOf(row);
}
