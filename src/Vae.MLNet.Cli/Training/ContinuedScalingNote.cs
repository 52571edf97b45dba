using System.Globalization;
using Vae.MLNet.Cli.Input;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model continued with <c>--init</c> on data most of whose values in some feature the scaling
/// it keeps puts far from where it put the data it was first trained on, as data in other units (grams for kilograms,
/// pixels in 0–255 for 0–1) does: those values then train as extreme ones and dominate the loss, and nothing else says
/// so. Most values, not the mean or the spread: a pixel that few of the first images lit has so small a spread that a
/// few more lit images give it a spread of hundreds of scaled units (pixel 280 of MNIST's test images, under a
/// standardization learned on 20 000 training images: 330), in the same units. A Bernoulli model needs no note, since
/// its training refuses features its min-max scaling takes out of [0, 1].
/// </summary>
internal static class ContinuedScalingNote
{
    /// <summary>
    /// How far from 0, in scaled units, a value lies to count as far out: standardized training data has mean 0 and
    /// standard deviation 1, and min-max scaled data lies in [0, 1]. A factor of ten is no nearer than a change of units.
    /// </summary>
    private const double ScaledUnits = 10;

    /// <summary>The note for <paramref name="start"/>, continued with <c>--init</c> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeModel start, LoadedData input, string initialPath)
    {
        // A binarized dataset is left unread: reading a resampled one moves its draws along; its bits are in no units.
        if (start.Likelihood == VaeLikelihood.Bernoulli || start.Scaling is not { } scaling || input.Binarized)
        {
            return null;
        }

        int width = input.Data.FeatureCount;
        var farOut = new long[width];
        var sums = new double[width];
        input.Data.ForEachChunk((_, rows) =>
        {
            for (int i = 0; i < rows.Length; i++)
            {
                int feature = i % width;
                double scaled = (rows[i] - (double)scaling.Offset[feature]) * scaling.Scale[feature];
                sums[feature] += scaled;
                farOut[feature] += Math.Abs(scaled) >= ScaledUnits ? 1 : 0;
            }
        });

        long rowCount = input.Data.RowCount;
        int noted = farOut.Count(count => 2 * count > rowCount);
        if (noted == 0)
        {
            return null;
        }

        int farthest = Array.IndexOf(farOut, farOut.Max());
        string firstData = start.Options.InputScaling == VaeInputScaling.Standardize
            ? "Standardize gave that data mean 0 and standard deviation 1"
            : "MinMax put that data between 0 and 1";
        string share = (farOut[farthest] / (double)rowCount).ToString("P0", CultureInfo.InvariantCulture);
        return $"note: {noted} of the {width} features {(noted == 1 ? "has" : "have")} most values {ScaledUnits} or more scaled units from where {initialPath}'s scaling, kept by --init, "
            + $"put the data it was first trained on ({firstData}): {share} of {input.FeatureSource(farthest)}'s values, whose mean is {Significant(sums[farthest] / rowCount)} in those units. "
            + "Such features train as extreme values and dominate the loss; check that this data measures them in the units of the first, or train a new model.";
    }

    private static string Significant(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
