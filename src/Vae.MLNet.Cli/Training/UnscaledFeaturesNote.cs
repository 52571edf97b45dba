using System.Globalization;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The note for a Gaussian model about to train on unscaled features far from the scale it works on, where standardizing
/// puts every feature on one scale. Either some spread far wider than the noise σ its likelihood assumes, or, learned,
/// wider than the largest σ it can reach: those features then dominate the loss (Adult's raw columns gave losses of 3e8).
/// With a fixed σ the features must also spread on very different scales: on one scale, the variance is the setting to
/// look at, not the scaling. Or some lie far from zero, which the network learns slowly (see <see cref="FarFromZero"/>). Features that
/// share their units (images, bits) get none, and the features of categorical columns, which a softmax models, are left out.
/// </summary>
internal static class UnscaledFeaturesNote
{
    /// <summary>How many times a fixed noise σ the widest feature must spread to be noted.</summary>
    // A learned σ has no such margin: it fits any spread up to the largest the clamp allows, and none beyond it.
    private const double NoiseWidths = 10;

    /// <summary>How many times the narrowest non-constant feature's spread the widest must exceed, under a fixed σ, to be noted.</summary>
    private const double ScalesApart = 100;

    /// <summary>
    /// How far from zero, in its own units, a feature's mean must lie to be noted. The network's initial weights give
    /// codes and outputs of about one unit, and Adam moves each weight by about the learning rate a step, so the network
    /// carries a feature centred tens of units out in latent codes far from the prior for a long time, and rows drawn
    /// from the prior come out near zero. At the default learning rate and σ² = 1, columns centred on 3 were generated
    /// at their means after 30 epochs of 28 steps, those on 10 and 20 only after 300, and those on 50 not after 300;
    /// raw diabetes.csv, centred up to 189, at a sixth of its means after 300, and raw iris, centred within 6, within 1 %.
    /// </summary>
    private const double FarFromZero = 10;

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
        int[] numeric = [.. CategoricalGroups.Of(input.Data.CategoricalFeatures, statistics.Mean.Length).NumericFeatures];
        if (numeric.Length == 0)
        {
            return null;
        }

        // One note of the two: both advise --scaling Standardize, which cures either.
        return SpreadNote(options, input, statistics.StandardDeviation, numeric) ?? LocationNote(input, statistics.Mean, numeric);
    }

    private static string? SpreadNote(VaeOptions options, LoadedData input, double[] spreads, int[] numeric)
    {
        int widest = numeric.MaxBy(feature => spreads[feature]);
        int narrowest = numeric.Where(feature => spreads[feature] > 0).DefaultIfEmpty(widest).MinBy(feature => spreads[feature]);
        bool fixedNoise = options.Likelihood == VaeLikelihood.Gaussian;
        double noise = fixedNoise ? Math.Sqrt(options.GaussianVariance) : Math.Exp(0.5 * VaeNetwork.ReconstructionLogVarMax);
        string assumed = fixedNoise ? $"far beyond the noise σ = {NumberText.Significant(noise)} it assumes" : string.Create(CultureInfo.InvariantCulture, $"beyond the largest noise σ (about {Math.Round(noise)}) it can learn");
        if (spreads[widest] <= (fixedNoise ? NoiseWidths * noise : noise) || (fixedNoise && spreads[widest] <= ScalesApart * spreads[narrowest]))
        {
            return null;
        }

        string others = narrowest == widest ? string.Empty : $", and {input.FeatureSource(narrowest)} with {NumberText.Significant(spreads[narrowest])}";
        return $"note: with --scaling None the Gaussian likelihood measures each feature in its own units: {input.FeatureSource(widest)} spreads with a "
            + $"standard deviation of {NumberText.Significant(spreads[widest])}, {assumed}{others}, so the widest features dominate the loss; "
            + "--scaling Standardize puts every feature on one scale.";
    }

    private static string? LocationNote(LoadedData input, double[] means, int[] numeric)
    {
        int farthest = numeric.MaxBy(feature => Math.Abs(means[feature]));
        if (Math.Abs(means[farthest]) <= FarFromZero)
        {
            return null;
        }

        return $"note: with --scaling None the network takes each feature in its own units: {input.FeatureSource(farthest)} has a mean of "
            + $"{NumberText.Significant(means[farthest])}, far from the values of about one its initial weights give, so it learns slowly where such "
            + "features lie, and rows it generates can fall far from the data; --scaling Standardize centres every feature on 0 with a spread of 1.";
    }
}
