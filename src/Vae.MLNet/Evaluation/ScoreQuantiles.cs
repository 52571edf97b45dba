using System.Globalization;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Evaluation;

/// <summary>
/// Quantiles of per-row scores, such as <see cref="VaeRowScores.AnomalyScore"/>, which an anomaly threshold is read
/// from: set at the q-quantile of typical rows' scores, a threshold flags about 1 − q of such rows. Interpolated linearly
/// between the two nearest order statistics, as numpy's and pandas' <c>quantile</c> are by default, so the figures can
/// be checked with either.
/// </summary>
public static class ScoreQuantiles
{
    /// <summary>The quantiles of <paramref name="scores"/> at each of <paramref name="levels"/>, in their order.</summary>
    /// <param name="scores">At least one finite score; they are not reordered.</param>
    /// <param name="levels">Levels in [0, 1]: 0.5 is the median, 1 the largest score.</param>
    /// <exception cref="ArgumentException">There are no scores, a score is not finite, or a level lies outside [0, 1].</exception>
    public static double[] Compute(ReadOnlySpan<float> scores, ReadOnlySpan<double> levels)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("There are no scores; quantiles need at least one.", nameof(scores));
        }

        int bad = FiniteValues.IndexOfNonFinite(scores);
        if (bad >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Score {bad} is {scores[bad]}; every score must be a finite number."), nameof(scores));
        }

        foreach (double level in levels)
        {
            if (!(level is >= 0 and <= 1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The level {level} lies outside [0, 1]; give quantile levels such as 0.5 or 0.99."), nameof(levels));
            }
        }

        float[] sorted = scores.ToArray();
        Array.Sort(sorted);
        var quantiles = new double[levels.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            double position = levels[i] * (sorted.Length - 1);
            int below = (int)position;
            quantiles[i] = below == sorted.Length - 1 ? sorted[below] : sorted[below] + ((position - below) * ((double)sorted[below + 1] - sorted[below]));
        }

        return quantiles;
    }
}
