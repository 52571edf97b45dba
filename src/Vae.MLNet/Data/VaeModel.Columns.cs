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
    /// The names of the columns <see cref="ToColumnValues"/> gives and <see cref="FromColumnValues"/> takes, in their order: the <see cref="FeatureNames"/>, with each
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

    /// <summary>
    /// Turns the values of one row of the data the model was trained on, in the order of <see cref="ColumnNames"/>, into
    /// the row of <see cref="InputDimension"/> features the model takes, as reading the row from a CSV file with the
    /// model's categories (<see cref="CsvDatasetOptions.Categories"/> = <see cref="CategoricalFeatures"/>) would: the
    /// inverse of <see cref="ToColumnValues"/>, for a service that is handed a new row as values rather than as a file.
    /// Each categorical column's category, its <see cref="string"/> (matched without the whitespace around it, as a CSV
    /// cell is), becomes its one-hot features; each other column's number becomes its feature, in the original units,
    /// as the model scales its features itself. A model without categorical columns takes one number per feature.
    /// </summary>
    /// <param name="values">
    /// One value per column: for a categorical column (<see cref="CategoricalFeatures"/>) the text of one of its
    /// <see cref="VaeCategoricalFeature.Categories"/>; for each other column a number (<see cref="float"/>,
    /// <see cref="double"/>, <see cref="Half"/>, <see cref="decimal"/> or a whole number of any of .NET's integer types,
    /// <see cref="System.Numerics.BigInteger"/> included) that is finite as a <see cref="float"/>.
    /// </param>
    /// <param name="unknownCategoriesAsNone">
    /// Whether a category the model was not trained on, or <see langword="null"/> (what <see cref="ToColumnValues"/>
    /// gives for a row of none of a column's categories), leaves all the column's features 0, as
    /// <see cref="CsvDatasetOptions.UnknownCategoriesAsNone"/> reads it, rather than being refused. Such a column then
    /// drops out of the loss, which lowers the row's anomaly score rather than raising it.
    /// </param>
    /// <returns>A new row of <see cref="InputDimension"/> features, in the order the model takes them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> does not hold one value per column; a categorical column's value is not the text of
    /// one of its categories (nor, with <paramref name="unknownCategoriesAsNone"/>, any text or null); or another
    /// column's value is not a number, not finite as a <see cref="float"/> (a whole number beyond ±3.4e38 included), or a
    /// nonzero <see cref="double"/> nearer 0 than a <see cref="float"/> holds, which would read as 0.
    /// </exception>
    public float[] FromColumnValues(IReadOnlyList<object?> values, bool unknownCategoriesAsNone = false) => Columns.FeaturesOf(values, unknownCategoriesAsNone);
}
