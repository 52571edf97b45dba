using System.Globalization;

namespace Vae.MLNet.Imaging;

/// <summary>
/// Tiles grayscale images (values in [0, 1], 1 = white) into a grid: prior samples, decoded batches, interpolation
/// strips. Values outside [0, 1] are clamped, since decoders with unbounded outputs overshoot a little.
/// </summary>
public static class ImageGrid
{
    /// <summary>The colour of the lines between tiles and of unused cells, chosen to stand out from any gray.</summary>
    public static RgbColor SeparatorColor { get; } = new(70, 110, 160);

    /// <summary>Tiles the images left to right, top to bottom, <paramref name="columns"/> per row.</summary>
    /// <param name="images">The images back to back, each row-major with <paramref name="imageWidth"/> × <paramref name="imageHeight"/> values.</param>
    /// <param name="imageWidth">Pixels per image row.</param>
    /// <param name="imageHeight">Rows per image.</param>
    /// <param name="columns">Images per grid row; the last grid row may be partly empty.</param>
    /// <param name="scale">Integer upscaling factor (each pixel becomes scale × scale), 1–16.</param>
    /// <param name="separator">Pixels between tiles and around the border, 0–16.</param>
    /// <returns>An image (columns × tile + (columns + 1) × separator) wide.</returns>
    public static RgbImage Render(float[] images, int imageWidth, int imageHeight, int columns, int scale = 1, int separator = 1)
    {
        int pixelsPerImage = InputChecks.PixelsPerImage(imageWidth, imageHeight);
        int count = InputChecks.RequireWholeItems(images, pixelsPerImage, nameof(images), $"{imageWidth}×{imageHeight} images");
        InputChecks.RequireFinite(images, nameof(images));
        return RenderInCells(images, count, nameof(images), imageWidth, imageHeight, columns, scale, separator, imageCount => RowsFor(imageCount, columns), (image, _) => image);
    }

    /// <summary>
    /// The grid rows that hold <paramref name="count"/> cells, <paramref name="columns"/> to a row, computed without the
    /// int overflow of (count + columns − 1) / columns when <paramref name="columns"/> is near int.MaxValue.
    /// </summary>
    internal static int RowsFor(int count, int columns) => (count / columns) + (count % columns == 0 ? 0 : 1);

    /// <summary>
    /// The width and height in pixels of a grid <paramref name="columns"/> cells wide and <paramref name="rows"/> high,
    /// known before any image in it is computed. In double: a grid of many columns of wide images can pass a long's range
    /// before it is refused.
    /// </summary>
    internal static (double Width, double Height) PixelSize(int columns, int rows, int imageWidth, int imageHeight, int scale, int separator) =>
        ((columns * (((double)imageWidth * scale) + separator)) + separator, (rows * (((double)imageHeight * scale) + separator)) + separator);

    /// <summary>
    /// Draws each image into a cell of a grid <paramref name="columns"/> cells wide; cells are numbered left to right,
    /// top to bottom, and those no image takes keep the separator colour.
    /// </summary>
    /// <param name="images">The images back to back, each row-major with <paramref name="imageWidth"/> × <paramref name="imageHeight"/> finite values, as the caller checked.</param>
    /// <param name="count">How many images <paramref name="images"/> holds.</param>
    /// <param name="paramName">The caller's argument a grid too large for one image is blamed on.</param>
    /// <param name="imageWidth">Pixels per image row.</param>
    /// <param name="imageHeight">Rows per image.</param>
    /// <param name="columns">Cells per grid row.</param>
    /// <param name="scale">Integer upscaling factor, 1–16.</param>
    /// <param name="separator">Pixels between tiles and around the border, 0–16.</param>
    /// <param name="rowsFor">The grid's rows for a number of images.</param>
    /// <param name="cellOf">The cell of image i among a number of images.</param>
    internal static RgbImage RenderInCells(
        float[] images,
        int count,
        string paramName,
        int imageWidth,
        int imageHeight,
        int columns,
        int scale,
        int separator,
        Func<int, int> rowsFor,
        Func<int, int, int> cellOf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 16);
        ArgumentOutOfRangeException.ThrowIfNegative(separator);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(separator, 16);

        int pixelsPerImage = imageWidth * imageHeight;
        int rows = rowsFor(count);
        long tileWidth = (long)imageWidth * scale, tileHeight = (long)imageHeight * scale;
        (double width, double height) = PixelSize(columns, rows, imageWidth, imageHeight, scale, separator);
        if (!RgbImage.Fits(width, height))
        {
            // The grid's area grows with the images it holds, so fewer columns help only where no image reaches the last.
            int filledColumns = 0;
            for (int image = 0; image < count; image++)
            {
                filledColumns = Math.Max(filledColumns, (cellOf(image, count) % columns) + 1);
            }

            string emptyCells = columns > filledColumns ? $", or in fewer than {columns} columns" : string.Empty;
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The grid of {count} images would be {width}×{height} pixels, too large for one image; draw fewer images or at a smaller scale{emptyCells}."),
                paramName);
        }

        var grid = new RgbImage((int)width, (int)height, SeparatorColor);
        Span<byte> pixels = grid.Pixels;
        for (int i = 0; i < count; i++)
        {
            int cell = cellOf(i, count);
            int left = separator + (int)(cell % columns * (tileWidth + separator));
            int top = separator + (int)(cell / columns * (tileHeight + separator));
            ReadOnlySpan<float> image = images.AsSpan(i * pixelsPerImage, pixelsPerImage);
            for (int y = 0; y < tileHeight; y++)
            {
                int sourceRow = y / scale * imageWidth;
                int offset = (((top + y) * (int)width) + left) * 3;
                for (int x = 0; x < tileWidth; x++, offset += 3)
                {
                    byte level = (byte)MathF.Round(Math.Clamp(image[sourceRow + (x / scale)], 0f, 1f) * 255f);
                    pixels[offset] = level;
                    pixels[offset + 1] = level;
                    pixels[offset + 2] = level;
                }
            }
        }

        return grid;
    }

    /// <summary>Lays the images out in a single row, e.g. decodings along a line between two latent points.</summary>
    /// <param name="images">The images back to back, each row-major with <paramref name="imageWidth"/> × <paramref name="imageHeight"/> values.</param>
    /// <param name="imageWidth">Pixels per image row.</param>
    /// <param name="imageHeight">Rows per image.</param>
    /// <param name="scale">Integer upscaling factor, 1–16.</param>
    /// <param name="separator">Pixels between tiles and around the border, 0–16.</param>
    public static RgbImage RenderStrip(float[] images, int imageWidth, int imageHeight, int scale = 1, int separator = 1)
    {
        ArgumentNullException.ThrowIfNull(images);
        int pixelsPerImage = InputChecks.PixelsPerImage(imageWidth, imageHeight);
        return Render(images, imageWidth, imageHeight, Math.Max(1, images.Length / pixelsPerImage), scale, separator);
    }
}
