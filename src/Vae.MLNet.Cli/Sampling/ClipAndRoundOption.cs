using System.CommandLine;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Sampling;

/// <summary>
/// <c>--clip-and-round</c>: decoded rows kept to <see cref="VaeModel.FeatureRanges"/>, each feature within its range in
/// the training data and the features that held whole numbers only rounded, for every command that decodes new rows.
/// </summary>
internal static class ClipAndRoundOption
{
    /// <summary>The option, described as it acts on <paramref name="rows"/>.</summary>
    public static Option<bool> Create(string rows) => new("--clip-and-round")
    {
        Description = $"Keep each feature of {rows} within its range in the training data, and round the features that held whole numbers only.",
    };

    /// <summary>The model's ranges when <paramref name="option"/> was given, else null.</summary>
    /// <exception cref="CommandLineException">The option was given and the model keeps no ranges; the message says how to record them.</exception>
    public static VaeFeatureRanges? Ranges(ParseResult parse, Option<bool> option, VaeModel model) =>
        !parse.GetValue(option) ? null
        : model.FeatureRanges ?? throw new CommandLineException(
            "The model keeps no feature ranges, so --clip-and-round has none to keep to: it was saved before Vae.MLNet kept them. "
            + "Train it further on its training data (vae train DATA --init MODEL) to record them, or leave out --clip-and-round.");
}
