using System.Text;

namespace Vae.MLNet.Samples.Common;

/// <summary>Draws small square grayscale images as text, several side by side, two characters per pixel to keep their shape.</summary>
public static class TextImages
{
    private const string Shades = " .:-=+*#%@";

    /// <summary>Each image under its caption, in a row.</summary>
    /// <param name="images">Captions and row-major square images.</param>
    /// <param name="brightest">The pixel value drawn with the densest shade: 16 for the 8×8 digits, 1 for MNIST's.</param>
    public static string SideBySide(IReadOnlyList<(string Caption, float[] Pixels)> images, float brightest)
    {
        int side = (int)Math.Round(Math.Sqrt(images[0].Pixels.Length));
        if (images.Any(image => image.Pixels.Length != side * side))
        {
            throw new ArgumentException($"Every image must be square and of the first one's size, {side}×{side}.", nameof(images));
        }

        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", images.Select(i => i.Caption.PadRight(2 * side)[..(2 * side)])));
        for (int row = 0; row < side; row++)
        {
            text.AppendLine(string.Join("  ", images.Select(i => Row(i.Pixels, side, row, brightest))));
        }

        return text.ToString();
    }

    private static string Row(float[] pixels, int side, int row, float brightest)
    {
        var line = new StringBuilder(2 * side);
        for (int column = 0; column < side; column++)
        {
            float value = Math.Clamp(pixels[(row * side) + column] / brightest, 0f, 1f);
            char shade = Shades[(int)MathF.Round(value * (Shades.Length - 1))];
            line.Append(shade).Append(shade);
        }

        return line.ToString();
    }
}
