using System.Globalization;
using System.Text.Json.Serialization;
using Vae.MLNet.Data;

namespace Vae.MLNet;

/// <summary>
/// Each feature's smallest and largest value in the data a model was trained on, and whether it held only whole numbers.
/// A decoder's outputs are smooth and unbounded, so generated rows can hold 2.37 children or a negative price;
/// <see cref="Apply(Span{float}, IReadOnlyList{VaeCategoricalFeature})"/> clips every feature to its range, rounds the
/// whole-number ones and gives each categorical column its most likely category, as synthetic tabular data should look.
/// </summary>
public sealed class VaeFeatureRanges
{
    private readonly float[] _minimum;
    private readonly float[] _maximum;
    private readonly bool[] _wholeNumbers;

    /// <summary>Creates ranges for <paramref name="minimum"/>.Count features.</summary>
    /// <param name="minimum">Each feature's smallest value, finite.</param>
    /// <param name="maximum">Each feature's largest value, finite and not below its minimum.</param>
    /// <param name="wholeNumbers">Whether each feature takes whole numbers only; such a feature's minimum and maximum are whole too.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">
    /// The lists are empty or of different lengths, or a feature's bounds are not finite, its maximum is below its
    /// minimum, or it takes whole numbers and a bound is not one.
    /// </exception>
    [JsonConstructor]
    public VaeFeatureRanges(IReadOnlyList<float> minimum, IReadOnlyList<float> maximum, IReadOnlyList<bool> wholeNumbers)
    {
        ArgumentNullException.ThrowIfNull(minimum);
        ArgumentNullException.ThrowIfNull(maximum);
        ArgumentNullException.ThrowIfNull(wholeNumbers);
        if (minimum.Count == 0)
        {
            throw new ArgumentException("No feature has a range; pass one value per feature.", nameof(minimum));
        }

        RequireCount(maximum, minimum.Count, nameof(maximum));
        RequireCount(wholeNumbers, minimum.Count, nameof(wholeNumbers));
        _minimum = minimum.ToArray();
        _maximum = maximum.ToArray();
        _wholeNumbers = wholeNumbers.ToArray();
        for (int j = 0; j < _minimum.Length; j++)
        {
            (float low, float high) = (_minimum[j], _maximum[j]);
            (string problem, string argument)? refusal =
                !float.IsFinite(low) ? ("must both be finite", nameof(minimum))
                : !float.IsFinite(high) ? ("must both be finite", nameof(maximum))
                : high < low ? ("have the maximum below the minimum", nameof(maximum))
                : _wholeNumbers[j] && !float.IsInteger(low) ? ("must be whole numbers, as the feature takes whole numbers only", nameof(minimum))
                : _wholeNumbers[j] && !float.IsInteger(high) ? ("must be whole numbers, as the feature takes whole numbers only", nameof(maximum))
                : null;
            if (refusal is var (problem, argument))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Feature {j}'s minimum {low} and maximum {high} {problem}."), argument);
            }
        }
    }

    /// <summary>
    /// The most features whose ranges a model keeps: their file in the model zip takes up to 40 bytes a feature, and more
    /// than this many would near the 2 GiB a zip entry is read into. No dataset of 128 rows or more is wider.
    /// </summary>
    public const int MaxFeatures = 1 << 24;

    /// <summary>Number of features D.</summary>
    [JsonIgnore]
    public int FeatureCount => _minimum.Length;

    /// <summary>Each feature's smallest value.</summary>
    public IReadOnlyList<float> Minimum => Array.AsReadOnly(_minimum);

    /// <summary>Each feature's largest value.</summary>
    public IReadOnlyList<float> Maximum => Array.AsReadOnly(_maximum);

    /// <summary>Whether each feature took whole numbers only.</summary>
    public IReadOnlyList<bool> WholeNumbers => Array.AsReadOnly(_wholeNumbers);

    /// <summary>
    /// Clips each feature of <paramref name="rows"/> (row-major, <see cref="FeatureCount"/> values a row) to its range in
    /// place, and rounds the whole-number features to the nearest whole number, halves to even. An infinite value becomes
    /// its end of the range. Each feature is taken on its own, so decoded probabilities of a categorical column's one-hot
    /// features none of which passes ½ all round to 0, a row of no category: for rows of a model with categorical
    /// columns, pass its <see cref="VaeModel.CategoricalFeatures"/> to
    /// <see cref="Apply(Span{float}, IReadOnlyList{VaeCategoricalFeature})"/>.
    /// </summary>
    /// <param name="rows">Rows of <see cref="FeatureCount"/> values, row-major, changed in place; empty for no rows.</param>
    /// <exception cref="ArgumentException"><paramref name="rows"/> does not hold whole rows, or holds NaN.</exception>
    public void Apply(Span<float> rows) => Apply(rows, null);

    /// <summary>
    /// Keeps decoded rows to the training data as <c>vae generate --clip-and-round</c> and the decoder graph of
    /// <see cref="VaeModel.ExportDecoderOnnx(VaeFeatureRanges, Onnx.OnnxTensorNames?)"/> do: clips and rounds every
    /// feature in place as <see cref="Apply(Span{float})"/> does, then sets each of <paramref name="categoricalFeatures"/>'
    /// columns to the one-hot of its most likely category as decoded (<see cref="VaeCategoricalFeature.CategoryOf"/>'s,
    /// the first of equals), as a row of the training data holds one category. A column whose largest feature is 0 is left
    /// all 0: it holds no category, as <c>--clip-and-round</c> writes it.
    /// </summary>
    /// <param name="rows">Decoded rows, row-major, <see cref="FeatureCount"/> values a row.</param>
    /// <param name="categoricalFeatures">
    /// The categorical columns of the model that decoded the rows, its <see cref="VaeModel.CategoricalFeatures"/>;
    /// <see langword="null"/> or empty when it has none.
    /// </param>
    /// <exception cref="ArgumentException">
    /// <paramref name="rows"/> does not hold whole rows, or holds NaN; or a column of <paramref name="categoricalFeatures"/>
    /// is null, comes before the end of the one before it, or ends beyond <see cref="FeatureCount"/> features.
    /// The rows are left as they were.
    /// </exception>
    public void Apply(Span<float> rows, IReadOnlyList<VaeCategoricalFeature>? categoricalFeatures)
    {
        int d = FeatureCount;
        if (rows.Length % d != 0)
        {
            throw new ArgumentException($"{rows.Length} values are not whole rows of {d} features; pass {d} values per row.", nameof(rows));
        }

        // Checked before anything changes, so a refused span is left as it was.
        for (int i = 0; i < rows.Length; i++)
        {
            if (float.IsNaN(rows[i]))
            {
                throw new ArgumentException($"Row {i / d}, feature {i % d} is NaN, which no range can clip; find what produced it.", nameof(rows));
            }
        }

        VaeCategoricalFeature[] columns = categoricalFeatures is null
            ? []
            : VaeCategoricalFeature.Validated(categoricalFeatures, d, featureNames: null, nameof(categoricalFeatures)) ?? [];
        int[] categories = new int[columns.Length];
        for (int start = 0; start < rows.Length; start += d)
        {
            Span<float> row = rows.Slice(start, d);

            // Taken before rounding, which could leave a column's probabilities tied at 0.
            for (int c = 0; c < columns.Length; c++)
            {
                categories[c] = columns[c].IndexOfCategoryHeld(row);
            }

            for (int j = 0; j < d; j++)
            {
                float clipped = Math.Clamp(row[j], _minimum[j], _maximum[j]);
                // Adding 0 turns the −0 that rounding −0.3 gives into 0, which a count should read as.
                row[j] = _wholeNumbers[j] ? MathF.Round(clipped) + 0f : clipped;
            }

            for (int c = 0; c < columns.Length; c++)
            {
                Span<float> oneHot = row.Slice(columns[c].FirstFeature, columns[c].Categories.Count);
                oneHot.Clear();
                if (categories[c] >= 0)
                {
                    oneHot[categories[c]] = 1f;
                }
            }
        }
    }

    /// <summary>The ranges of the data <paramref name="statistics"/> describe; null beyond <see cref="MaxFeatures"/> features.</summary>
    internal static VaeFeatureRanges? Of(FeatureStatistics statistics) =>
        statistics.Min.Length <= MaxFeatures ? new(statistics.Min, statistics.Max, statistics.WholeNumbers) : null;

    /// <summary>The ranges of the data of both: each feature's lower minimum and higher maximum, whole only where both are.</summary>
    internal VaeFeatureRanges Union(VaeFeatureRanges other)
    {
        if (other.FeatureCount != FeatureCount)
        {
            throw new ArgumentException($"Ranges of {other.FeatureCount} features do not join ranges of {FeatureCount}.", nameof(other));
        }

        return new(
            _minimum.Zip(other._minimum, Math.Min).ToArray(),
            _maximum.Zip(other._maximum, Math.Max).ToArray(),
            _wholeNumbers.Zip(other._wholeNumbers, (a, b) => a && b).ToArray());
    }

    private static void RequireCount<T>(IReadOnlyList<T> values, int features, string name)
    {
        if (values.Count != features)
        {
            throw new ArgumentException($"{values.Count} values for {features} features; pass one value per feature.", name);
        }
    }
}
