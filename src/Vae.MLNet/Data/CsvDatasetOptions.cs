using Vae.MLNet.Equality;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// How <see cref="CsvDatasetReader"/> reads a CSV file: whether it has a header, the separator, which columns are
/// features (or which are not), which of those hold text categories, and which column (if any) is the class label.
/// Numbers are always parsed culture-invariantly (<c>1.5</c>, <c>-2e-3</c>). A record, so that a test file is read as
/// the training file was with what differs alone restated: <c>options with { LabelNames = train.LabelNames }</c>, or in
/// languages without <c>with</c> (F#, Visual Basic) the copy constructor with the changes set in the same call:
/// <c>CsvDatasetOptions(options, LabelNames = train.LabelNames)</c>. Two options are equal when every property is, lists
/// element by element.
/// </summary>
public sealed record CsvDatasetOptions
{
    /// <summary>Options with every property at its default: a header, cells separated by commas, every column a feature.</summary>
    public CsvDatasetOptions()
    {
    }

    /// <summary>
    /// A copy of <paramref name="original"/>, every property the same, which C#'s <c>with</c> makes too: the way other
    /// .NET languages, which cannot set an init-only property after construction, copy options with some changed, by
    /// setting those in the constructor call (F#: <c>CsvDatasetOptions(options, LabelNames = train.LabelNames)</c>).
    /// </summary>
    /// <param name="original">The options to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="original"/> is null.</exception>
    public CsvDatasetOptions(CsvDatasetOptions original)
    {
        ArgumentNullException.ThrowIfNull(original);
        HasHeader = original.HasHeader;
        SkipLines = original.SkipLines;
        Separator = original.Separator;
        FeatureColumnNames = original.FeatureColumnNames;
        FeatureColumnIndices = original.FeatureColumnIndices;
        LabelColumnName = original.LabelColumnName;
        LabelColumnIndex = original.LabelColumnIndex;
        LabelNames = original.LabelNames;
        CategoricalColumnNames = original.CategoricalColumnNames;
        CategoricalColumnIndices = original.CategoricalColumnIndices;
        ExcludedColumnNames = original.ExcludedColumnNames;
        ExcludedColumnIndices = original.ExcludedColumnIndices;
        Categories = original.Categories;
        UnknownCategoriesAsNone = original.UnknownCategoriesAsNone;
        MaxRows = original.MaxRows;
        IdColumnName = original.IdColumnName;
        IdColumnIndex = original.IdColumnIndex;
        FeatureColumnCount = original.FeatureColumnCount;
        FeatureColumnsOfHeader = original.FeatureColumnsOfHeader;
    }

    /// <summary>Whether the first line names the columns. Default <see langword="true"/>. Columns can be chosen by name only when it is.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// Lines at the start of the file to pass over, before the header or the first row: a title, a note, or a line such
    /// as the <c>|1x3 Cross validator</c> that opens UCI Adult's test file. They are not split into cells, so a quote in
    /// them opens none that would run on over line breaks, but must be text like the rest of the file. Default 0.
    /// Messages still count lines from the top of the file.
    /// </summary>
    public int SkipLines { get; init; }

    /// <summary>
    /// The character between cells. Default <c>','</c>; it cannot be a double quote, a line break or a character numbers
    /// are written with (a digit, '.', '+', '-', 'e' or 'E').
    /// </summary>
    public char Separator { get; init; } = ',';

    /// <summary>
    /// Header names of the feature columns, in the order they become features. Default <see langword="null"/>: every
    /// column except the label column and those <see cref="ExcludedColumnNames"/> or <see cref="ExcludedColumnIndices"/>
    /// leave out. Set at most one of this and <see cref="FeatureColumnIndices"/>. A trained model's
    /// <see cref="VaeModel.FeatureNames"/> read a file's columns in the order the model takes them; where the model has
    /// categorical features, whose names are <c>column=category</c>, set <see cref="Categories"/> to its
    /// <see cref="VaeModel.CategoricalFeatures"/> too, without which those names match no column. Categorical features
    /// without a column name (an ML.NET feature column's one-hot ranges) are then read from the one-hot columns of their
    /// features' names, as <see cref="Categories"/> describes.
    /// </summary>
    public IReadOnlyList<string>? FeatureColumnNames { get; init; }

    /// <summary>
    /// Zero-based indices of the feature columns, in the order they become features. Default <see langword="null"/>:
    /// every column except the label column and the excluded ones. Set at most one of this and <see cref="FeatureColumnNames"/>.
    /// </summary>
    public IReadOnlyList<int>? FeatureColumnIndices { get; init; }

    /// <summary>
    /// Header name of the column holding class labels (<see cref="VaeDataset.Labels"/>: integer class ids, or class names
    /// as text, <see cref="VaeDataset.LabelNames"/>), e.g. <c>"target"</c>. Default <see langword="null"/>: no
    /// labels unless <see cref="LabelColumnIndex"/> is set. Set at most one of the two.
    /// </summary>
    public string? LabelColumnName { get; init; }

    /// <summary>
    /// Zero-based index of the column holding class labels, as <see cref="LabelColumnName"/> reads them. Default <see langword="null"/>: no labels unless
    /// <see cref="LabelColumnName"/> is set. Set at most one of the two.
    /// </summary>
    public int? LabelColumnIndex { get; init; }

    /// <summary>
    /// The class names to read the labels by, as another file's <see cref="VaeDataset.LabelNames"/> give them (a training
    /// set's, so that a test set's labels get the same ids even when it lacks a class): each label, text or number, is
    /// the index of its name among these, and a label not among them is refused. Labels and names match without the
    /// whitespace around them, which two names cannot then differ in alone. An integer label is matched as it is
    /// written, else by its digits (<c>01</c> as <c>01</c> when that is a name, else as <c>1</c>; <c>2.0</c> as
    /// <c>2</c>). Default <see langword="null"/>: the labels are class ids, or names in ordinal order where one is text.
    /// </summary>
    public IReadOnlyList<string>? LabelNames { get; init; }

    /// <summary>
    /// Header names of feature columns that hold text categories, such as UCI Adult's <c>workclass</c>: each becomes one
    /// feature per category seen in the file (in ordinal order, with the whitespace around a cell taken off), 1 for the
    /// row's category and 0 for the others, in the column's place among the features; the features are named
    /// <c>column=category</c> and described by <see cref="VaeDataset.CategoricalFeatures"/>. A cell is kept as its
    /// category's code, one value, and a row's features are written only as the row is copied out, so a column of many
    /// categories costs no more memory than a numeric one. Default <see langword="null"/>: every feature column holds
    /// numbers. Set at most one of this and <see cref="CategoricalColumnIndices"/>.
    /// </summary>
    public IReadOnlyList<string>? CategoricalColumnNames { get; init; }

    /// <summary>
    /// Zero-based indices of feature columns that hold text categories, read as <see cref="CategoricalColumnNames"/>
    /// describes. Default <see langword="null"/>. Set at most one of this and <see cref="CategoricalColumnNames"/>.
    /// </summary>
    public IReadOnlyList<int>? CategoricalColumnIndices { get; init; }

    /// <summary>
    /// Header names of columns that are no features, such as an identifier (<c>patient_id</c>) or a note: without
    /// <see cref="FeatureColumnNames"/> or <see cref="FeatureColumnIndices"/>, every column but the label column and
    /// these becomes a feature; with them, these must not be among the columns they name. A name the header lacks is
    /// refused, as for the other column options. A model keeps the names of the features it was trained on, not these:
    /// a new file read with <see cref="FeatureColumnNames"/> set to its <see cref="VaeModel.FeatureNames"/> passes over
    /// every other column, excluded here or not. Default <see langword="null"/>. Set at most one of this and
    /// <see cref="ExcludedColumnIndices"/>; a column cannot be excluded and also the label column, a feature column or a
    /// categorical column.
    /// </summary>
    public IReadOnlyList<string>? ExcludedColumnNames { get; init; }

    /// <summary>
    /// Zero-based indices of columns that are no features, as <see cref="ExcludedColumnNames"/> describes; the way to
    /// leave columns out of a file without a header, whose model takes the feature columns by position. Default
    /// <see langword="null"/>. Set at most one of this and <see cref="ExcludedColumnNames"/>.
    /// </summary>
    public IReadOnlyList<int>? ExcludedColumnIndices { get; init; }

    /// <summary>
    /// The categories to read the categorical columns with, as a trained model's <see cref="VaeModel.CategoricalFeatures"/>
    /// give them, so that a new file gives the model's features even when it lacks some categories; a category not
    /// among them is refused. Cells and categories match without the whitespace around them, which two categories of a
    /// column cannot then differ in alone. Default <see langword="null"/>: the categories are those the file holds. Without
    /// <see cref="CategoricalColumnNames"/> or <see cref="CategoricalColumnIndices"/>, which then list one column per
    /// entry, in feature order (a column named otherwise than its entry's is read with the entry's categories under its
    /// own name, as a column renamed; one named as another entry's is refused), the columns are the ones these name in a
    /// file with a header, and otherwise the feature columns whose features start where theirs do.
    /// <see cref="FeatureColumnNames"/> may be the model's <see cref="VaeModel.FeatureNames"/>, whose <c>column=category</c>
    /// names stand for their column. An entry without a column name, such as an ML.NET feature column's one-hot range,
    /// has no text column behind it where <see cref="FeatureColumnNames"/> name a column for each of its features and
    /// no categorical columns are chosen, as with a model's <see cref="VaeModel.FeatureNames"/>: it is then read from
    /// those columns, one per category, each cell a number and each row's cells 0 or 1 with at most one 1 (all 0 being
    /// none of the categories), else the row is refused naming its line and columns.
    /// </summary>
    public IReadOnlyList<VaeCategoricalFeature>? Categories { get; init; }

    /// <summary>
    /// Whether a category that <see cref="Categories"/> lack is read as none of them, all its column's one-hot features
    /// 0, instead of refusing the row: as ML.NET's one-hot encoding reads a value it was not fitted on. A model
    /// then encodes the row without knowing the column's category, and its loss leaves the column out (the
    /// cross-entropy of no category is 0), so new categories lower a row's anomaly score rather than raise it. Default
    /// <see langword="false"/>. Without <see cref="Categories"/> every category is known and this has no effect.
    /// </summary>
    public bool UnknownCategoriesAsNone { get; init; }

    /// <summary>
    /// Read only the first this many rows and stop there, so a large file's head costs no more than the head. A file
    /// whose feature cells (a categorical cell counting as one) pass <see cref="Array.MaxLength"/>, the most a dataset
    /// holds, is refused naming the line and the rows that fit; read at most those. Default <see langword="null"/>: every row.
    /// </summary>
    public int? MaxRows { get; init; }

    /// <summary>
    /// Header name of a column whose cells are kept as they are written, one text per row (<see cref="CsvReading.Ids"/>),
    /// and which is no feature, as the label column is none. Internal: the command line copies them into its per-row
    /// output, for which a dataset has no place. Set at most one of this and <see cref="IdColumnIndex"/>.
    /// </summary>
    internal string? IdColumnName { get; init; }

    /// <summary>Zero-based index of the column <see cref="IdColumnName"/> describes.</summary>
    internal int? IdColumnIndex { get; init; }

    /// <summary>
    /// How many feature columns the options must choose, as many as a model's features are read from (one per
    /// categorical column, and one more per further category of a column read from its one-hot columns, as
    /// <see cref="Categories"/> describes), or null for any number: another number is refused before the columns are matched with
    /// <see cref="Categories"/>, whose places among the features would otherwise fall on the wrong columns. Internal: the
    /// command line, which knows the model, sets it and tells the refusal in its own terms.
    /// </summary>
    internal int? FeatureColumnCount { get; init; }

    /// <summary>
    /// Chooses the feature columns of a file with a header by what its header holds: given the header's names, those of
    /// the feature columns, in order, or null for every column but the label, as when <see cref="FeatureColumnNames"/>
    /// is null. Used only with neither <see cref="FeatureColumnNames"/> nor <see cref="FeatureColumnIndices"/>. Internal:
    /// the command line reads the latent means of the file <c>vae encode</c> writes by their names, and a file of latent
    /// vectors alone whole.
    /// </summary>
    internal Func<IReadOnlyList<string>, IReadOnlyList<string>?>? FeatureColumnsOfHeader { get; init; }

    private const string NameAColumn = "name a column of the header there";

    /// <inheritdoc/>
    public bool Equals(CsvDatasetOptions? other) =>
        other is not null
        && HasHeader == other.HasHeader
        && SkipLines == other.SkipLines
        && Separator == other.Separator
        && ElementWise.Equal(FeatureColumnNames, other.FeatureColumnNames)
        && ElementWise.Equal(FeatureColumnIndices, other.FeatureColumnIndices)
        && LabelColumnName == other.LabelColumnName
        && LabelColumnIndex == other.LabelColumnIndex
        && ElementWise.Equal(LabelNames, other.LabelNames)
        && ElementWise.Equal(CategoricalColumnNames, other.CategoricalColumnNames)
        && ElementWise.Equal(CategoricalColumnIndices, other.CategoricalColumnIndices)
        && ElementWise.Equal(ExcludedColumnNames, other.ExcludedColumnNames)
        && ElementWise.Equal(ExcludedColumnIndices, other.ExcludedColumnIndices)
        && ElementWise.Equal(Categories, other.Categories)
        && UnknownCategoriesAsNone == other.UnknownCategoriesAsNone
        && MaxRows == other.MaxRows
        && IdColumnName == other.IdColumnName
        && IdColumnIndex == other.IdColumnIndex
        && FeatureColumnCount == other.FeatureColumnCount
        && Equals(FeatureColumnsOfHeader, other.FeatureColumnsOfHeader);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(HasHeader);
        hash.Add(SkipLines);
        hash.Add(Separator);
        hash.Add(ElementWise.HashOf(FeatureColumnNames));
        hash.Add(ElementWise.HashOf(FeatureColumnIndices));
        hash.Add(LabelColumnName);
        hash.Add(LabelColumnIndex);
        hash.Add(ElementWise.HashOf(LabelNames));
        hash.Add(ElementWise.HashOf(CategoricalColumnNames));
        hash.Add(ElementWise.HashOf(CategoricalColumnIndices));
        hash.Add(ElementWise.HashOf(ExcludedColumnNames));
        hash.Add(ElementWise.HashOf(ExcludedColumnIndices));
        hash.Add(ElementWise.HashOf(Categories));
        hash.Add(UnknownCategoriesAsNone);
        hash.Add(MaxRows);
        hash.Add(IdColumnName);
        hash.Add(IdColumnIndex);
        hash.Add(FeatureColumnCount);
        hash.Add(FeatureColumnsOfHeader);
        return hash.ToHashCode();
    }

    /// <summary>What <paramref name="separator"/> is when the reader cannot split lines on it ("a line break"), else null.</summary>
    internal static string? UnusableSeparator(char separator) => separator switch
    {
        '"' => "a double quote, which quotes cells",
        '\r' or '\n' => "a line break",
        (>= '0' and <= '9') or '.' or '+' or '-' or 'e' or 'E' => $"'{separator}', which numbers are written with",
        _ => null,
    };

    /// <summary>Throws <see cref="ArgumentException"/> when the options contradict each other, before any input is read.</summary>
    internal void Validate()
    {
        if (SkipLines < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SkipLines), SkipLines, $"{nameof(SkipLines)} cannot be negative; 0 reads from the first line.");
        }

        if (MaxRows is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRows), MaxRows, $"{nameof(MaxRows)} must be at least 1; leave it unset to read every row.");
        }

        if (UnusableSeparator(Separator) is { } unusable)
        {
            throw new ArgumentException($"The separator cannot be {unusable}; use ',', ';', '\\t' or similar.", nameof(Separator));
        }

        const string EveryColumnButTheLabel = " for all columns but the label";
        ValidateColumnList(FeatureColumnNames, nameof(FeatureColumnNames), FeatureColumnIndices, nameof(FeatureColumnIndices), EveryColumnButTheLabel);
        ValidateColumn(LabelColumnName, nameof(LabelColumnName), LabelColumnIndex, nameof(LabelColumnIndex));
        ValidateColumn(IdColumnName, nameof(IdColumnName), IdColumnIndex, nameof(IdColumnIndex));
        ValidateCategorical();
        if (LabelNames is { } classes)
        {
            if (LabelColumnName is null && LabelColumnIndex is null)
            {
                throw new ArgumentException(
                    $"{nameof(LabelNames)} names the classes of a label column, but none is chosen; set {nameof(LabelColumnName)} or {nameof(LabelColumnIndex)}, or leave {nameof(LabelNames)} null.",
                    nameof(LabelNames));
            }

            if (classes.Count == 0)
            {
                throw new ArgumentException($"{nameof(LabelNames)} is empty; give the class names, or leave it null to read the file's own.", nameof(LabelNames));
            }

            ClassNames.RequireNamedOnce(classes, nameof(LabelNames));
            TextCodes.RequireNoTwins(classes, nameof(LabelNames), nameof(LabelNames), "class names");
        }

        ValidateExcluded();
    }

    private void ValidateExcluded()
    {
        ValidateColumnList(ExcludedColumnNames, nameof(ExcludedColumnNames), ExcludedColumnIndices, nameof(ExcludedColumnIndices), string.Empty);
        RequireNotExcluded(
            ExcludedColumnNames,
            nameof(ExcludedColumnNames),
            name => $"Column \"{ShortList.Cut(name)}\"",
            (FeatureColumnNames, nameof(FeatureColumnNames), "a feature column"),
            (LabelColumnName is { } label ? new[] { label } : null, nameof(LabelColumnName), "the label column"),
            (CategoricalColumnNames, nameof(CategoricalColumnNames), "a categorical column"));
        RequireNotExcluded(
            ExcludedColumnIndices,
            nameof(ExcludedColumnIndices),
            index => $"Column index {index}",
            (FeatureColumnIndices, nameof(FeatureColumnIndices), "a feature column"),
            (LabelColumnIndex is { } labelIndex ? new[] { labelIndex } : null, nameof(LabelColumnIndex), "the label column"),
            (CategoricalColumnIndices, nameof(CategoricalColumnIndices), "a categorical column"));
    }

    // A column left out of the features and read as one of them, or as the label, contradicts itself before any file is
    // read; a column named in one option and chosen by index in the other is told once the header is.
    private static void RequireNotExcluded<T>(
        IReadOnlyList<T>? excluded, string excludedOption, Func<T, string> describe, params (IEnumerable<T>? Columns, string Option, string Role)[] roles)
    {
        if (excluded is null)
        {
            return;
        }

        foreach ((IEnumerable<T>? columns, string option, string role) in roles)
        {
            if ((columns ?? []).Where(excluded.Contains).Take(1).ToArray() is [T both])
            {
                throw new ArgumentException($"{describe(both)} is both excluded ({excludedOption}) and {role} ({option}); leave it out of one of them.", excludedOption);
            }
        }
    }

    private void ValidateCategorical()
    {
        ValidateColumnList(CategoricalColumnNames, nameof(CategoricalColumnNames), CategoricalColumnIndices, nameof(CategoricalColumnIndices), string.Empty);
        if (Categories is not { } known)
        {
            return;
        }

        RequireEntries(known, nameof(Categories), string.Empty, "pass a model's or a dataset's CategoricalFeatures");
        for (int i = 0; i < known.Count; i++)
        {
            TextCodes.RequireNoTwins(known[i].Categories, $"{nameof(Categories)} entry {i}", nameof(Categories), "categories");
        }

        int? chosen = CategoricalColumnNames?.Count ?? CategoricalColumnIndices?.Count;
        if (chosen is { } count && count != known.Count)
        {
            throw new ArgumentException(
                $"{nameof(Categories)} gives the categories of {Counted.Of(known.Count, "column")} but the options choose {Counted.Of(count, "categorical column")}; give one per categorical column, in feature order.",
                nameof(Categories));
        }
    }

    // An optional column given by its header name or by index, at most one of the two: a list of one to the rules of lists.
    private void ValidateColumn(string? name, string nameOption, int? index, string indexOption) =>
        ValidateColumnList(name is null ? null : [name], nameOption, index is { } column ? [column] : null, indexOption, string.Empty);

    // An optional list of columns given by header names or by indices, at most one of the two; nullMeans says what
    // leaving both null does.
    private void ValidateColumnList(IReadOnlyList<string>? names, string namesOption, IReadOnlyList<int>? indices, string indicesOption, string nullMeans)
    {
        RequireAtMostOne(names is not null, namesOption, indices is not null, indicesOption);
        if (names is not null && !HasHeader)
        {
            throw new ArgumentException($"Columns can be chosen by name only when {nameof(HasHeader)} is true; without a header use {indicesOption}.", namesOption);
        }

        RequireEntries(names, namesOption, nullMeans, NameAColumn);
        RequireIndices(indices, indicesOption, nullMeans);
    }

    private static void RequireAtMostOne(bool first, string firstOption, bool second, string secondOption)
    {
        if (first && second)
        {
            throw new ArgumentException($"Set {firstOption} or {secondOption}, not both.", secondOption);
        }
    }

    // Refuses a list that is empty (nullMeans says what leaving the option null does) or holds null, saying what belongs there.
    private static void RequireEntries<T>(IReadOnlyList<T?>? entries, string option, string nullMeans, string belongs)
    {
        if (entries is null)
        {
            return;
        }

        RequireAny(entries.Count, option, nullMeans);
        int missing = entries.ToList().FindIndex(entry => entry is null);
        if (missing >= 0)
        {
            throw new ArgumentException($"{option} entry {missing} is null; {belongs}.", option);
        }
    }

    private static void RequireIndices(IReadOnlyList<int>? indices, string option, string nullMeans)
    {
        if (indices is null)
        {
            return;
        }

        RequireAny(indices.Count, option, nullMeans);
        foreach (int index in indices)
        {
            if (index < 0)
            {
                throw new ArgumentOutOfRangeException(option, index, "Column indices are zero-based and cannot be negative.");
            }
        }
    }

    private static void RequireAny(int count, string option, string nullMeans)
    {
        if (count == 0)
        {
            throw new ArgumentException($"{option} is empty; list at least one column, or leave it null{nullMeans}.", option);
        }
    }
}
