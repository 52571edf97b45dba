using System.Globalization;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Output;

/// <summary>A binarization as the options of <c>vae train</c> that make it, so that it can be pasted back.</summary>
internal static class BinarizationText
{
    /// <summary>What <c>--binarize</c> takes for it: <c>0.5</c>, <c>stochastic</c> or <c>resampled</c>.</summary>
    public static string Value(VaeBinarization binarization) =>
        binarization.Threshold is { } threshold ? threshold.ToString(CultureInfo.InvariantCulture) : binarization.Kind.ToString().ToLowerInvariant();

    /// <summary><c>--binarize 0.5</c>, or <c>--binarize stochastic --binarize-seed 7</c>.</summary>
    public static string Options(VaeBinarization binarization) => binarization.Seed is { } seed
        ? string.Create(CultureInfo.InvariantCulture, $"--binarize {Value(binarization)} --binarize-seed {seed}")
        : $"--binarize {Value(binarization)}";
}
