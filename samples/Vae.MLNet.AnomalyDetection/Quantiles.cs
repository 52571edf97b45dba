namespace Vae.MLNet.AnomalyDetection;

/// <summary>Summarizes a score distribution by a few quantiles.</summary>
internal static class Quantiles
{
    /// <summary>The levels reported for each class.</summary>
    public static double[] Levels { get; } = [0.1, 0.25, 0.5, 0.75, 0.9];

    /// <summary>The quantiles of <paramref name="values"/> at <see cref="Levels"/>, interpolating linearly between order statistics.</summary>
    public static double[] Of(IEnumerable<float> values)
    {
        float[] sorted = [.. values.Order()];
        return [.. Levels.Select(level =>
        {
            double position = level * (sorted.Length - 1);
            int below = (int)position;
            int above = Math.Min(below + 1, sorted.Length - 1);
            return Math.Round(sorted[below] + ((position - below) * (sorted[above] - sorted[below])), 2);
        })];
    }
}
