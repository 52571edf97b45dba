using System.CommandLine;
using System.Globalization;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>The width and height that turn a row of features into a grayscale image, written "28x28" (width first).</summary>
internal readonly record struct ImageShape(int Width, int Height)
{
    /// <summary>Features per image.</summary>
    public int Pixels => Width * Height;

    /// <summary>An --image-shape option whose malformed values are parse errors.</summary>
    public static Option<ImageShape?> CreateOption(string description) => new("--image-shape")
    {
        Description = description,
        HelpName = "WIDTHxHEIGHT",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (TryParse(text, out ImageShape shape))
            {
                return shape;
            }

            result.AddError($"--image-shape '{text}' is not WIDTHxHEIGHT with positive integers, like 28x28.");
            return null;
        },
    };

    /// <summary>The shape a model recorded (<see cref="VaeModel.ImageShape"/>), or null when it recorded none.</summary>
    public static ImageShape? Of(VaeImageShape? recorded) => recorded is null ? null : new ImageShape(recorded.Width, recorded.Height);

    /// <summary>
    /// Refuses images at <paramref name="path"/>, of <paramref name="given"/>, unless they are of <paramref name="expected"/>,
    /// the shape <paramref name="expectedOf"/> holds or was trained on, as in "DATA d.idx holds"; <paramref name="advice"/>
    /// says why and what to give. The same pixels laid out in another shape are other features.
    /// </summary>
    public static void RequireSame(string path, ImageShape? given, string expectedOf, ImageShape? expected, string advice)
    {
        if (given != expected)
        {
            throw new CommandLineException($"{path} holds {given} images, but {expectedOf} {expected} images; {advice}.");
        }
    }

    /// <summary>Parses "28x28" (case-insensitive x).</summary>
    public static bool TryParse(string text, out ImageShape shape)
    {
        shape = default;
        string[] parts = text.Split('x', 'X');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height)
            || width < 1 || height < 1 || (long)width * height > int.MaxValue)
        {
            return false;
        }

        shape = new ImageShape(width, height);
        return true;
    }

    /// <summary>Checks that images of this shape have exactly <paramref name="features"/> pixels.</summary>
    public ImageShape RequireFeatures(int features) => Pixels == features
        ? this
        : throw new CommandLineException($"--image-shape {this} has {Pixels} pixels but the model has {features} features; give a shape whose width × height is {features}.");

    /// <inheritdoc/>
    public override string ToString() => $"{Width}x{Height}";
}
