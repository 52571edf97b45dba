using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model continued with <c>--init</c> on data in which the scaling it keeps puts some feature
/// outside the data it was first trained on, as data in other units (grams for kilograms, pixels in 0–255 for 0–1), or
/// of another kind (another class, a later period), does: those values then train as ones unlike any the model learned
/// from, and nothing else says so. A Bernoulli model needs no note, since its training refuses features its min-max
/// scaling takes out of [0, 1].
/// </summary>
/// <remarks>
/// A feature is noted by most of its values, not by its mean or spread alone: they lie outside the first data's bulk
/// (two standard deviations from its mean, or outside its range), and either ten or more scaled units out (a larger
/// unit, or a shifted one) or squeezed into a fifth of the first data's spread (a smaller one). A few more lit images
/// give a pixel few of the first images lit a spread of hundreds of units (pixel 280 of MNIST's test images, under a
/// standardization learned on 20 000 training images: 330) while most of its values stay at 0; wine's proline in grams
/// per litre rather than milligrams lies only 2.4 standard deviations out, but with a thousandth of the spread. A feature
/// that does not vary in this data gives no spread to compare, and neither do a few rows: one row in six of MNIST's
/// training images has a pixel far out. A feature that did not vary in the first data has scale 1, so its scaled units
/// are its own: a setting moved from 20 to 23 would count as squeezed, and only values ten or more units out are noted.
/// Scale 1 is also that of a spread of exactly 1, or of a range of exactly 1 (fractions, pixels in [0, 1]), and such a
/// feature turned into percent, or into 0–255, is still noted, ten or more units out.
/// </remarks>
internal static class ContinuedScalingNote
{
    /// <summary>How many scaled units from 0 values lie when a larger unit or a shift takes them out.</summary>
    private const double FarOut = 10;

    /// <summary>
    /// The widest spread, in scaled units, of values a smaller unit squeezes together: a tenth of the unit gives a tenth
    /// of the spread, and a subset of the same data outside the first data's bulk is rarely that narrow.
    /// </summary>
    private const double SqueezedSpread = 0.2;

    /// <summary>How far from 0 standardized values lie outside the first data's bulk.</summary>
    private const double StandardizedBulk = 2;

    /// <summary>The fewest rows whose values say something of their units rather than of the rows themselves.</summary>
    private const int MinimumRows = 10;

    /// <summary>The note for <paramref name="start"/>, continued with <c>--init</c> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeModel start, LoadedData input, string initialPath)
    {
        // A binarized dataset's bits are in no units.
        if (start.Likelihood == VaeLikelihood.Bernoulli || start.Scaling is not { } scaling || input.Binarized || input.Data.RowCount < MinimumRows)
        {
            return null;
        }

        bool standardized = start.Options.InputScaling == VaeInputScaling.Standardize;

        // Min-max scaling can take the first data's maximum a rounding past 1; that is still within its range.
        const float RangeRounding = ScoringArguments.UnitIntervalTolerance;
        FeatureStatistics statistics = null!;
        input.Checking(() => statistics = FeatureStatistics.Compute(input.Data));
        double[] mean = [.. statistics.Mean.Select((value, feature) => (value - scaling.Offset[feature]) * scaling.Scale[feature])];
        double[] spread = [.. statistics.StandardDeviation.Select((value, feature) => value * scaling.Scale[feature])];

        int width = statistics.Mean.Length;
        var outsideBulk = new long[width];
        var farOut = new long[width];
        input.Data.ForEachChunk(statistics.RowCount, width, (_, rows) =>
        {
            for (int i = 0; i < rows.Length; i++)
            {
                int feature = i % width;
                float scaled = FeatureScaling.Scaled(rows[i], scaling.Offset[feature], scaling.Scale[feature]);
                outsideBulk[feature] += (standardized ? Math.Abs(scaled) > StandardizedBulk : scaled < -RangeRounding || scaled > 1 + RangeRounding) ? 1 : 0;
                farOut[feature] += Math.Abs(scaled) >= FarOut ? 1 : 0;
            }
        });

        long rowCount = statistics.RowCount;
        bool Most(long count) => 2 * count > rowCount;
        bool Squeezed(int feature) => scaling.Scale[feature] != 1 && Most(outsideBulk[feature]) && spread[feature] <= SqueezedSpread;
        int[] noted = [.. Enumerable.Range(0, width).Where(feature => spread[feature] > 0 && (Most(farOut[feature]) || Squeezed(feature)))];
        if (noted.Length == 0)
        {
            return null;
        }

        int first = noted[0];
        string which = input.FeatureSources(noted);
        string side = mean[first] < 0 ? "below" : "above";
        string measure = standardized ? $"standard deviations {side} that data's mean" : $"ranges {side} that data's minimum";
        string features = width == 1 ? "this data's one feature" : $"{noted.Length} of the {width} features of this data";
        return $"note: most values of {features} ({which}) lie outside the data {initialPath} was first trained on, as its scaling, kept by --init, "
            + $"measures them: {input.FeatureSource(first)} averages {NumberText.Significant(Math.Abs(mean[first]))} {measure}, and its standard "
            + $"deviation is {NumberText.Significant(spread[first])} of those. Data in other units, or of another kind (another class, a later period), does this, and such features "
            + "train at values unlike any the model learned from: convert them to the first data's units, or train a new model.";
    }
}
