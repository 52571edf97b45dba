using System.Globalization;
using Vae.MLNet.Evaluation;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The line <c>evaluate</c> prints on how the rows' anomaly scores spread, the <see cref="ScoreQuantiles"/> a threshold
/// is read from.
/// </summary>
internal static class ScoreQuantilesText
{
    private static readonly double[] Levels = [0.5, 0.9, 0.95, 0.99, 1];

    /// <summary>The line for two rows' scores or more; none for one row, which has no spread.</summary>
    public static string? Of(float[] anomalyScores)
    {
        if (anomalyScores.Length < 2)
        {
            return null;
        }

        double[] quantiles = ScoreQuantiles.Compute(anomalyScores, Levels);
        return "anomaly score (z = μ) quantiles over the rows: "
            + string.Join(", ", Levels.Select((level, i) => $"{(level == 1 ? "max" : level.ToString("0%", CultureInfo.InvariantCulture))} {NumberText.Of(quantiles[i], 4)}"));
    }
}
