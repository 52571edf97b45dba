namespace Vae.MLNet.Imaging;

/// <summary>
/// Shows inputs next to their reconstructions: each grid row of originals is directly followed by a row with the
/// same images reconstructed, so every pair lines up vertically.
/// </summary>
public static class ReconstructionGrid
{
    /// <summary>
    /// Reorders two equally long image sets for <see cref="ImageGrid.Render"/> with <paramref name="columns"/> columns:
    /// <paramref name="columns"/> originals, then their reconstructions, then the next originals, and so on.
    /// </summary>
    /// <param name="originals">Input images back to back, <paramref name="pixelsPerImage"/> values each.</param>
    /// <param name="reconstructions">The reconstructions, in the same order and layout.</param>
    /// <param name="pixelsPerImage">Values per image (width × height).</param>
    /// <param name="columns">Pairs per grid row; the number of images must be a multiple of it so pairs stay aligned.</param>
    public static float[] Interleave(float[] originals, float[] reconstructions, int pixelsPerImage, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerImage, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        int count = InputChecks.RequireWholeItems(originals, pixelsPerImage, nameof(originals), "images");
        ArgumentNullException.ThrowIfNull(reconstructions);
        if (reconstructions.Length != originals.Length)
        {
            throw new ArgumentException(
                $"There are {reconstructions.Length} reconstruction values for {originals.Length} original values; pass one reconstruction per original.",
                nameof(reconstructions));
        }

        if (count % columns != 0)
        {
            throw new ArgumentException(
                $"{count} images do not fill rows of {columns}; pass a multiple of {nameof(columns)} images or change {nameof(columns)}.",
                nameof(columns));
        }

        var interleaved = new float[originals.Length * 2];
        int block = columns * pixelsPerImage;
        for (int start = 0; start < originals.Length; start += block)
        {
            originals.AsSpan(start, block).CopyTo(interleaved.AsSpan(2 * start));
            reconstructions.AsSpan(start, block).CopyTo(interleaved.AsSpan((2 * start) + block));
        }

        return interleaved;
    }

    /// <summary>Renders originals above their reconstructions, <paramref name="columns"/> pairs per row pair.</summary>
    /// <param name="originals">Input images back to back, each row-major with <paramref name="imageWidth"/> × <paramref name="imageHeight"/> values in [0, 1].</param>
    /// <param name="reconstructions">The reconstructions, in the same order and layout.</param>
    /// <param name="imageWidth">Pixels per image row.</param>
    /// <param name="imageHeight">Rows per image.</param>
    /// <param name="columns">Pairs per row; the number of images must be a multiple of it.</param>
    /// <param name="scale">Integer upscaling factor, 1–16.</param>
    /// <param name="separator">Pixels between tiles and around the border, 0–16.</param>
    public static RgbImage Render(float[] originals, float[] reconstructions, int imageWidth, int imageHeight, int columns, int scale = 1, int separator = 1)
    {
        float[] interleaved = Interleave(originals, reconstructions, InputChecks.PixelsPerImage(imageWidth, imageHeight), columns);
        return ImageGrid.Render(interleaved, imageWidth, imageHeight, columns, scale, separator);
    }
}
