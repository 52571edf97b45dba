using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// The width and height of the grayscale images whose pixels are a row's features, row-major: feature
/// <c>r × Width + c</c> is the pixel in image row <c>r</c>, column <c>c</c>. Data that knows it (<see cref="VaeDataset.ImageShape"/>,
/// IDX images) gives it to the model trained on it (<see cref="VaeModel.ImageShape"/>), so that its rows can be drawn
/// as images without being told their shape again. Two are equal when their width and height are.
/// </summary>
public sealed record VaeImageShape
{
    /// <summary>Describes images of <paramref name="width"/> by <paramref name="height"/> pixels.</summary>
    /// <param name="width">Pixel columns in each image, at least 1.</param>
    /// <param name="height">Pixel rows in each image, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="width"/> or <paramref name="height"/> is below 1, or the image has more pixels than a row of
    /// features can hold (<see cref="int.MaxValue"/>).
    /// </exception>
    [JsonConstructor]
    public VaeImageShape(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (!FitsARow(width, height))
        {
            string larger = LargerArgument.Name(width, nameof(width), height, nameof(height));
            throw new ArgumentOutOfRangeException(
                larger,
                Math.Max(width, height),
                string.Create(CultureInfo.InvariantCulture, $"An image of {width} by {height} pixels has more pixels than a row holds features ({int.MaxValue}); give a smaller width or height."));
        }

        Width = width;
        Height = height;
    }

    /// <summary>Pixel columns in each image.</summary>
    public int Width { get; }

    /// <summary>Pixel rows in each image.</summary>
    public int Height { get; }

    /// <summary>Pixels in each image, <c>Width × Height</c>: the features of a row.</summary>
    [JsonIgnore]
    public int Pixels => Width * Height;

    /// <summary>
    /// Reads a shape written as <see cref="ToString"/> writes it, <c>WIDTHxHEIGHT</c> with either case of x, as in
    /// <c>28x28</c>: two unsigned decimal integers, each at least 1, with nothing around them.
    /// </summary>
    /// <param name="text">The text to read.</param>
    /// <param name="shape">The shape read, or <see langword="null"/> when <paramref name="text"/> is not one.</param>
    /// <returns>Whether <paramref name="text"/> is a shape.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out VaeImageShape? shape)
    {
        shape = null;
        string[] parts = text?.Split('x', 'X') ?? [];
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height)
            || width < 1 || height < 1 || !FitsARow(width, height))
        {
            return false;
        }

        shape = new VaeImageShape(width, height);
        return true;
    }

    /// <summary>The shape written <c>WIDTHxHEIGHT</c>, width first, as in <c>28x28</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");

    /// <summary>Whether an image of <paramref name="width"/> by <paramref name="height"/> pixels has no more pixels than a row holds features (<see cref="int.MaxValue"/>).</summary>
    internal static bool FitsARow(int width, int height) => (long)width * height <= int.MaxValue;
}
