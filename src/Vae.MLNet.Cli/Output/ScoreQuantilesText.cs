using System.Globalization;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The line <c>evaluate</c> prints on how the rows' anomaly scores spread. A threshold is read from it: set at the
/// q-quantile of typical rows' scores, it flags about 1 − q of such rows.
/// </summary>
internal static class ScoreQuantilesText
{
    private static readonly double[] Levels = [0.5, 0.9, 0.95, 0.99];

    /// <summary>The line for two rows' scores or more; none for one row, which has no spread.</summary>
    public static string? Of(float[] anomalyScores)
    {
        if (anomalyScores.Length < 2)
        {
            return null;
        }

        float[] sorted = [.. anomalyScores];
        Array.Sort(sorted);
        return "anomaly score (z = μ) quantiles over the rows: "
            + string.Join(", ", Levels.Select(level => $"{level.ToString("0%", CultureInfo.InvariantCulture)} {NumberText.Of(Quantile(sorted, level), 4)}"))
            + $", max {NumberText.Of(sorted[^1], 4)}";
    }

    // Interpolated linearly between the two nearest order statistics, as numpy's and pandas' quantile are by default, so
    // the figures can be checked with either.
    private static double Quantile(float[] sorted, double level)
    {
        double position = level * (sorted.Length - 1);
        int below = (int)position;
        return below == sorted.Length - 1 ? sorted[below] : sorted[below] + ((position - below) * ((double)sorted[below + 1] - sorted[below]));
    }
}
