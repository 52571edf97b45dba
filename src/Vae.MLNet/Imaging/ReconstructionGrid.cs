namespace Vae.MLNet.Imaging;

/// <summary>
/// Shows inputs next to their reconstructions: each grid row of originals is directly followed by a row with the
/// same images reconstructed, so every pair lines up vertically.
/// </summary>
public static class ReconstructionGrid
{
    /// <summary>
    /// Renders originals above their reconstructions, <paramref name="columns"/> pairs per row pair; when the images do
    /// not fill the last row pair, its remaining cells stay empty.
    /// </summary>
    /// <param name="originals">Input images back to back, each row-major with <paramref name="imageWidth"/> × <paramref name="imageHeight"/> values in [0, 1].</param>
    /// <param name="reconstructions">The reconstructions, in the same order and layout.</param>
    /// <param name="imageWidth">Pixels per image row.</param>
    /// <param name="imageHeight">Rows per image.</param>
    /// <param name="columns">Pairs per row pair.</param>
    /// <param name="scale">Integer upscaling factor, 1–16.</param>
    /// <param name="separator">Pixels between tiles and around the border, 0–16.</param>
    public static RgbImage Render(float[] originals, float[] reconstructions, int imageWidth, int imageHeight, int columns, int scale = 1, int separator = 1)
    {
        int pairs = InputChecks.RequireWholeItems(
            originals, InputChecks.PixelsPerImage(imageWidth, imageHeight), nameof(originals), $"{imageWidth}×{imageHeight} images");
        ArgumentNullException.ThrowIfNull(reconstructions);
        if (reconstructions.Length != originals.Length)
        {
            throw new ArgumentException(
                $"There are {reconstructions.Length} reconstruction values for {originals.Length} original values; pass one reconstruction per original.",
                nameof(reconstructions));
        }

        InputChecks.RequireFinite(originals, nameof(originals));
        InputChecks.RequireFinite(reconstructions, nameof(reconstructions));

        // Image i < pairs is an original and image pairs + i its reconstruction, one grid row further down.
        int Cell(int pair, int rowOffset) => (((2 * (pair / columns)) + rowOffset) * columns) + (pair % columns);
        return ImageGrid.RenderInCells(
            [.. originals, .. reconstructions],
            2 * pairs,
            nameof(originals),
            imageWidth,
            imageHeight,
            columns,
            scale,
            separator,
            _ => RowsFor(pairs, columns),
            (image, _) => image < pairs ? Cell(image, 0) : Cell(image - pairs, 1));
    }

    /// <summary>The grid rows that hold <paramref name="pairs"/> pairs, <paramref name="columns"/> to a row pair.</summary>
    internal static int RowsFor(int pairs, int columns) => 2 * ImageGrid.RowsFor(pairs, columns);
}
