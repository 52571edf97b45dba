using System.CommandLine;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Sampling;

/// <summary>
/// <c>--sample-observations</c>: each decoded row drawn from p(x | z) instead of being its mean, for every command that
/// writes new rows.
/// </summary>
internal static class SampleObservationsOption
{
    /// <summary>The library's overflow messages with their advice to draw no observations told as this option.</summary>
    public static readonly LibraryWording Wording = new(("without drawing observations", "without --sample-observations"));

    /// <summary>A new option; each command needs its own instance.</summary>
    public static Option<bool> Create() => new("--sample-observations")
    {
        Description = "Draw each row from p(x | z) instead of giving its mean: Bernoulli features become 0 or 1 (under min-max scaling, the training range's minimum and maximum), "
            + "Gaussian ones get the model's noise, and a categorical column takes a category drawn in proportion to the decoded means of its features.",
    };
}
