using System.Globalization;
using Vae.MLNet.Evaluation;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The line <c>evaluate</c> prints on how the rows' anomaly scores spread, the <see cref="ScoreQuantiles"/> a threshold
/// is read from, and the names its <c>--json</c> file gives them.
/// </summary>
internal static class ScoreQuantilesText
{
    /// <summary>The levels reported, in the order of the line and of <see cref="Compute"/>'s quantiles.</summary>
    public static IReadOnlyList<double> Levels { get; } = [0.5, 0.9, 0.95, 0.99, 1];

    /// <summary>The quantiles of two rows' scores or more at each of <see cref="Levels"/>; none for one row, which has no spread.</summary>
    public static double[]? Compute(float[] anomalyScores) =>
        anomalyScores.Length < 2 ? null : ScoreQuantiles.Compute(anomalyScores, [.. Levels]);

    /// <summary>The line for the <paramref name="quantiles"/> <see cref="Compute"/> gave.</summary>
    public static string Line(IReadOnlyList<double> quantiles) =>
        "anomaly score (z = μ) quantiles over the rows: "
            + string.Join(", ", Levels.Select((level, i) => $"{(level == 1 ? "max" : level.ToString("0%", CultureInfo.InvariantCulture))} {NumberText.Of(quantiles[i], 4)}"));

    /// <summary>The JSON member name of the quantile at <paramref name="level"/>: <c>p50</c>, <c>p99</c>, <c>max</c>.</summary>
    public static string JsonName(double level) => level == 1 ? "max" : string.Create(CultureInfo.InvariantCulture, $"p{level * 100:0}");
}
