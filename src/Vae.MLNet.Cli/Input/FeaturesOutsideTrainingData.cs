using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// The features of rows most of whose values a model's scaling (<c>Standardize</c> or <c>MinMax</c>) puts outside the
/// data it was first trained on, as data in other units (grams for kilograms, pixels in 0–255 for 0–1), of another kind
/// (another class, a later period), or in columns matched to the wrong features does: the model then meets values unlike
/// any it learned from, and nothing else says so. The notes that tell it (<c>train --init</c>'s, for a Gaussian model,
/// and that of the commands scoring DATA, for any model) word what follows from it.
/// </summary>
/// <remarks>
/// A feature is noted by most of its values, not by its mean or spread alone: they lie outside the first data's bulk
/// (two standard deviations from its mean, or outside its range), and either ten or more scaled units out (a larger
/// unit, or a shifted one) or squeezed into a fifth of the first data's spread (a smaller one). A few more lit images
/// give a pixel few of the first images lit a spread of hundreds of units (pixel 280 of MNIST's test images, under a
/// standardization learned on 20 000 training images: 330) while most of its values stay at 0; wine's proline in grams
/// per litre rather than milligrams lies only 2.4 standard deviations out, but with a thousandth of the spread. A feature
/// that does not vary in these rows gives no spread to compare, and neither do a few rows: one row in six of MNIST's
/// training images has a pixel far out. A feature that did not vary in the first data has scale 1, so its scaled units
/// are its own: a setting moved from 20 to 23 would count as squeezed, and only values ten or more units out are noted.
/// Scale 1 is also that of a spread of exactly 1, or of a range of exactly 1 (fractions, pixels in [0, 1]), and such a
/// feature turned into percent, or into 0–255, is still noted, ten or more units out.
/// </remarks>
internal sealed class FeaturesOutsideTrainingData
{
    /// <summary>The fewest rows whose values say something of their units rather than of the rows themselves.</summary>
    private const int MinimumRows = 10;

    /// <summary>How many scaled units from 0 values lie when a larger unit or a shift takes them out.</summary>
    private const double FarOut = 10;

    /// <summary>
    /// The widest spread, in scaled units, of values a smaller unit squeezes together: a tenth of the unit gives a tenth
    /// of the spread, and a subset of the same data outside the first data's bulk is rarely that narrow.
    /// </summary>
    private const double SqueezedSpread = 0.2;

    /// <summary>How far from 0 standardized values lie outside the first data's bulk.</summary>
    private const double StandardizedBulk = 2;

    private readonly int[] _noted;
    private readonly int _width;
    private readonly double _firstMean;
    private readonly double _firstSpread;
    private readonly bool _standardized;

    private FeaturesOutsideTrainingData(int[] noted, int width, double firstMean, double firstSpread, bool standardized)
    {
        _noted = noted;
        _width = width;
        _firstMean = firstMean;
        _firstSpread = firstSpread;
        _standardized = standardized;
    }

    /// <summary>
    /// The features of <paramref name="rows"/>, the rows of <paramref name="input"/> or its first ones, that the scaling
    /// of <paramref name="model"/> puts outside the data it was learned from; null when there are none. The rows are read
    /// twice. A model without scaling keeps no units to compare with, a binarized dataset's bits are in no units, and
    /// fewer than <see cref="MinimumRows"/> rows say nothing of their units: for these it is null, the rows unread.
    /// </summary>
    public static FeaturesOutsideTrainingData? Find(VaeModel model, LoadedData input, VaeDataset rows)
    {
        if (model.Scaling is not { } scaling || input.Binarized || rows.RowCount < MinimumRows)
        {
            return null;
        }

        bool standardized = model.Options.InputScaling == VaeInputScaling.Standardize;

        // Min-max scaling can take the first data's maximum a rounding past 1; that is still within its range.
        const float RangeRounding = ScoringArguments.UnitIntervalTolerance;
        FeatureStatistics statistics = null!;
        input.Checking(() => statistics = FeatureStatistics.Compute(rows));
        double[] mean = [.. statistics.Mean.Select((value, feature) => (value - scaling.Offset[feature]) * scaling.Scale[feature])];
        double[] spread = [.. statistics.StandardDeviation.Select((value, feature) => value * scaling.Scale[feature])];

        int width = statistics.Mean.Length;
        var outsideBulk = new long[width];
        var farOut = new long[width];
        rows.ForEachChunk(statistics.RowCount, width, (_, chunk) =>
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                int feature = i % width;
                float scaled = FeatureScaling.Scaled(chunk[i], scaling.Offset[feature], scaling.Scale[feature]);
                outsideBulk[feature] += (standardized ? Math.Abs(scaled) > StandardizedBulk : scaled < -RangeRounding || scaled > 1 + RangeRounding) ? 1 : 0;
                farOut[feature] += Math.Abs(scaled) >= FarOut ? 1 : 0;
            }
        });

        long rowCount = statistics.RowCount;
        bool Most(long count) => 2 * count > rowCount;
        bool Squeezed(int feature) => scaling.Scale[feature] != 1 && Most(outsideBulk[feature]) && spread[feature] <= SqueezedSpread;
        int[] noted = [.. Enumerable.Range(0, width).Where(feature => spread[feature] > 0 && (Most(farOut[feature]) || Squeezed(feature)))];
        return noted.Length == 0 ? null : new FeaturesOutsideTrainingData(noted, width, mean[noted[0]], spread[noted[0]], standardized);
    }

    /// <summary>
    /// The note's sentences after <see cref="Finding"/>: what data does this, that its features <paramref name="fate"/>
    /// ("train", "are scored") at values unlike any the model learned from, and what to do. Data matched to a model's
    /// named features by position, <paramref name="readByPosition"/> (the file read with --no-header and the model's
    /// path), does this too when its columns come in another order, which the note then says first, advising the order
    /// <c>vae inspect</c> lists.
    /// </summary>
    public static string Causes(string fate, (string DataPath, string ModelPath)? readByPosition = null)
    {
        (string columnOrder, string reorder) = readByPosition is (string dataPath, string modelPath)
            ? ($"{dataPath} was read with --no-header, so its columns are matched to the model's features by position, and columns in another order than "
                + "the model's do this. ", $"give the columns in the order 'vae inspect {modelPath}' lists, ")
            : (string.Empty, string.Empty);
        return $"{columnOrder}Data in other units, or of another kind (another class, a later period), does this, and such features {fate} at values "
            + $"unlike any the model learned from: {reorder}convert them to the first data's units, or train a new model.";
    }

    /// <summary>
    /// The note's first sentence, naming the features of <paramref name="input"/> and how far out the first lies, as
    /// <paramref name="measuredBy"/> (the model's scaling, as the note names it) measures it against the data
    /// <paramref name="modelPath"/> was first trained on.
    /// </summary>
    public string Finding(LoadedData input, string modelPath, string measuredBy)
    {
        int first = _noted[0];
        string which = input.FeatureSources(_noted);
        string side = _firstMean < 0 ? "below" : "above";
        string measure = _standardized ? $"standard deviations {side} that data's mean" : $"ranges {side} that data's minimum";
        string features = _width == 1 ? "this data's one feature" : $"{_noted.Length} of the {_width} features of this data";
        return $"note: most values of {features} ({which}) lie outside the data {modelPath} was first trained on, as {measuredBy} "
            + $"measures them: {input.FeatureSource(first)} averages {NumberText.Significant(Math.Abs(_firstMean))} {measure}, and its standard "
            + $"deviation is {NumberText.Significant(_firstSpread)} of those.";
    }
}
