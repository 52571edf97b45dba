namespace Vae.MLNet.Imaging;

/// <summary>
/// The learned manifold of a model with a two-dimensional latent space: decodings of a regular grid of latent points,
/// laid out so that z0 grows to the right and z1 grows upwards, as on a plot.
/// </summary>
public static class LatentManifold
{
    /// <summary>
    /// The latent points to decode, as (z0, z1) pairs in grid-cell order (top row first, left to right). Decode them in
    /// this order and pass the images to <see cref="Render"/>.
    /// </summary>
    /// <param name="gridSize">Points per side, 2–100.</param>
    /// <param name="extent">The grid spans [−extent, extent] on both axes; 2 to 3 covers most of a standard normal prior.</param>
    /// <returns>gridSize² pairs, 2 × gridSize² values.</returns>
    public static float[] GridPoints(int gridSize, float extent = 2.5f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gridSize, 100);
        if (!float.IsFinite(extent) || extent <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(extent), extent, "The extent must be a positive finite number.");
        }

        // Each coordinate is the extent times a fraction in [-1, 1]: a step of 2 × extent would overflow float32 for an
        // extent above half its range, and the ends are exactly ±extent.
        var points = new float[gridSize * gridSize * 2];
        for (int row = 0; row < gridSize; row++)
        {
            for (int column = 0; column < gridSize; column++)
            {
                int cell = (row * gridSize) + column;
                points[2 * cell] = (float)(extent * ((2.0 * column / (gridSize - 1)) - 1));
                points[(2 * cell) + 1] = (float)(extent * (1 - (2.0 * row / (gridSize - 1))));
            }
        }

        return points;
    }

    /// <summary>Tiles the decodings of <see cref="GridPoints"/> into a square.</summary>
    /// <param name="decodedImages">gridSize² images back to back in <see cref="GridPoints"/> order, each row-major with <paramref name="imageWidth"/> × <paramref name="imageHeight"/> values in [0, 1].</param>
    /// <param name="imageWidth">Pixels per image row.</param>
    /// <param name="imageHeight">Rows per image.</param>
    /// <param name="gridSize">Points per side, as given to <see cref="GridPoints"/>.</param>
    /// <param name="scale">Integer upscaling factor, 1–16.</param>
    /// <param name="separator">Pixels between tiles; 0 by default so neighbouring decodings read as one continuous surface.</param>
    public static RgbImage Render(float[] decodedImages, int imageWidth, int imageHeight, int gridSize, int scale = 1, int separator = 0)
    {
        ArgumentNullException.ThrowIfNull(decodedImages);
        int pixelsPerImage = InputChecks.PixelsPerImage(imageWidth, imageHeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 2);
        long expected = (long)gridSize * gridSize * pixelsPerImage;
        if (decodedImages.Length != expected)
        {
            throw new ArgumentException(
                $"{decodedImages.Length} values are not {gridSize}×{gridSize} decoded images of {imageWidth}×{imageHeight}, which need {expected}.",
                nameof(decodedImages));
        }

        InputChecks.RequireFinite(decodedImages, nameof(decodedImages));
        return ImageGrid.RenderInCells(
            decodedImages, gridSize * gridSize, nameof(decodedImages), imageWidth, imageHeight, gridSize, scale, separator, _ => gridSize, (image, _) => image);
    }
}
