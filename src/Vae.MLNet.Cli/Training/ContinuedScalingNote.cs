using System.Globalization;
using Vae.MLNet.Cli.Input;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model continued with <c>--init</c> on data in which the scaling it keeps puts some feature
/// far from where it put the data it was first trained on, as data in other units (grams for kilograms, pixels in
/// 0–255 for 0–1) does: those values then train as ones unlike any the model learned from, and nothing else says so. A
/// Bernoulli model needs no note, since its training refuses features its min-max scaling takes out of [0, 1].
/// </summary>
/// <remarks>
/// Such a feature is told from one of a subset of the same kind of data, or from a sparse one such as a pixel few of
/// the first images lit, by most of its values, not by its mean or spread alone: they lie outside the first data's bulk
/// (two standard deviations from its mean, or outside its range), and either ten or more scaled units out (a larger
/// unit, or a shifted one) or squeezed within a hundredth of a unit of each other (a smaller unit). A few more lit
/// images give such a pixel a spread of hundreds of units (pixel 280 of MNIST's test images, under a standardization
/// learned on 20 000 training images: 330) while most of its values stay at 0; wine's proline in grams per litre
/// rather than milligrams lies only 2.4 standard deviations out, but with a thousandth of its spread.
/// </remarks>
internal static class ContinuedScalingNote
{
    /// <summary>How many scaled units from 0 values lie when a larger unit or a shift takes them out.</summary>
    private const double FarOut = 10;

    /// <summary>The widest spread, in scaled units, of values a smaller unit squeezes together.</summary>
    private const double Squeezed = 0.01;

    /// <summary>How far from 0 standardized values lie outside the first data's bulk.</summary>
    private const double StandardizedBulk = 2;

    /// <summary>The note for <paramref name="start"/>, continued with <c>--init</c> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeModel start, LoadedData input, string initialPath)
    {
        // A binarized dataset is left unread: reading a resampled one moves its draws along; its bits are in no units.
        if (start.Likelihood == VaeLikelihood.Bernoulli || start.Scaling is not { } scaling || input.Binarized)
        {
            return null;
        }

        bool standardized = start.Options.InputScaling == VaeInputScaling.Standardize;
        bool OutsideBulk(double scaled) => standardized ? Math.Abs(scaled) > StandardizedBulk : scaled is < 0 or > 1;

        int width = input.Data.FeatureCount;
        var outside = new long[width];
        var farOut = new long[width];

        // Sums of differences from each feature's first value, so that values squeezed together far from 0 do not cancel.
        double[]? shift = null;
        var sums = new double[width];
        var sumsOfSquares = new double[width];
        input.Data.ForEachChunk((_, rows) =>
        {
            if (shift is null)
            {
                shift = new double[width];
                for (int feature = 0; feature < width; feature++)
                {
                    shift[feature] = Scaled(rows[feature], feature);
                }
            }

            for (int i = 0; i < rows.Length; i++)
            {
                int feature = i % width;
                double scaled = Scaled(rows[i], feature);
                double difference = scaled - shift[feature];
                sums[feature] += difference;
                sumsOfSquares[feature] += difference * difference;
                outside[feature] += OutsideBulk(scaled) ? 1 : 0;
                farOut[feature] += Math.Abs(scaled) >= FarOut ? 1 : 0;
            }
        });

        long rowCount = input.Data.RowCount;
        bool Most(long count) => 2 * count > rowCount;
        double[] mean = [.. sums.Select((sum, feature) => shift![feature] + sum / rowCount)];
        double[] spread = [.. sumsOfSquares.Select((sum, feature) => Math.Sqrt(Math.Max(0, sum / rowCount - Math.Pow(sums[feature] / rowCount, 2))))];
        int[] noted = [.. Enumerable.Range(0, width).Where(feature => Most(farOut[feature]) || (Most(outside[feature]) && spread[feature] is > 0 and <= Squeezed))];
        if (noted.Length == 0)
        {
            return null;
        }

        int first = noted[0];
        string firstData = standardized ? "Standardize gave that data mean 0 and standard deviation 1" : "MinMax put that data between 0 and 1";
        return $"note: {noted.Length} of the {width} features of this data {(noted.Length == 1 ? "lies" : "lie")} far from where {initialPath}'s scaling, kept by --init, "
            + $"put the data it was first trained on ({firstData}), as in other units: in those scaled units, {input.FeatureSource(first)} has mean "
            + $"{Significant(mean[first])} and standard deviation {Significant(spread[first])}. Such features train at values unlike any the model learned from; "
            + "check that this data measures them in the units of the first, or train a new model.";

        double Scaled(float value, int feature) => (value - (double)scaling.Offset[feature]) * scaling.Scale[feature];
    }

    private static string Significant(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
