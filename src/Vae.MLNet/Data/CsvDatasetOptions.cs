namespace Vae.MLNet.Data;

/// <summary>
/// How <see cref="CsvDatasetReader"/> reads a CSV file: whether it has a header, the separator, and which columns are
/// features and which (if any) is the class label. Numbers are always parsed culture-invariantly (<c>1.5</c>, <c>-2e-3</c>).
/// </summary>
public sealed class CsvDatasetOptions
{
    /// <summary>Whether the first line names the columns. Default <see langword="true"/>. Columns can be chosen by name only when it is.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// Lines at the start of the file to pass over, before the header or the first row: a title, a note, or a line such
    /// as the <c>|1x3 Cross validator</c> that opens UCI Adult's test file. They are not split into cells, but must be
    /// text like the rest of the file. Default 0. Messages still count lines from the top of the file.
    /// </summary>
    public int SkipLines { get; init; }

    /// <summary>The character between cells. Default <c>','</c>; it cannot be a double quote or a line break.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>
    /// Header names of the feature columns, in the order they become features. Default <see langword="null"/>: every
    /// column except the label column. Set at most one of this and <see cref="FeatureColumnIndices"/>. A trained model's
    /// <see cref="VaeModel.FeatureNames"/> read a file's columns in the order the model takes them.
    /// </summary>
    public IReadOnlyList<string>? FeatureColumnNames { get; init; }

    /// <summary>
    /// Zero-based indices of the feature columns, in the order they become features. Default <see langword="null"/>:
    /// every column except the label column. Set at most one of this and <see cref="FeatureColumnNames"/>.
    /// </summary>
    public IReadOnlyList<int>? FeatureColumnIndices { get; init; }

    /// <summary>
    /// Header name of the column holding integer class labels, e.g. <c>"target"</c>. Default <see langword="null"/>: no
    /// labels unless <see cref="LabelColumnIndex"/> is set. Set at most one of the two.
    /// </summary>
    public string? LabelColumnName { get; init; }

    /// <summary>
    /// Zero-based index of the column holding integer class labels. Default <see langword="null"/>: no labels unless
    /// <see cref="LabelColumnName"/> is set. Set at most one of the two.
    /// </summary>
    public int? LabelColumnIndex { get; init; }

    /// <summary>
    /// Read only the first this many rows and stop there, so a large file's head costs no more than the head. Default
    /// <see langword="null"/>: every row.
    /// </summary>
    public int? MaxRows { get; init; }

    /// <summary>What <paramref name="separator"/> is when the reader cannot split lines on it ("a line break"), else null.</summary>
    internal static string? UnusableSeparator(char separator) => separator switch
    {
        '"' => "a double quote, which quotes cells",
        '\r' or '\n' => "a line break",
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

        if (FeatureColumnNames is not null && FeatureColumnIndices is not null)
        {
            throw new ArgumentException($"Set {nameof(FeatureColumnNames)} or {nameof(FeatureColumnIndices)}, not both.", nameof(FeatureColumnIndices));
        }

        if (LabelColumnName is not null && LabelColumnIndex is not null)
        {
            throw new ArgumentException($"Set {nameof(LabelColumnName)} or {nameof(LabelColumnIndex)}, not both.", nameof(LabelColumnIndex));
        }

        if (!HasHeader && (FeatureColumnNames is not null || LabelColumnName is not null))
        {
            throw new ArgumentException(
                $"Columns can be chosen by name only when {nameof(HasHeader)} is true; without a header use {nameof(FeatureColumnIndices)} and {nameof(LabelColumnIndex)}.",
                FeatureColumnNames is not null ? nameof(FeatureColumnNames) : nameof(LabelColumnName));
        }

        if (LabelColumnIndex is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LabelColumnIndex), LabelColumnIndex, "Column indices are zero-based and cannot be negative.");
        }

        if (FeatureColumnIndices is not null)
        {
            if (FeatureColumnIndices.Count == 0)
            {
                throw new ArgumentException($"{nameof(FeatureColumnIndices)} is empty; list at least one column, or leave it null for all columns but the label.", nameof(FeatureColumnIndices));
            }

            foreach (int index in FeatureColumnIndices)
            {
                if (index < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(FeatureColumnIndices), index, "Column indices are zero-based and cannot be negative.");
                }
            }
        }

        if (FeatureColumnNames is not null)
        {
            if (FeatureColumnNames.Count == 0)
            {
                throw new ArgumentException($"{nameof(FeatureColumnNames)} is empty; list at least one column, or leave it null for all columns but the label.", nameof(FeatureColumnNames));
            }

            for (int i = 0; i < FeatureColumnNames.Count; i++)
            {
                if (FeatureColumnNames[i] is null)
                {
                    throw new ArgumentException($"{nameof(FeatureColumnNames)} entry {i} is null; name a column of the header there.", nameof(FeatureColumnNames));
                }
            }
        }
    }
}
