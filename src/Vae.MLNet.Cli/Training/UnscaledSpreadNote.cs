using System.Globalization;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model about to train on unscaled features some of which spread far wider than the noise σ its
/// likelihood assumes (or, learned, can reach): those features then dominate the loss (Adult's raw columns gave losses of
/// 3e8), where standardizing puts every feature on one scale. With a fixed σ the features must also spread on very
/// different scales: on one scale, the variance is the setting to look at, not the scaling. Features that share their
/// units (images, bits) get none, and the features of categorical columns, which a softmax models, are left out.
/// </summary>
internal static class UnscaledSpreadNote
{
    /// <summary>How many times the noise σ the widest feature must spread to be noted.</summary>
    private const double NoiseWidths = 10;

    /// <summary>How many times the narrowest non-constant feature's spread the widest must exceed, under a fixed σ, to be noted.</summary>
    private const double ScalesApart = 100;

    /// <summary>The note for a new model of <paramref name="options"/> on <paramref name="input"/>, or null.</summary>
    public static string? For(VaeOptions options, LoadedData input)
    {
        // Binarized features are bits, which share their units.
        if (options.Likelihood == VaeLikelihood.Bernoulli || options.InputScaling != VaeInputScaling.None || input.Shape is not null || input.Binarized)
        {
            return null;
        }

        FeatureStatistics statistics = null!;
        input.Checking(() => statistics = FeatureStatistics.Compute(input.Data));
        double[] spreads = statistics.StandardDeviation;
        int[] numeric = [.. CategoricalGroups.Of(input.Data.CategoricalFeatures, spreads.Length).NumericFeatures];
        if (numeric.Length == 0)
        {
            return null;
        }

        int widest = numeric.MaxBy(feature => spreads[feature]);
        int narrowest = numeric.Where(feature => spreads[feature] > 0).DefaultIfEmpty(widest).MinBy(feature => spreads[feature]);
        bool fixedNoise = options.Likelihood == VaeLikelihood.Gaussian;
        double noise = fixedNoise ? Math.Sqrt(options.GaussianVariance) : Math.Exp(0.5 * VaeNetwork.ReconstructionLogVarMax);
        string assumed = fixedNoise ? $"the noise σ = {NumberText.Significant(noise)} it assumes" : string.Create(CultureInfo.InvariantCulture, $"the largest noise σ (about {Math.Round(noise)}) it can learn");
        if (spreads[widest] <= NoiseWidths * noise || (fixedNoise && spreads[widest] <= ScalesApart * spreads[narrowest]))
        {
            return null;
        }

        string others = narrowest == widest ? string.Empty : $", and {input.FeatureSource(narrowest)} with {NumberText.Significant(spreads[narrowest])}";
        return $"note: with --scaling None the Gaussian likelihood measures each feature in its own units: {input.FeatureSource(widest)} spreads with a "
            + $"standard deviation of {NumberText.Significant(spreads[widest])}, far beyond {assumed}{others}, so the widest features dominate the loss; "
            + "--scaling Standardize puts every feature on one scale.";
    }
}
