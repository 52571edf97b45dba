using System.CommandLine;
using System.Globalization;
using Vae.MLNet.Cli.Hosting;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The two latent dimensions the latent scatter plots, <see cref="X"/> across and <see cref="Y"/> up, written "I,J"
/// and counted from 0.
/// </summary>
internal readonly record struct ScatterDimensions(int X, int Y)
{
    /// <summary>The option that names the dimensions.</summary>
    public const string OptionName = "--dimensions";

    /// <summary>A --dimensions option whose malformed values are parse errors.</summary>
    public static Option<ScatterDimensions?> CreateOption() => new(OptionName)
    {
        Description = "The latent dimensions of the latent scatter, I across and J up, counted from 0. Default: the two whose means vary most over the rows drawn.",
        HelpName = "I,J",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (TryParse(text, out ScatterDimensions dimensions))
            {
                return dimensions;
            }

            result.AddError($"{OptionName} '{text}' is not two different latent dimensions I,J counted from 0, like 0,3.");
            return null;
        },
    };

    /// <summary>Parses "0,3": two different whole numbers from 0.</summary>
    public static bool TryParse(string text, out ScatterDimensions dimensions)
    {
        dimensions = default;
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int x)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int y)
            || x == y)
        {
            return false;
        }

        dimensions = new ScatterDimensions(x, y);
        return true;
    }

    /// <summary>
    /// The two dimensions whose latent means vary most across the rows, of <paramref name="meanVariances"/> as
    /// <see cref="VaeLatentActivity.MeanVariances"/> gives them (<see cref="VaeLatentActivity.MostVaried"/>), in the order
    /// of their indices.
    /// </summary>
    public static ScatterDimensions MostVaried(IReadOnlyList<double> meanVariances)
    {
        int[] dimensions = [.. VaeLatentActivity.MostVariedOf(meanVariances, 2).Order()];
        return new ScatterDimensions(dimensions[0], dimensions[1]);
    }

    /// <summary>Checks that a model of <paramref name="latentDimension"/> latent dimensions has both.</summary>
    public ScatterDimensions RequireWithin(int latentDimension)
    {
        if (latentDimension < 2)
        {
            throw new CommandLineException($"{OptionName} chooses the dimensions of the latent scatter, which a model of one latent dimension does not get; leave {OptionName} out.");
        }

        return X < latentDimension && Y < latentDimension
            ? this
            : throw new CommandLineException(
                $"{OptionName} {this} names latent dimension {Math.Max(X, Y)}, but the model's {latentDimension} are numbered 0 to {latentDimension - 1}; choose two of those.");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{X},{Y}");
}
