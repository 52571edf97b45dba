using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Model;

/// <summary>
/// The one-hot features of categorical columns that a network models with a categorical distribution each: the decoder's
/// outputs for a column are logits, the column's reconstruction is their softmax, and its term of the loss is the cross-entropy
/// −Σ x·log softmax. The other features, the numeric runs between the groups, keep the network's likelihood. A network
/// trained before categories were modelled so has no groups and treats one-hot features like any other.
/// </summary>
internal sealed class CategoricalGroups
{
    private const char RunSeparator = ',';
    private const char CountSeparator = '+';

    /// <summary>The groups, in feature order, each at least one feature, none overlapping and all within the row.</summary>
    /// <exception cref="ArgumentException">A group is empty, overlaps the one before it, or ends beyond the row.</exception>
    public CategoricalGroups(IReadOnlyList<FeatureRun> groups, int inputDimension)
    {
        int end = 0;
        foreach (FeatureRun group in groups)
        {
            if (group.Count < 1 || group.First < end || group.First > inputDimension - group.Count)
            {
                throw new ArgumentException(
                    $"The categorical group of features {group.First} to {group.First + group.Count - 1} is empty, overlaps the one before it, or lies beyond the {inputDimension} features.",
                    nameof(groups));
            }

            end = group.First + group.Count;
        }

        Groups = groups.ToArray();
        InputDimension = inputDimension;
        var numeric = new List<FeatureRun>();
        int next = 0;
        foreach (FeatureRun group in Groups.Append(new FeatureRun(inputDimension, 0)))
        {
            if (group.First > next)
            {
                numeric.Add(new FeatureRun(next, group.First - next));
            }

            next = group.First + group.Count;
        }

        NumericRuns = numeric.ToArray();
        NumericFeatureCount = numeric.Sum(r => r.Count);
        Runs = [.. NumericRuns.Concat(Groups).OrderBy(run => run.First)];
    }

    /// <summary>No groups: every feature numeric.</summary>
    public static CategoricalGroups None(int inputDimension) => new([], inputDimension);

    /// <summary>The groups of <paramref name="features"/>' columns, or none when there are no features.</summary>
    public static CategoricalGroups Of(IReadOnlyList<VaeCategoricalFeature>? features, int inputDimension) =>
        new((features ?? []).Select(f => new FeatureRun(f.FirstFeature, f.Categories.Count)).ToArray(), inputDimension);

    public int InputDimension { get; }

    /// <summary>The features of each categorical column, in feature order.</summary>
    public FeatureRun[] Groups { get; }

    /// <summary>The runs of features between the groups, in feature order; the whole row when there are no groups.</summary>
    public FeatureRun[] NumericRuns { get; }

    public int NumericFeatureCount { get; }

    /// <summary>Every run, the groups and the numeric runs between them, in feature order: together the whole row.</summary>
    public FeatureRun[] Runs { get; }

    /// <summary>The indices of the features outside the groups, in order.</summary>
    public IEnumerable<int> NumericFeatures => NumericRuns.SelectMany(run => run.Features);

    public bool IsEmpty => Groups.Length == 0;

    /// <summary>Whether <paramref name="feature"/> lies in a group.</summary>
    public bool Contains(int feature) => Groups.Any(group => group.Contains(feature));

    /// <summary>
    /// The index, in row-major <paramref name="rows"/> of <see cref="InputDimension"/> features, of the first feature
    /// that <paramref name="indexOfBad"/> finds among its group's features (it returns −1 where it finds none); −1 when
    /// no group of any row has one.
    /// </summary>
    public int IndexInGroups(ReadOnlySpan<float> rows, Func<ReadOnlySpan<float>, int> indexOfBad)
    {
        for (int start = 0; start < rows.Length && !IsEmpty; start += InputDimension)
        {
            ReadOnlySpan<float> row = rows.Slice(start, InputDimension);
            foreach (FeatureRun group in Groups)
            {
                int bad = indexOfBad(group.Of(row));
                if (bad >= 0)
                {
                    return start + group.First + bad;
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// The groups among <paramref name="features"/>, numbered from its first feature, for the part of a network that
    /// models those features only.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> holds part of a group.</exception>
    public CategoricalGroups Within(FeatureRun features)
    {
        if (Groups.FirstOrDefault(group => (group.Contains(features.First - 1) && group.Contains(features.First))
            || (group.Contains(features.First + features.Count - 1) && group.Contains(features.First + features.Count))) is { Count: > 0 } cut)
        {
            throw new ArgumentException(
                $"Features {features.First} to {features.First + features.Count - 1} hold part of the categorical group of features {cut.First} to {cut.First + cut.Count - 1}; a part of the features must hold whole groups.",
                nameof(features));
        }

        return new CategoricalGroups(
            [.. Groups.Where(group => features.Contains(group.First)).Select(group => group with { First = group.First - features.First })], features.Count);
    }

    /// <summary>Whether each of the <see cref="InputDimension"/> features lies in a group.</summary>
    public bool[] CategoricalMask()
    {
        bool[] categorical = new bool[InputDimension];
        foreach (FeatureRun group in Groups)
        {
            group.Of(categorical.AsSpan()).Fill(true);
        }

        return categorical;
    }

    /// <summary>Whether these are the groups of <paramref name="features"/>.</summary>
    public bool AreThoseOf(IReadOnlyList<VaeCategoricalFeature>? features) =>
        Groups.SequenceEqual(Of(features, InputDimension).Groups);

    /// <summary>The groups as text, <c>first+count</c> each, comma-separated: <c>1+9,14+16</c>.</summary>
    public string Describe() =>
        string.Join(RunSeparator, Groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.First}{CountSeparator}{g.Count}")));

    /// <summary>The groups of <paramref name="features"/> as <see cref="Describe"/> writes them, or "none".</summary>
    public static string DescribeGroupsOf(IReadOnlyList<VaeCategoricalFeature>? features, int inputDimension) =>
        Of(features, inputDimension) is { IsEmpty: false } groups ? groups.Describe() : "none";

    /// <summary>The groups <see cref="Describe"/> wrote, or null when <paramref name="text"/> is not such a description.</summary>
    public static CategoricalGroups? Parse(string text, int inputDimension)
    {
        var groups = new List<FeatureRun>();
        foreach (string part in text.Split(RunSeparator))
        {
            string[] numbers = part.Split(CountSeparator);
            if (numbers.Length != 2
                || !int.TryParse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
                || !int.TryParse(numbers[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                return null;
            }

            groups.Add(new FeatureRun(first, count));
        }

        try
        {
            return new CategoricalGroups(groups, inputDimension);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Writes each group's probabilities, the softmax of its <paramref name="logits"/> (a row of the decoder head), into <paramref name="row"/>.</summary>
    public void WriteProbabilities(ReadOnlySpan<float> logits, Span<float> row)
    {
        foreach (FeatureRun group in Groups)
        {
            Span<float> probabilities = group.Of(row);
            group.Of(logits).CopyTo(probabilities);
            Activations.Softmax(probabilities);
        }
    }
}
