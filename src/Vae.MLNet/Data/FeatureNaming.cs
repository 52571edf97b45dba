using System.Globalization;
using Vae.MLNet.Persistence;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// Feature names: the rules a list of them keeps, and the check that data hands a model the features it was trained on,
/// by count and, where both know their names, by name and order. Names compare ordinally, as CSV headers are matched.
/// </summary>
internal static class FeatureNaming
{
    // Enough names to recognize a list by, without a message that lists every pixel of an image.
    private const int NamesShown = 5;

    // The model zip's manifest lists the names, and its reader refuses a manifest of more than 24 MiB: the names (with
    // the categories of categorical features) may take a third, the rest being for the options and the history. Each
    // takes its bytes as the manifest's JSON encoder writes them (a quote, a control character, an emoji or U+2028
    // escaped), plus an indented line's quotes and comma.
    internal const long MaxManifestBytesOfNames = 8 << 20;

    internal const int ManifestBytesAroundName = 10;

    /// <summary>
    /// A copy of <paramref name="names"/> after checking there is one distinct, non-blank, well-formed name per feature,
    /// and that together they fit the model's manifest.
    /// </summary>
    /// <exception cref="ArgumentException">The names break a rule; the parameter name is <paramref name="paramName"/>.</exception>
    public static string[] Validated(IReadOnlyList<string> names, int featureCount, string paramName)
    {
        RequireOnePerFeature(names, featureCount, paramName);
        if (RuleBroken(names) is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }

        return names.ToArray();
    }

    /// <summary>Requires as many names as features, whatever the names.</summary>
    /// <exception cref="ArgumentException">The counts differ; the parameter name is <paramref name="paramName"/>.</exception>
    public static void RequireOnePerFeature(IReadOnlyList<string> names, int featureCount, string paramName)
    {
        if (names.Count != featureCount)
        {
            throw new ArgumentException(
                $"There are {Counted.Of(names.Count, "feature name")} for {Counted.Of(featureCount, "feature")}; give one name per feature.", paramName);
        }
    }

    /// <summary>
    /// A checked copy of <paramref name="data"/>'s <see cref="VaeDataset.FeatureNames"/>, or null when it has none: a
    /// dataset of one's own may hand out names that cannot tell its features apart.
    /// </summary>
    /// <exception cref="ArgumentException">The names break a rule; the parameter name is <paramref name="paramName"/>.</exception>
    public static string[]? NamesOf(VaeDataset data, string paramName)
    {
        if (data.FeatureNames is not { } names)
        {
            return null;
        }

        try
        {
            return Validated(names, data.FeatureCount, paramName);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The data's {nameof(VaeDataset.FeatureNames)} cannot name its features: {ArgumentMessages.Describe(e)}", paramName, e);
        }
    }

    /// <summary>
    /// Which rule of <see cref="Validated"/> column names break, as a CSV header's may, so that they cannot name
    /// features; null when they can.
    /// </summary>
    public static string? RuleBroken(IReadOnlyList<string?> names)
    {
        if (FirstUnfit(names) is { } unfit)
        {
            return unfit.Surrogate >= 0
                ? $"Feature {unfit.Index}'s name has half a surrogate pair at index {unfit.Surrogate}, which the model's UTF-8 manifest cannot hold; give a well-formed string."
                : unfit.Earlier >= 0 ? $"Features {unfit.Earlier} and {unfit.Index} are both named {Quoted([unfit.Name!])}; feature names must differ."
                : $"Feature {unfit.Index} has {(unfit.Name is null ? "no" : "a blank")} name; every feature needs a name.";
        }

        long bytes = ManifestBytesOf(names!);
        return bytes > MaxManifestBytesOfNames
            ? string.Create(CultureInfo.InvariantCulture, $"The {Counted.Of(names.Count, "feature name")} would take {ByteSizeText.MebibytesUp(bytes)} of the model's manifest, which holds at most {ByteSizeText.MebibytesDown(MaxManifestBytesOfNames)} of them; give shorter names.")
            : null;
    }

    /// <summary>
    /// The first of <paramref name="names"/> that cannot name a feature in the model's manifest: null or blank, holding
    /// half a surrogate pair, or repeating an earlier name; null when every name can.
    /// </summary>
    public static UnfitName? FirstUnfit(IReadOnlyList<string?> names)
    {
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            string? name = names[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                return new UnfitName(i, name, Surrogate: -1, Earlier: -1);
            }

            if (LoneSurrogates.IndexIn(name) is int at and >= 0)
            {
                return new UnfitName(i, name, at, Earlier: -1);
            }

            if (!firstIndex.TryAdd(name, i))
            {
                return new UnfitName(i, name, Surrogate: -1, firstIndex[name]);
            }
        }

        return null;
    }

    /// <summary>The bytes <paramref name="names"/> take in the manifest, each as its JSON encoder writes it on a line of its own.</summary>
    public static long ManifestBytesOf(IEnumerable<string> names) => names.Sum(name => (long)ManifestJson.EncodedBytes(name) + ManifestBytesAroundName);

    /// <summary>A name <see cref="FirstUnfit"/> found.</summary>
    /// <param name="Index">Its place in the list.</param>
    /// <param name="Name">The name, null or blank unless one of the others says what is wrong.</param>
    /// <param name="Surrogate">Where it holds half a surrogate pair, or −1.</param>
    /// <param name="Earlier">The place of the same name earlier in the list, or −1.</param>
    public readonly record struct UnfitName(int Index, string? Name, int Surrogate, int Earlier);

    /// <summary>
    /// How <paramref name="data"/>'s names, as many as <paramref name="trained"/>'s, differ from them: the trained names
    /// the data lacks and what it has instead, or the first place where the same names come in another order; null
    /// when they agree.
    /// </summary>
    /// <param name="trained">The names the data must have.</param>
    /// <param name="data">The data's names.</param>
    /// <param name="dataName">How the text names the data.</param>
    /// <param name="trainedName">How the text names what has <paramref name="trained"/>.</param>
    public static string? Difference(IReadOnlyList<string> trained, IReadOnlyList<string> data, string dataName = "the data", string trainedName = "the model")
    {
        string[] missing = trained.Except(data, StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
        {
            return $"{dataName} lacks {Quoted(missing)} and has {Quoted(data.Except(trained, StringComparer.Ordinal).ToArray())} instead";
        }

        for (int i = 0; i < trained.Count; i++)
        {
            if (!string.Equals(trained[i], data[i], StringComparison.Ordinal))
            {
                return $"the same names come in another order: feature {i} is \"{ShortList.Cut(data[i])}\" where {trainedName} has \"{ShortList.Cut(trained[i])}\"";
            }
        }

        return null;
    }

    /// <summary>
    /// Requires <paramref name="data"/> to have the <paramref name="inputDimension"/> features a model takes, when both
    /// the data and the model (<paramref name="trainedNames"/>) name them the same names in the same order, and when
    /// both read categories (<paramref name="trainedCategories"/>) the same categorical features.
    /// </summary>
    /// <param name="data">The rows handed to the model.</param>
    /// <param name="inputDimension">The number of features the model takes.</param>
    /// <param name="trainedNames">The model's feature names, or null when it has none.</param>
    /// <param name="paramName">The parameter that passed <paramref name="data"/>, for the exception.</param>
    /// <param name="model">
    /// How the message names the model, e.g. "the initial model"; or, with <paramref name="modelIsItsTrainingData"/>,
    /// the data a model is about to be trained on, e.g. "the training data".
    /// </param>
    /// <param name="trainedCategories">The model's categorical features, or null when it has none.</param>
    /// <param name="dataName">How the message names <paramref name="data"/>, e.g. "the validation data".</param>
    /// <param name="modelIsItsTrainingData">
    /// Whether the model is not trained yet, so that the message tells the features of <paramref name="model"/>, its
    /// training data, rather than those a model takes or was trained on.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The features differ; where both name them, the message names those the data lacks or has beyond the model's (a few,
    /// then how many more) and how to read the data into the model's features.
    /// </exception>
    public static void RequireFeaturesOf(
        VaeDataset data,
        int inputDimension,
        IReadOnlyList<string>? trainedNames,
        string paramName,
        string model = "the model",
        IReadOnlyList<VaeCategoricalFeature>? trainedCategories = null,
        string dataName = "the data",
        bool modelIsItsTrainingData = false)
    {
        string subject = char.ToUpperInvariant(dataName[0]) + dataName[1..];
        string models = modelIsItsTrainingData ? $"{model}'s" : $"the ones {model} was trained on";

        // Checked only against a model that has categories, so scoring data checks its names once, below.
        if (trainedCategories is not null && VaeCategoricalFeature.Difference(trainedCategories, VaeCategoricalFeature.Of(data, paramName), trainedName: model) is { } categories)
        {
            throw new ArgumentException(
                $"{subject}'s categorical features are not {models}: {categories}. Read the data with "
                + $"{nameof(CsvDatasetOptions)}.{nameof(CsvDatasetOptions.Categories)} set to {model}'s {nameof(VaeModel.CategoricalFeatures)}.",
                paramName);
        }

        // The names of a categorical column's features, column=category, pick their column only beside its categories.
        string reading = trainedCategories is null
            ? "which picks its columns by name, in its order."
            : $"and {nameof(CsvDatasetOptions)}.{nameof(CsvDatasetOptions.Categories)} set to its {nameof(VaeModel.CategoricalFeatures)}, "
                + "which pick its columns by name, in its order, and read its categories.";
        string readByName = $"Read the data with {nameof(CsvDatasetOptions)}.{nameof(CsvDatasetOptions.FeatureColumnNames)} set to {model}'s {nameof(VaeModel.FeatureNames)}, {reading}";
        string[]? names = trainedNames is null ? null : NamesOf(data, paramName);

        // Whether names that differ only by the form of their accents (NFC against NFD) explain the difference.
        string AccentHint() =>
            AccentForms.Hint(names!.Except(trainedNames!, StringComparer.Ordinal), trainedNames!.Except(names!, StringComparer.Ordinal), $"{model}'s names");

        if (data.FeatureCount != inputDimension)
        {
            string counts = $"{subject} has {Counted.Of(data.FeatureCount, "feature")} but {model} {(modelIsItsTrainingData ? "has" : "takes")} {inputDimension}";
            throw new ArgumentException(names is null ? $"{counts}." : $"{counts}: {CountDifference(trainedNames!, names, model)}. {readByName}{AccentHint()}", paramName);
        }

        if (names is not null && Difference(trainedNames!, names, trainedName: model) is { } difference)
        {
            throw new ArgumentException($"{subject}'s features are not {models}: {difference}. {readByName}{AccentHint()}", paramName);
        }
    }

    /// <summary>
    /// How <paramref name="data"/>'s names, not as many as <paramref name="trained"/>'s, differ from them: the trained names
    /// the data lacks and those it has beyond them.
    /// </summary>
    private static string CountDifference(IReadOnlyList<string> trained, IReadOnlyList<string> data, string model)
    {
        string[] missing = trained.Except(data, StringComparer.Ordinal).ToArray();
        string[] extra = data.Except(trained, StringComparer.Ordinal).ToArray();
        return missing.Length == 0 ? $"it has {Quoted(extra)} beyond {model}'s features"
            : extra.Length == 0 ? $"it lacks {Quoted(missing)}"
            : $"it lacks {Quoted(missing)} and has {Quoted(extra)} instead";
    }

    /// <summary>A feature's number as messages give it after "feature", with its name, cut, where the features have names: <c>3 ("age")</c>.</summary>
    public static string Numbered(int feature, IReadOnlyList<string>? names) =>
        names is null ? feature.ToString(CultureInfo.InvariantCulture) : $"{feature} (\"{ShortList.Cut(names[feature])}\")";

    /// <summary>
    /// Up to <see cref="NamesShown"/> names in quotes, each cut to its first <see cref="ShortList.CharactersShown"/>
    /// characters, and how many more there are: <c>"a", "b" and 3 more</c>.
    /// </summary>
    public static string Quoted(IReadOnlyList<string> names) => ShortList.Of(names, name => $"\"{ShortList.Cut(name)}\"", NamesShown);
}
