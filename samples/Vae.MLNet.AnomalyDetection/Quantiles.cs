using Vae.MLNet.Evaluation;

namespace Vae.MLNet.AnomalyDetection;

/// <summary>Summarizes a score distribution by a few quantiles.</summary>
internal static class Quantiles
{
    /// <summary>The levels reported for each class.</summary>
    public static double[] Levels { get; } = [0.1, 0.25, 0.5, 0.75, 0.9];

    /// <summary>The quantiles of <paramref name="values"/> at <see cref="Levels"/> (<see cref="ScoreQuantiles"/>), to two decimals.</summary>
    public static double[] Of(IEnumerable<float> values) =>
        [.. ScoreQuantiles.Compute([.. values], Levels).Select(quantile => Math.Round(quantile, 2))];
}
