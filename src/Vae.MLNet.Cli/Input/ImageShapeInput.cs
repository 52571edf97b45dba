using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// Image shapes as the command line takes them: the --image-shape option, written "28x28" (width first), and the
/// checks that a shape given or read fits the model or the other data.
/// </summary>
internal static class ImageShapeInput
{
    /// <summary>An --image-shape option whose malformed values are parse errors.</summary>
    public static Option<VaeImageShape?> CreateOption(string description) => new("--image-shape")
    {
        Description = description,
        HelpName = "WIDTHxHEIGHT",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (VaeImageShape.TryParse(text, out VaeImageShape? shape))
            {
                return shape;
            }

            result.AddError($"--image-shape '{text}' is not WIDTHxHEIGHT with positive integers, like 28x28.");
            return null;
        },
    };

    /// <summary>
    /// Refuses images at <paramref name="path"/>, of <paramref name="given"/>, unless they are of <paramref name="expected"/>,
    /// the shape <paramref name="expectedOf"/> holds or was trained on, as in "DATA d.idx holds"; <paramref name="advice"/>
    /// says why and what to give. The same pixels laid out in another shape are other features. Both shapes are known
    /// where it is called: IDX DATA against a model that records one, and IDX validation images against IDX DATA.
    /// </summary>
    public static void RequireSame(string path, VaeImageShape? given, string expectedOf, VaeImageShape? expected, string advice)
    {
        if (ImageShapeMatch.Mismatch(path, given, expectedOf, expected, advice) is { } mismatch)
        {
            throw new CommandLineException(mismatch);
        }
    }

    /// <summary>Checks that images of <paramref name="shape"/>, given as --image-shape, have exactly <paramref name="features"/> pixels.</summary>
    public static VaeImageShape RequireFeatures(this VaeImageShape shape, int features) => shape.Pixels == features
        ? shape
        : throw new CommandLineException($"--image-shape {shape} has {shape.Pixels} pixels but the model has {features} features; give a shape whose width × height is {features}.");
}
