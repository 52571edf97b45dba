using System.Globalization;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model about to train on unscaled features of very different spreads, some far wider than the
/// noise σ its likelihood assumes (or, learned, can reach): those features then dominate the loss (Adult's raw columns
/// gave losses of 3e8), where standardizing puts every feature on one scale. Features that share their units (images,
/// bits) or share a scale get none: a small variance is then the setting to look at, not the scaling.
/// </summary>
internal static class UnscaledSpreadNote
{
    /// <summary>How many times the noise σ the widest feature must spread to be noted.</summary>
    private const double NoiseWidths = 10;

    /// <summary>How many times the narrowest non-constant feature's spread the widest must reach to be noted.</summary>
    private const double ScalesApart = 100;

    /// <summary>The note for a new model of <paramref name="options"/> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeOptions options, LoadedData input)
    {
        // A binarized dataset is left unread: reading a resampled one moves its draws along.
        if (options.Likelihood == VaeLikelihood.Bernoulli || options.InputScaling != VaeInputScaling.None || input.Shape is not null || input.Binarized)
        {
            return null;
        }

        FeatureStatistics statistics = null!;
        input.Checking(() => statistics = FeatureStatistics.Compute(input.Data));
        double[] spreads = statistics.StandardDeviation;
        int widest = Array.IndexOf(spreads, spreads.Max());
        int narrowest = Array.IndexOf(spreads, spreads.Where(spread => spread > 0).DefaultIfEmpty(spreads[widest]).Min());
        double largestLearned = Math.Exp(0.5 * VaeNetwork.ReconstructionLogVarMax);
        (double noise, string assumed) = options.Likelihood == VaeLikelihood.Gaussian
            ? (Math.Sqrt(options.GaussianVariance), $"the noise σ = {Math.Sqrt(options.GaussianVariance).ToString("G3", CultureInfo.InvariantCulture)} it assumes")
            : (largestLearned, $"the largest noise σ (about {Math.Round(largestLearned)}) it can learn");
        if (spreads[widest] <= NoiseWidths * noise || spreads[widest] < ScalesApart * spreads[narrowest])
        {
            return null;
        }

        return $"note: with --scaling None the Gaussian likelihood measures each feature in its own units: {input.FeatureSource(widest)} spreads with a "
            + $"standard deviation of {NumberText.Of(spreads[widest], 4)}, far beyond {assumed}, and {input.FeatureSource(narrowest)} with "
            + $"{NumberText.Of(spreads[narrowest], 4)}, so the widest features dominate the loss; --scaling Standardize puts every feature on one scale.";
    }
}
