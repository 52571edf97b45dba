using System.Globalization;

namespace Vae.MLNet.Data;

/// <summary>
/// Input data that cannot be used as it is: a malformed file, a non-numeric or non-finite cell, ragged rows, or values
/// outside what the model's likelihood accepts. <see cref="Row"/> and <see cref="Column"/> locate the first offending
/// value when there is one; the message says what to do about it.
/// </summary>
public sealed class VaeDataException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do, naming the file, row and column where known.</param>
    /// <param name="source">The file or stream description the data came from, if any.</param>
    /// <param name="row">Zero-based data row (not counting a header), if the problem is in one row.</param>
    /// <param name="column">Zero-based column, if the problem is in one cell.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public VaeDataException(string message, string? source = null, long? row = null, int? column = null, Exception? innerException = null)
        : base(message, innerException)
    {
        DataSource = source;
        Row = row;
        Column = column;
    }

    /// <summary>The file or stream description the data came from, if known.</summary>
    public string? DataSource { get; }

    /// <summary>Zero-based data row of the first offending value, if known.</summary>
    public long? Row { get; }

    /// <summary>
    /// Zero-based column of the first offending value, if known: the file's column for a problem found while reading a
    /// file, the feature's index for one found in a dataset's features (also when the message was retold with the file's
    /// column, as the command line does).
    /// </summary>
    public int? Column { get; }

    /// <summary>The feature columns a file was asked for by name but lacks, when that is the problem; otherwise null.</summary>
    internal IReadOnlyList<string>? MissingFeatureColumns { get; init; }

    /// <summary>
    /// The feature columns the options chose, when they are not as many as <see cref="CsvDatasetOptions.FeatureColumnCount"/>
    /// asks for; otherwise null.
    /// </summary>
    internal int? FeatureColumnsChosen { get; init; }

    /// <summary>
    /// The feature columns the options had to choose when <see cref="FeatureColumnsChosen"/> is set: <see cref="CsvDatasetOptions.FeatureColumnCount"/>
    /// and one more for each further category of a categorical column read from its one-hot columns; otherwise null.
    /// </summary>
    internal int? FeatureColumnsWanted { get; init; }

    /// <summary>
    /// With <see cref="FeatureColumnsChosen"/>: the advice to read the file with another separator when a wrong one left
    /// its lines whole, starting with a space; otherwise empty.
    /// </summary>
    internal string SeparatorAdvice { get; init; } = string.Empty;

    /// <summary>
    /// For a cell of text in a feature column of a CSV file's first row: the feature columns to read as categories for
    /// the row's text to be read, those already read so among them, as names with a header and as indices without one;
    /// otherwise null, as where the row's text is only in columns named like identifiers, which the message says to leave out.
    /// </summary>
    internal IReadOnlyList<string>? CategoricalColumnsToRead { get; init; }

    /// <summary>
    /// With <see cref="CategoricalColumnsToRead"/>: the setting of them that the message holds, as
    /// <c>CategoricalColumnIndices = [1, 3]</c>, for a caller in other terms to put its own in place of; otherwise null.
    /// </summary>
    internal string? CategoricalColumnsSetting { get; init; }

    /// <summary>
    /// For a cell of text in a feature column of a CSV file's first row whose columns named like identifiers the message
    /// says to leave out: those columns and the ones already excluded, as names, or as indices where the excluded ones
    /// were given so; otherwise null.
    /// </summary>
    internal IReadOnlyList<string>? ExcludedColumnsToSet { get; init; }

    /// <summary>
    /// With <see cref="ExcludedColumnsToSet"/>: the setting of them that the message holds, as
    /// <c>ExcludedColumnNames = ["id"]</c>, for a caller in other terms to put its own in place of; otherwise null.
    /// </summary>
    internal string? ExcludedColumnsSetting { get; init; }

    /// <summary>
    /// Whether the problem lies in the validation data training was given beside its training rows, whose rows
    /// <see cref="Row"/> then counts: a caller that knows both files retells it with the validation file's line.
    /// </summary>
    internal bool InValidationData { get; private init; }

    /// <summary>For a problem with one feature's value: the value and what is wrong with it, the message's end after "is ".</summary>
    internal string? FeatureProblem { get; private init; }

    /// <summary>
    /// For a problem with one feature's value: the feature as the message names it after "feature", with its name where
    /// the data has names: <c>3 ("age")</c>.
    /// </summary>
    internal string? FeatureNumbered { get; private init; }

    /// <summary>For a problem with a whole row: what is wrong with it, the message's end after "Row N: ".</summary>
    internal string? RowProblem { get; private init; }

    /// <summary>
    /// The problem with row <paramref name="row"/>: "Row 9: held out for validation, …", which a caller knowing the
    /// rows' file can retell with the file's line.
    /// </summary>
    /// <param name="row">Zero-based row.</param>
    /// <param name="problem">What is wrong and what to do.</param>
    internal static VaeDataException InRow(long row, string problem) =>
        new($"Row {row}: {problem}", row: row) { RowProblem = problem };

    /// <summary>
    /// This problem, found in the validation data training was given, told as one of that data, which the library's
    /// checks, reading any dataset alike, do not say: "Row 3 of the validation data, feature 2 is …".
    /// </summary>
    internal VaeDataException InTheValidationData()
    {
        const string Data = "the validation data";
        string message = this switch
        {
            { FeatureProblem: { } problem, Row: { } row, FeatureNumbered: { } feature } => $"Row {row} of {Data}, feature {feature} is {problem}",
            { RowProblem: { } problem, Row: { } row } => $"Row {row} of {Data}: {problem}",
            _ => $"In {Data}: {Message}",
        };
        return new(message, DataSource, Row, Column, this) { FeatureProblem = FeatureProblem, FeatureNumbered = FeatureNumbered, RowProblem = RowProblem, InValidationData = true };
    }

    /// <summary>
    /// The problem with feature <paramref name="feature"/> of row <paramref name="row"/>: "Row 3, feature 2 ("age") is 1.5, but …",
    /// which a caller knowing the rows' file can retell with the file's line and column. The name spares a reader of
    /// data with dozens of columns counting them to find the feature.
    /// </summary>
    /// <param name="row">Zero-based row.</param>
    /// <param name="feature">Zero-based feature.</param>
    /// <param name="value">The feature's value.</param>
    /// <param name="problem">What is wrong and what to do, following the value: ", but …" or "; every …".</param>
    /// <param name="featureNames">The data's names of its features, or null where they have none.</param>
    internal static VaeDataException InFeature(long row, int feature, float value, string problem, IReadOnlyList<string>? featureNames)
    {
        // Whatever the culture, as the CSV files it came from write it: 1,5 would read as two numbers.
        string shown = value.ToString(CultureInfo.InvariantCulture);

        // A dataset of the caller's own may name too few features, or with nulls, which is refused elsewhere: this message must not fail on it.
        string numbered = FeatureNaming.Numbered(feature, featureNames?.Count > feature && featureNames[feature] is not null ? featureNames : null);
        return new($"Row {row}, feature {numbered} is {shown}{problem}", row: row, column: feature) { FeatureProblem = $"{shown}{problem}", FeatureNumbered = numbered };
    }
}
