using System.Globalization;
using System.Runtime.InteropServices;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>Which columns of a CSV file become features, in order, and which ones hold the label and the rows' ids.</summary>
internal sealed class CsvColumnLayout
{
    private CsvColumnLayout(
        int columnCount,
        int[] featureColumns,
        int? labelColumn,
        int? idColumn,
        int[] categoricalColumns,
        IReadOnlyList<VaeCategoricalFeature>? textCategories,
        (int, VaeCategoricalFeature)[] oneHotColumns)
    {
        ColumnCount = columnCount;
        FeatureColumns = featureColumns;
        LabelColumn = labelColumn;
        IdColumn = idColumn;
        CategoricalColumns = categoricalColumns;
        TextCategories = textCategories;
        OneHotColumns = oneHotColumns;
    }

    /// <summary>Columns every line must have.</summary>
    public int ColumnCount { get; }

    /// <summary>Zero-based file columns that become features, in feature order.</summary>
    public int[] FeatureColumns { get; }

    /// <summary>Zero-based file column of the label, if any.</summary>
    public int? LabelColumn { get; }

    /// <summary>Zero-based file column of the rows' ids (<see cref="CsvDatasetOptions.IdColumnName"/>), if any.</summary>
    public int? IdColumn { get; }

    /// <summary>The feature columns read as text categories, in feature order; empty when there are none.</summary>
    public int[] CategoricalColumns { get; }

    /// <summary>
    /// The entries of <see cref="CsvDatasetOptions.Categories"/> that <see cref="CategoricalColumns"/> are read with,
    /// one per column; null when no categories were given.
    /// </summary>
    public IReadOnlyList<VaeCategoricalFeature>? TextCategories { get; }

    /// <summary>
    /// The entries of <see cref="CsvDatasetOptions.Categories"/> read from their one-hot features, one feature column per
    /// category (<see cref="OneHotRanges"/>), each with the position of its first column among <see cref="FeatureColumns"/>;
    /// empty when there are none.
    /// </summary>
    public (int Position, VaeCategoricalFeature Categories)[] OneHotColumns { get; }

    /// <summary>Resolves the options against the file's header (or, without one, its first row's width).</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="header">Column names, or <see langword="null"/> when the file has no header.</param>
    /// <param name="line">The cells of the header or, without one, of the first row.</param>
    /// <param name="lineNumber">The file's line the columns were learned from.</param>
    /// <param name="titleAbove">Whether the row below the header suggests that the header is a title or a note above the data.</param>
    /// <param name="where">The source and line the columns were learned from, for messages.</param>
    /// <param name="source">The source, for the exception.</param>
    public static CsvColumnLayout Resolve(
        CsvDatasetOptions options, IReadOnlyList<string>? header, IReadOnlyList<string> line, int lineNumber, bool titleAbove, string where, string source)
    {
        int columnCount = line.Count;

        // A line left whole by a wrong separator is one column, which a column the options name is then missing from.
        // A title or note above the data is one cell too, unless it holds the separator; from this line alone the two
        // cannot be told apart. One that holds it is told by the row below.
        string what = header is null ? "first row" : "header";
        string separatorHint = line is [string only] ? SeparatorHint(only, options.Separator, what, header) : string.Empty;
        string hint = line.Count == 1 || titleAbove ? $"{separatorHint}{TitleHint(what, lineNumber)}" : string.Empty;
        string headerAdvice = header is null ? string.Empty : HeaderlessAdvice(header) is { Length: > 0 } numbers ? numbers : IndicesAdvice(options);
        var columns = new FileColumns(header is null ? null : IndexNames(header), header, columnCount, where, source, hint, headerAdvice);
        int? label = columns.Single(options.LabelColumnName, options.LabelColumnIndex, "label");
        int? id = columns.Single(options.IdColumnName, options.IdColumnIndex, "id");
        IReadOnlyList<string>? listed = options.FeatureColumnNames
            ?? (header is not null && options.FeatureColumnIndices is null ? options.FeatureColumnsOfHeader?.Invoke(header) : null);
        IReadOnlyList<string>? names = listed is null ? null : VaeCategoricalFeature.ColumnNamesOf(listed, options.Categories);
        string[] missing = names?.Where(name => !columns.ByName!.ContainsKey(name)).ToArray() ?? [];
        if (missing.Length > 0)
        {
            throw columns.NoColumnNamed(missing, "feature", options.Categories is null ? columns.CategoryNamesAdvice(missing) : string.Empty);
        }

        NonFeatureColumns nonFeatures = NonFeatures(options, label, id, columns);
        int[] features = columns.Chosen(names, options.FeatureColumnIndices, "feature")
            ?? Enumerable.Range(0, columnCount).Where(c => nonFeatures.RoleOf(c) is null).ToArray();

        var seen = new HashSet<int>();
        foreach (int column in features)
        {
            string named = Describe(column, header);
            if (nonFeatures.RoleOf(column) is { } role)
            {
                throw columns.Error($"{named} is {role}, so it cannot also be a feature column; leave it out of the features.");
            }

            if (!seen.Add(column))
            {
                throw columns.Error($"{named} is listed twice as a feature column; list each feature column once.");
            }
        }

        if (features.Length == 0)
        {
            string[] roles = [.. Enumerable.Range(0, columnCount).Select(column => nonFeatures.RoleOf(column)!).Distinct()];
            throw columns.Error(
                $"{(roles is ["the label column"] ? "the only column is the label column" : $"every column is {ShortList.Alternatives(roles)}")}, so no feature columns remain; "
                + "a dataset needs at least one feature column.");
        }

        (int Position, VaeCategoricalFeature Categories)[] oneHot = OneHotRanges(options, features.Length);
        if (options.FeatureColumnCount + oneHot.Sum(range => range.Categories.Categories.Count - 1) is { } wanted && features.Length != wanted)
        {
            throw new VaeDataException(
                $"{where}: the options choose {Counted.Of(features.Length, "feature column")}, but {wanted} are asked for ({nameof(CsvDatasetOptions.FeatureColumnCount)}); choose as many.{hint}",
                source)
            {
                FeatureColumnsChosen = features.Length,
                FeatureColumnsWanted = wanted,
                SeparatorAdvice = separatorHint,
            };
        }

        IReadOnlyList<VaeCategoricalFeature>? textCategories = options.Categories?.Where(feature => !oneHot.Any(range => range.Categories == feature)).ToArray() is { Length: > 0 } text
            ? text
            : null;
        return new CsvColumnLayout(
            columnCount, features, label, id, ResolveCategorical(options, textCategories, features, nonFeatures, columns), textCategories, oneHot);
    }

    /// <summary>
    /// The columns that are no features: the <paramref name="label"/> and <paramref name="id"/> columns, and those
    /// <see cref="CsvDatasetOptions.ExcludedColumnNames"/> or <see cref="CsvDatasetOptions.ExcludedColumnIndices"/> leave out.
    /// </summary>
    private static NonFeatureColumns NonFeatures(CsvDatasetOptions options, int? label, int? id, FileColumns columns)
    {
        string option = options.ExcludedColumnNames is null ? nameof(CsvDatasetOptions.ExcludedColumnIndices) : nameof(CsvDatasetOptions.ExcludedColumnNames);
        var excluded = new HashSet<int>();
        foreach (int column in columns.Chosen(options.ExcludedColumnNames, options.ExcludedColumnIndices, "excluded") ?? [])
        {
            string named = Describe(column, columns.Header);
            if (column == label)
            {
                throw columns.Error($"{named} is the label column, so it cannot also be excluded ({option}); leave it out of one of them.");
            }

            if (!excluded.Add(column))
            {
                throw columns.Error($"{named} is listed twice as an excluded column ({option}); list each excluded column once.");
            }
        }

        return new NonFeatureColumns(label, id, excluded, option);
    }

    /// <summary>
    /// The entries of <see cref="CsvDatasetOptions.Categories"/> without a column name, such as an ML.NET feature
    /// column's one-hot ranges, that are read from their one-hot features, each with the position of its first column
    /// among the <paramref name="chosen"/> feature columns: all of them when <see cref="CsvDatasetOptions.FeatureColumnNames"/>
    /// name a column for each of their features, as a model's <see cref="VaeModel.FeatureNames"/> do, and no categorical
    /// columns are chosen; otherwise none, and each is read from the text column where its features start.
    /// </summary>
    private static (int Position, VaeCategoricalFeature Categories)[] OneHotRanges(CsvDatasetOptions options, int chosen)
    {
        if (options.FeatureColumnNames is null || options.Categories is not { } known || options.CategoricalColumnNames is not null || options.CategoricalColumnIndices is not null)
        {
            return [];
        }

        // A column of text categories before a range makes its features from one column.
        var ranges = new List<(int Position, VaeCategoricalFeature Categories)>();
        int folded = 0;
        foreach (VaeCategoricalFeature feature in known.OrderBy(feature => feature.FirstFeature))
        {
            if (feature.ColumnName is null)
            {
                ranges.Add((feature.FirstFeature - folded, feature));
            }
            else
            {
                folded += feature.Categories.Count - 1;
            }
        }

        return ranges is [.., var (position, last)] && position + last.Categories.Count <= chosen ? [.. ranges] : [];
    }

    /// <summary>
    /// The columns <see cref="CsvDatasetOptions.CategoricalColumnNames"/> or <see cref="CsvDatasetOptions.CategoricalColumnIndices"/>
    /// choose, in feature order; without either, those <see cref="CsvDatasetOptions.Categories"/> name in a file with a
    /// header, or else the feature columns whose features would start where theirs do.
    /// </summary>
    private static int[] ResolveCategorical(
        CsvDatasetOptions options, IReadOnlyList<VaeCategoricalFeature>? known, int[] features, NonFeatureColumns nonFeatures, FileColumns columns)
    {
        bool knownByName = columns.Header is not null && known is not null && known.All(feature => feature.ColumnName is not null);
        IReadOnlyList<string>? names = options.CategoricalColumnNames
            ?? (options.CategoricalColumnIndices is null && knownByName ? known!.Select(feature => feature.ColumnName!).ToArray() : null);
        if (options.CategoricalColumnNames is null && names?.Where(name => !columns.ByName!.ContainsKey(name)).ToArray() is { Length: > 0 } missing)
        {
            throw columns.NoColumnNamed(
                missing,
                "categorical",
                $" The categories given ({nameof(CsvDatasetOptions.Categories)}) are read from the columns of their names; to read them from columns named otherwise, "
                + $"list those as {nameof(CsvDatasetOptions.CategoricalColumnNames)}, in feature order.");
        }

        int[]? chosen = columns.Chosen(names, options.CategoricalColumnIndices, "categorical")
            ?? (known is null ? null : ColumnsStartingAt(known, features, columns));
        if (chosen is null)
        {
            return [];
        }

        var seen = new HashSet<int>();
        foreach (int column in chosen)
        {
            string named = Describe(column, columns.Header);
            if (!seen.Add(column))
            {
                throw columns.Error($"{named} is listed twice as a categorical column; list each categorical column once.");
            }

            if (Array.IndexOf(features, column) < 0)
            {
                throw columns.Error(
                    nonFeatures.RoleOf(column) is { } role
                        ? $"{named} is {role}, so it cannot also be a categorical feature column; leave it out of the categorical columns."
                        : $"{named} is listed as a categorical column but is not a feature column; list it among the feature columns too, or leave it out of the categorical ones.");
            }
        }

        return features.Where(seen.Contains).ToArray();
    }

    // The feature columns at which known categories' features would start, each other column making one feature.
    private static int[] ColumnsStartingAt(IReadOnlyList<VaeCategoricalFeature> known, int[] features, FileColumns columns)
    {
        var starting = new List<int>(known.Count);
        int feature = 0;
        foreach (int column in features)
        {
            bool starts = starting.Count < known.Count && known[starting.Count].FirstFeature == feature;
            feature += starts ? known[starting.Count].Categories.Count : 1;
            if (starts)
            {
                starting.Add(column);
            }
        }

        return starting.Count == known.Count
            ? [.. starting]
            : throw columns.Error(
                $"no feature column would start at feature {known[starting.Count].FirstFeature}, where {nameof(CsvDatasetOptions.Categories)} entry {starting.Count} starts; "
                + $"read the feature columns the categories were read with, in the same order, or choose the categorical columns by index.{columns.Hint}");
    }

    /// <summary>
    /// Where each header name first appears, and where it appears again (−1 if it does not): one pass, so that choosing
    /// thousands of columns by name costs one look-up each rather than a scan of the header each.
    /// </summary>
    private static Dictionary<string, (int First, int Second)> IndexNames(IReadOnlyList<string> header)
    {
        var index = new Dictionary<string, (int First, int Second)>(header.Count, StringComparer.Ordinal);
        for (int c = 0; c < header.Count; c++)
        {
            ref (int First, int Second) at = ref CollectionsMarshal.GetValueRefOrAddDefault(index, header[c], out bool seen);
            at = !seen ? (c, -1) : at.Second < 0 ? (at.First, c) : at;
        }

        return index;
    }

    /// <summary>
    /// Advice for the one cell of a line (or header) that holds another common separator, as a line of a semicolon- or
    /// tab-separated file does when read with commas; empty when it holds none.
    /// </summary>
    /// <param name="text">The cell or header that a wrong separator may have left whole.</param>
    /// <param name="separator">The separator the file is read with.</param>
    /// <param name="what">What <paramref name="text"/> is, for the advice.</param>
    /// <param name="header">The file's header, if any: a separator it does not hold too is no separator of the file,
    /// as with the decimal commas of a one-column file read with ';'.</param>
    internal static string SeparatorHint(string text, char separator, string what, IReadOnlyList<string>? header)
    {
        if (OtherSeparator(text, separator, header) is not char other)
        {
            return string.Empty;
        }

        string name = SeparatorName(other);
        return $" The {what} holds {name}: if the file separates its cells with {name}, set the separator to {name}.";
    }

    /// <summary>A separator as advice names it: <c>tab</c>, or the character in single quotes.</summary>
    internal static string SeparatorName(char separator) => separator == '\t' ? "tab" : $"'{separator}'";

    /// <summary>
    /// The first usual separator other than <paramref name="separator"/> that splits <paramref name="text"/> into at least
    /// two cells that are not blank (and that the header, if any, holds), else null. One non-blank cell is a title's
    /// punctuation, such as the '|' that opens UCI Adult's test file, not a row's separator.
    /// </summary>
    internal static char? OtherSeparator(string text, char separator, IReadOnlyList<string>? header)
    {
        foreach (char other in (ReadOnlySpan<char>)[';', '\t', ',', '|'])
        {
            if (other != separator && text.Split(other).Count(cell => !string.IsNullOrWhiteSpace(cell)) >= 2
                && (header is null || header[0].Contains(other, StringComparison.Ordinal)))
            {
                return other;
            }
        }

        return null;
    }

    /// <summary>Advice for a line of one cell that may be a title or a note rather than the <paramref name="what"/>.</summary>
    internal static string TitleHint(string what, int lineNumber) =>
        $" If line {lineNumber} is a title or a note rather than the {what}, pass over the lines up to it with SkipLines = {lineNumber}.";

    /// <summary>
    /// Whether a header line reads as a row of data: every cell a number, and not the numbering 0, 1, 2, … or 1, 2, 3, …
    /// that tools such as pandas write as the names of unnamed columns. Such a header is most likely the first row of a
    /// file that has none.
    /// </summary>
    public static bool LooksLikeData(IReadOnlyList<string> header)
    {
        if (Numbers(header) is not { } numbers)
        {
            return false;
        }

        bool NumberedFrom(int start) => numbers.Select((number, c) => number == start + c).All(matches => matches);
        return !NumberedFrom(0) && !NumberedFrom(1);
    }

    /// <summary>
    /// Advice to read the file without a header, for a problem that a first row taken for the header would explain: a
    /// name that is not there, or no rows below it. Even a numbering may be a first row then. Empty when a cell of
    /// <paramref name="header"/> is not a number.
    /// </summary>
    public static string HeaderlessAdvice(IReadOnlyList<string> header) => Numbers(header) is null
        ? string.Empty
        : " The header line holds only numbers: if the file has no header line, set HasHeader to false and choose columns by 0-based index.";

    /// <summary>
    /// Advice to read the file without a header when every column the options name is a whole number, as a column
    /// index is: names a header lacks, then most likely indices into a file that has none. Empty otherwise.
    /// </summary>
    private static string IndicesAdvice(CsvDatasetOptions options)
    {
        IEnumerable<string> named = (options.FeatureColumnNames ?? []).Concat(options.CategoricalColumnNames ?? []).Concat(options.ExcludedColumnNames ?? []);
        named = options.LabelColumnName is { } label ? named.Append(label) : named;
        return named.Any() && named.All(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? $" Column indices choose columns only without a header: if the file has no header line, set {nameof(CsvDatasetOptions.HasHeader)} to false and give them as "
                + $"{nameof(CsvDatasetOptions.LabelColumnIndex)}, {nameof(CsvDatasetOptions.FeatureColumnIndices)}, {nameof(CsvDatasetOptions.CategoricalColumnIndices)} "
                + $"and {nameof(CsvDatasetOptions.ExcludedColumnIndices)}."
            : string.Empty;
    }

    /// <summary>Every cell of <paramref name="header"/> as a number, or <see langword="null"/> when one is not.</summary>
    private static double[]? Numbers(IReadOnlyList<string> header)
    {
        var numbers = new double[header.Count];
        for (int c = 0; c < header.Count; c++)
        {
            if (!double.TryParse(header[c], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[c]))
            {
                return null;
            }
        }

        return numbers;
    }

    /// <summary>
    /// A column as messages name it: 1-based, as editors count, with its header name, or without a header with the
    /// 0-based index that selects it, e.g. <c>column 3 ("petal")</c> or <c>column 3 (index 2)</c>.
    /// </summary>
    /// <param name="column">The 0-based column, which on a malformed line may lie beyond the header.</param>
    /// <param name="header">Column names, or <see langword="null"/> when the file has none or it is not read yet.</param>
    public static string Describe(int column, IReadOnlyList<string>? header) =>
        header is not null && column < header.Count ? $"column {column + 1} (\"{ShortList.Cut(header[column])}\")" : $"column {column + 1} (index {column})";

    /// <summary>The columns that are no features, for messages about one chosen as a feature.</summary>
    /// <param name="Label">The label column, if any.</param>
    /// <param name="Id">The column of the rows' ids, if any.</param>
    /// <param name="Excluded">The columns left out of the features.</param>
    /// <param name="ExcludedBy">The option that leaves them out.</param>
    private sealed record NonFeatureColumns(int? Label, int? Id, HashSet<int> Excluded, string ExcludedBy)
    {
        /// <summary>What <paramref name="column"/> is instead of a feature, as messages say it ("the label column"); null when it may be one.</summary>
        public string? RoleOf(int column) =>
            column == Label ? "the label column"
            : column == Id ? "the id column"
            : Excluded.Contains(column) ? $"excluded ({ExcludedBy})"
            : null;
    }

    /// <summary>
    /// The file's columns that the options' names and indices are resolved against, with what the exceptions about them
    /// say: where the columns were learned, the source, and advice for a line left whole by a wrong separator.
    /// </summary>
    /// <param name="ByName">Where each header name first and second appears (<see cref="IndexNames"/>), or null without a header.</param>
    /// <param name="Header">Column names, or null when the file has no header.</param>
    /// <param name="Count">Columns every line must have.</param>
    /// <param name="Where">The source and line the columns were learned from.</param>
    /// <param name="Source">The source, for the exception.</param>
    /// <param name="Hint">Advice appended to a message about a missing column; empty when there is none.</param>
    /// <param name="HeaderAdvice">Advice to read the file without a header, appended to a message about a name it lacks; empty when nothing suggests that.</param>
    private sealed record FileColumns(
        Dictionary<string, (int First, int Second)>? ByName, IReadOnlyList<string>? Header, int Count, string Where, string Source, string Hint, string HeaderAdvice)
    {
        public VaeDataException Error(string problem) => new($"{Where}: {problem}", Source);

        // The columns names (looked up in the header) or indices (checked against the column count) choose for role; null
        // when neither is given.
        public int[]? Chosen(IReadOnlyList<string>? names, IReadOnlyList<int>? indices, string role)
        {
            if (names is not null)
            {
                return names.Select(name => IndexOfName(name, role)).ToArray();
            }

            if (indices is null)
            {
                return null;
            }

            int[] chosen = indices.ToArray();
            foreach (int index in chosen)
            {
                CheckIndex(index, role);
            }

            return chosen;
        }

        // The one column a name (looked up in the header) or an index (checked against the column count) chooses for role;
        // null when neither is given.
        public int? Single(string? name, int? index, string role)
        {
            int? chosen = name is null ? index : IndexOfName(name, role);
            if (chosen is { } column)
            {
                CheckIndex(column, role);
            }

            return chosen;
        }

        public int IndexOfName(string name, string role)
        {
            if (!ByName!.TryGetValue(name, out (int First, int Second) at))
            {
                throw NoColumnNamed([name], role);
            }

            return at.Second < 0
                ? at.First
                : throw Error($"the {role} column name \"{ShortList.Cut(name)}\" is ambiguous: columns {at.First + 1} and {at.Second + 1} both have it. Rename one, or choose columns by index.");
        }

        /// <summary>
        /// Advice for names of <paramref name="missing"/> that are <c>column=category</c> names of header columns, as a
        /// model's <see cref="VaeModel.FeatureNames"/> give a categorical column's features: they stand for their column
        /// only beside the column's categories. Empty when none is such a name.
        /// </summary>
        public string CategoryNamesAdvice(string[] missing)
        {
            string[] categoryNames = missing.Where(NamesACategoryOfAColumn).ToArray();
            return categoryNames.Length == 0
                ? string.Empty
                : $" {FeatureNaming.Quoted(categoryNames)} {(categoryNames.Length == 1 ? "is a column=category name" : "are column=category names")} of the header's columns, "
                    + $"as a model names the features of a categorical column: to read them, set {nameof(CsvDatasetOptions.Categories)} "
                    + $"to the model's {nameof(VaeModel.CategoricalFeatures)} too.";
        }

        private bool NamesACategoryOfAColumn(string name)
        {
            for (int at = name.IndexOf(VaeCategoricalFeature.NameSeparator); at >= 0; at = name.IndexOf(VaeCategoricalFeature.NameSeparator, at + 1))
            {
                if (ByName!.ContainsKey(name[..at]))
                {
                    return true;
                }
            }

            return false;
        }

        public VaeDataException NoColumnNamed(string[] missing, string role, string advice = "")
        {
            IReadOnlyList<string> header = Header!;
            string lacking = missing.Length == 1
                ? $"there is no column named \"{ShortList.Cut(missing[0])}\" {role switch { "categorical" => "to read as categories", "feature" => "to use as a feature", "excluded" => "to exclude", _ => $"to use as the {role}" }}"
                : $"there are no columns named {FeatureNaming.Quoted(missing)} {role switch { "categorical" => "to read as categories", "excluded" => "to exclude", _ => $"to use as {role}s" }}";
            string[] closest = missing.Length == 1 ? ClosestNames.To(missing[0], header) : [];
            string suggestion = closest.Length > 0 ? $"; did you mean {ClosestNames.Alternatives(closest, '"')}? The" : "; the";
            string columns = header.Count == 1 ? "only column is" : $"{header.Count} columns are";
            return new VaeDataException($"{Where}: {lacking}{suggestion} {columns} {FeatureNaming.Quoted(header)}. Names are case-sensitive.{AccentForms.Hint(missing, header, "the header's names")}{advice}{HeaderAdvice}{Hint}", Source)
            {
                MissingFeatureColumns = role == "feature" ? missing : null,
            };
        }

        public void CheckIndex(int index, string role)
        {
            if (index >= Count)
            {
                throw Error($"the {role} column index {index} is out of range; the file has {Counted.Of(Count, "column")}, so zero-based indices run from 0 to {Count - 1}.{Hint}");
            }
        }
    }
}
