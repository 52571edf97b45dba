using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Vae.MLNet.Equality;
using Vae.MLNet.Persistence;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// A column of text categories as one-hot features, read so (<see cref="CsvDatasetOptions.CategoricalColumnNames"/>) or
/// declared for data in memory (<see cref="VaeCategoricalFeature(string, int, IEnumerable{string})"/>): one
/// feature per category, 1 for a row's category and 0 for the others, in <see cref="Categories"/>' order from
/// <see cref="FirstFeature"/> on. A model trained on such data keeps its categorical features
/// (<see cref="VaeModel.CategoricalFeatures"/>), so that new files, or new rows given as values
/// (<see cref="VaeModel.FromColumnValues"/>), are read into the same features and its generated
/// or reconstructed rows can be read back as categories (<see cref="CategoryOf"/>, or every column of a row with
/// <see cref="VaeModel.ToColumnValues"/>).
/// </summary>
/// <remarks>
/// Two features are equal when their column names, first features and categories are, as two reads of one model's
/// are; they are compared so because records, such as <see cref="VaeModelManifest"/>, hold them.
/// </remarks>
public sealed class VaeCategoricalFeature : IEquatable<VaeCategoricalFeature>
{
    /// <summary>The separator between a column's name and a category in the names of its features: <c>workclass=Private</c>.</summary>
    public const char NameSeparator = '=';

    /// <summary>
    /// Declares features <paramref name="firstFeature"/> to <paramref name="firstFeature"/> + count − 1 of a row the
    /// one-hot encoding of a column's categories, for data built in memory
    /// (<see cref="VaeDataset.FromArray(float[], int, int[], IReadOnlyList{string}, IReadOnlyList{VaeCategoricalFeature})"/>):
    /// a model trained on it reconstructs and generates them through a softmax over the categories.
    /// </summary>
    /// <param name="columnName">
    /// The column's name, or <see langword="null"/>. Where the data names its features too, those of this column must be
    /// <c>columnName=category</c> (<see cref="NameSeparator"/>).
    /// </param>
    /// <param name="firstFeature">
    /// The index of the column's first feature among a row's features, 0 or more, such that the column's last feature,
    /// <paramref name="firstFeature"/> + count − 1, is an index a row can have (below <see cref="int.MaxValue"/>).
    /// </param>
    /// <param name="categories">
    /// The categories, one per feature, in the features' order: non-blank, well-formed (no half surrogate pair) and
    /// distinct even without the whitespace around them, which the CSV reader takes off a cell before matching it.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="categories"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="firstFeature"/> is negative, or so large that the column's features would end past the last a row can have.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// There are no categories, or one is null, blank, ill-formed or repeated (also when only the whitespace around it
    /// differs); or <paramref name="columnName"/> is blank or ill-formed.
    /// </exception>
    public VaeCategoricalFeature(string? columnName, int firstFeature, IEnumerable<string> categories)
        : this((categories ?? throw new ArgumentNullException(nameof(categories))).ToArray(), columnName, firstFeature)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstFeature);
        if (Problem() is { } problem)
        {
            throw new ArgumentException($"The categorical column at feature {firstFeature} {problem.Text}.", problem.Parameter);
        }

        // Checked here, not in Problem, which loading a model shares: a model saved with such categories still loads to
        // decode, generate and score arrays, and only reading a CSV file with its categories refuses them.
        TextCodes.RequireNoTwins(Categories, $"The categorical column at feature {firstFeature}", nameof(categories), "categories");

        if ((long)firstFeature + Categories.Count > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(firstFeature),
                firstFeature,
                $"The {Categories.Count} categories from feature {firstFeature} on would take features up to {(long)firstFeature + Categories.Count - 1}, "
                + $"past the last a row can have ({int.MaxValue - 1}); give the index of the column's first feature in the row.");
        }
    }

    // Takes a manifest's values as they are: Validated refuses them naming the entry, where the manifest's reader gives the path.
    // Internal, as the manifest's compile-time JSON metadata (ModelZipJsonContext) calls it; the categories come first so
    // that no call written for the public constructor, (name, first feature, categories), binds to this unchecked one.
    [JsonConstructor]
    internal VaeCategoricalFeature(IReadOnlyList<string> categories, string? columnName, int firstFeature)
    {
        ColumnName = columnName;
        FirstFeature = firstFeature;
        Categories = new ReadOnlyCollection<string>(categories.ToArray());
    }

    /// <summary>
    /// The column's name: for a column read from a file its header's, <see langword="null"/> without a header; as declared
    /// for data in memory; <see langword="null"/> for the one-hot ranges of an ML.NET feature column.
    /// </summary>
    public string? ColumnName { get; }

    /// <summary>The index of the first of the column's features among a row's features.</summary>
    public int FirstFeature { get; }

    /// <summary>
    /// The column's categories, each once; feature <see cref="FirstFeature"/> + i is 1 for rows of category i. A column
    /// read from a file has the categories it holds in ordinal order, as written with the whitespace around them taken
    /// off; others have them in the order they were declared or encoded in.
    /// </summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>
    /// The category whose feature is the largest in <paramref name="row"/> (the first of them on a tie): the category a
    /// generated, reconstructed or decoded row stands for, whose one-hot features are then probabilities or means rather
    /// than a single 1.
    /// </summary>
    /// <param name="row">A whole row of features, in the order the model takes them, not this column's part of it.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="row"/> ends before this column's last feature, or one of its features is NaN.
    /// </exception>
    public string CategoryOf(ReadOnlySpan<float> row) => Categories[IndexOfMostLikely(row)];

    /// <summary>The index in <see cref="Categories"/> of <see cref="CategoryOf"/>'s category.</summary>
    /// <exception cref="ArgumentException">As <see cref="CategoryOf"/>.</exception>
    internal int IndexOfMostLikely(ReadOnlySpan<float> row)
    {
        if (row.Length < (long)FirstFeature + Categories.Count)
        {
            throw new ArgumentException(
                $"The row holds {Counted.Of(row.Length, "feature")}, but the categories of {Describe()} take features {FirstFeature} to {(long)FirstFeature + Categories.Count - 1}; pass a whole row.",
                nameof(row));
        }

        ReadOnlySpan<float> oneHot = row.Slice(FirstFeature, Categories.Count);
        int most = 0;
        for (int i = 0; i < oneHot.Length; i++)
        {
            if (float.IsNaN(oneHot[i]))
            {
                throw new ArgumentException(
                    $"Feature {FirstFeature + i} of the row, category \"{ShortList.Cut(Categories[i])}\" of {Describe()}, is NaN, so no category is the most likely.",
                    nameof(row));
            }

            most = oneHot[i] > oneHot[most] ? i : most;
        }

        return most;
    }

    /// <summary>
    /// The index in <see cref="Categories"/> of <see cref="CategoryOf"/>'s category, or −1 where its feature is 0: the
    /// row holds no category, as a row drawn with all the column's features 0 or read with a category the model does not know.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="CategoryOf"/>.</exception>
    internal int IndexOfCategoryHeld(ReadOnlySpan<float> row)
    {
        int most = IndexOfMostLikely(row);
        return row[FirstFeature + most] == 0f ? -1 : most;
    }

    /// <summary>The name of feature <see cref="FirstFeature"/> + <paramref name="category"/>: <c>column=category</c>, or null without a column name.</summary>
    internal string? FeatureName(int category) => ColumnName is null ? null : $"{ColumnName}{NameSeparator}{Categories[category]}";

    /// <summary>
    /// A copy of <paramref name="features"/>, or null when there are none, after checking that each covers at least one
    /// feature within <paramref name="featureCount"/>, after the one before it, with a non-blank, well-formed column name
    /// if any, and distinct, non-blank, well-formed categories; that <paramref name="featureNames"/>, if any, give its
    /// features the names <c>column=category</c>; and that the categories fit the model's manifest beside the names.
    /// </summary>
    /// <exception cref="ArgumentException">A rule is broken; the parameter name is <paramref name="paramName"/>.</exception>
    internal static VaeCategoricalFeature[]? Validated(IReadOnlyList<VaeCategoricalFeature> features, int featureCount, IReadOnlyList<string>? featureNames, string paramName)
    {
        long bytes = featureNames is null ? 0 : FeatureNaming.ManifestBytesOf(featureNames);
        int next = 0;
        for (int i = 0; i < features.Count; i++)
        {
            VaeCategoricalFeature feature = features[i] ?? throw new ArgumentException($"Categorical feature {i} is null; give each column's feature.", paramName);
            if (feature.Problem() is { } problem)
            {
                throw new ArgumentException($"Categorical feature {i} {problem.Text}.", paramName);
            }

            IReadOnlyList<string> categories = feature.Categories;

            if (feature.FirstFeature < next || (long)feature.FirstFeature + categories.Count > featureCount)
            {
                throw new ArgumentException(
                    $"Categorical feature {i} takes features {feature.FirstFeature} to {(long)feature.FirstFeature + categories.Count - 1}, but each must come after the one before it "
                    + $"(from feature {next} on) and within the {Counted.Of(featureCount, "feature")}.",
                    paramName);
            }

            int misnamed = featureNames is null || feature.ColumnName is null
                ? -1
                : Enumerable.Range(0, categories.Count).FirstOrDefault(category => featureNames[feature.FirstFeature + category] != feature.FeatureName(category), -1);
            if (misnamed >= 0)
            {
                throw new ArgumentException(
                    $"Feature {feature.FirstFeature + misnamed} is named \"{ShortList.Cut(featureNames![feature.FirstFeature + misnamed])}\", but as category \"{ShortList.Cut(categories[misnamed])}\" of {feature.Describe()} it is named \"{ShortList.Cut(feature.FeatureName(misnamed)!)}\".",
                    paramName);
            }

            bytes += ManifestBytesOf(feature);
            next = feature.FirstFeature + categories.Count;
        }

        return bytes > FeatureNaming.MaxManifestBytesOfNames
            ? throw new ArgumentException(
                $"The feature names and categories take {ByteSizeText.MebibytesUp(bytes)} of the model's manifest, which holds at most {ByteSizeText.MebibytesDown(FeatureNaming.MaxManifestBytesOfNames)} of them; read fewer or shorter categories.",
                paramName)
            : features.Count == 0 ? null : [.. features];
    }

    // The manifest writes a column as an object of three members on indented lines, with its categories one level deeper
    // than feature names: at most 103 bytes besides the column's name (a null name, ten digits of first feature), and 12
    // besides each category.
    private const int ManifestBytesAroundColumn = 103;

    private const int ManifestBytesAroundCategory = 12;

    private static long ManifestBytesOf(VaeCategoricalFeature feature) =>
        ManifestBytesAroundColumn
        + (feature.ColumnName is { } name ? ManifestJson.EncodedBytes(name) : 0)
        + feature.Categories.Sum(category => (long)ManifestJson.EncodedBytes(category) + ManifestBytesAroundCategory);

    /// <summary>A checked copy of <paramref name="data"/>'s <see cref="VaeDataset.CategoricalFeatures"/>, or null when it has none.</summary>
    /// <exception cref="ArgumentException">They break a rule of <see cref="Validated"/>; the parameter name is <paramref name="paramName"/>.</exception>
    internal static VaeCategoricalFeature[]? Of(VaeDataset data, string paramName)
    {
        if (data.CategoricalFeatures is not { } features)
        {
            return null;
        }

        try
        {
            return Validated(features, data.FeatureCount, FeatureNaming.NamesOf(data, paramName), paramName);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The data's {nameof(VaeDataset.CategoricalFeatures)} cannot be kept: {ArgumentMessages.Describe(e)}", paramName, e);
        }
    }

    /// <summary>
    /// How <paramref name="data"/>'s categorical features differ from the <paramref name="trained"/> ones: the first
    /// column read otherwise; null when they agree or either is missing, as when a file without categorical columns
    /// holds the one-hot features already.
    /// </summary>
    /// <param name="trained">The categorical features the data must have.</param>
    /// <param name="data">The data's categorical features.</param>
    /// <param name="dataName">How the text names the data.</param>
    /// <param name="trainedName">How the text names what has <paramref name="trained"/>.</param>
    internal static string? Difference(
        IReadOnlyList<VaeCategoricalFeature>? trained, IReadOnlyList<VaeCategoricalFeature>? data, string dataName = "the data", string trainedName = "the model")
    {
        if (trained is null || data is null)
        {
            return null;
        }

        for (int i = 0; i < Math.Min(trained.Count, data.Count); i++)
        {
            if (!trained[i].SameAs(data[i]))
            {
                return $"{dataName} reads {data[i].Describe()} into {Counted.Of(data[i].Categories.Count, "feature")} from feature {data[i].FirstFeature} on, "
                    + $"categories {FeatureNaming.Quoted(data[i].Categories)}, where {trainedName} reads {trained[i].Describe()} into {Counted.Of(trained[i].Categories.Count, "feature")} "
                    + $"from feature {trained[i].FirstFeature} on, categories {FeatureNaming.Quoted(trained[i].Categories)}";
            }
        }

        return trained.Count == data.Count ? null : $"{dataName} has {Counted.Of(data.Count, "categorical column")} where {trainedName} has {trained.Count}";
    }

    /// <summary>Whether <paramref name="name"/> can name a categorical column: not blank, and without half a surrogate pair, which the model's UTF-8 manifest cannot hold.</summary>
    internal static bool CanNameColumn(string name) => !string.IsNullOrWhiteSpace(name) && LoneSurrogates.IndexIn(name) < 0;

    // What makes the column unfit to be kept, with the constructor's parameter that gives it: null when nothing does.
    private (string Text, string Parameter)? Problem() =>
        ColumnName is { } name && !CanNameColumn(name)
            ? ("has a column name that is blank or holds half a surrogate pair; give the column's name, or none", "columnName")
            : Categories.Count == 0 ? ("has no categories; give at least one", "categories")
            : CategoryProblem(Categories) is { } problem ? ($"has categories unfit to name features: {problem}", "categories")
            : null;

    // What makes categories unfit to name features and to be saved: null when nothing does.
    private static string? CategoryProblem(IReadOnlyList<string> categories) => FeatureNaming.FirstUnfit(categories) is not { } unfit ? null
        : unfit.Surrogate >= 0 ? $"\"{ShortList.Cut(unfit.Name!)}\" holds half a surrogate pair, which the model's UTF-8 manifest cannot hold"
        : unfit.Earlier >= 0 ? $"\"{ShortList.Cut(unfit.Name!)}\" comes twice"
        : $"one is {(unfit.Name is null ? "null" : "blank")}";

    /// <summary>
    /// <paramref name="names"/> with the feature names of each of <paramref name="categories"/>' columns, where they
    /// come in its order from its first feature on, replaced by the column's name: a model's
    /// <see cref="VaeModel.FeatureNames"/> as the file's columns that make them.
    /// </summary>
    internal static IReadOnlyList<string> ColumnNamesOf(IReadOnlyList<string> names, IReadOnlyList<VaeCategoricalFeature>? categories)
    {
        if (categories is null)
        {
            return names;
        }

        var columns = new List<string>(names.Count);
        int next = 0;
        foreach (VaeCategoricalFeature feature in categories.Where(known => known.ColumnName is not null).OrderBy(known => known.FirstFeature))
        {
            int first = feature.FirstFeature;
            int count = feature.Categories.Count;
            if (first < next || first + count > names.Count
                || !Enumerable.Range(0, count).All(category => string.Equals(names[first + category], feature.FeatureName(category), StringComparison.Ordinal)))
            {
                continue;
            }

            columns.AddRange(names.Skip(next).Take(first - next));
            columns.Add(feature.ColumnName!);
            next = first + count;
        }

        columns.AddRange(names.Skip(next));
        return columns.AsReadOnly();
    }

    /// <summary>
    /// Whether <paramref name="other"/> reads the same column into the same features: the same categories from the same
    /// feature on, and the same column name unless one was read without a header.
    /// </summary>
    internal bool SameAs(VaeCategoricalFeature other) =>
        (ColumnName is null || other.ColumnName is null || ColumnName == other.ColumnName)
        && FirstFeature == other.FirstFeature && Categories.SequenceEqual(other.Categories, StringComparer.Ordinal);

    /// <inheritdoc/>
    public bool Equals(VaeCategoricalFeature? other) =>
        other is not null && ColumnName == other.ColumnName && FirstFeature == other.FirstFeature && ElementWise.Equal(Categories, other.Categories);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as VaeCategoricalFeature);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ColumnName, FirstFeature, ElementWise.HashOf(Categories));

    /// <summary>The column as messages name it: <c>column "workclass"</c>, or by its first feature without a name.</summary>
    internal string Describe() => ColumnName is null ? $"the categorical column at feature {FirstFeature}" : $"column \"{ShortList.Cut(ColumnName)}\"";

    /// <summary>
    /// The column on one line, its first categories cut short so that hundreds print as briefly as a few:
    /// <c>column "workclass" at feature 4: 9 categories ("Private", "Self-emp-not-inc", "Local-gov", "State-gov",
    /// "Federal-gov" and 4 more)</c>, or <c>the categorical column at feature 4: ...</c> without a name.
    /// </summary>
    public override string ToString()
    {
        string at = ColumnName is null ? string.Empty : $" at feature {FirstFeature}";
        string counted = Categories.Count == 1 ? "1 category" : $"{Categories.Count} categories";
        return string.Create(CultureInfo.InvariantCulture, $"{Describe()}{at}: {counted} ({FeatureNaming.Quoted(Categories)})");
    }
}
