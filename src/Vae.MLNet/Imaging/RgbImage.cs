using Vae.MLNet.Text;

namespace Vae.MLNet.Imaging;

/// <summary>
/// A mutable RGB raster with the drawing operations the VAE pictures need: fills, lines, dots, rectangles and text in a
/// built-in 5×7 font. Drawing clips silently at the image edges, so shapes may extend past them; only
/// <see cref="SetPixel"/> and <see cref="GetPixel"/> insist on coordinates inside the image.
/// </summary>
public sealed class RgbImage
{
    private readonly byte[] _pixels;

    /// <summary>Creates an image filled with <paramref name="background"/> (black when omitted).</summary>
    /// <param name="width">Pixels per row, at least 1.</param>
    /// <param name="height">Rows, at least 1.</param>
    /// <param name="background">Initial colour of every pixel.</param>
    public RgbImage(int width, int height, RgbColor background = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (!Fits(width, height))
        {
            throw new ArgumentException($"A {width}×{height} RGB image does not fit in one array.", LargerArgument.Name(width, nameof(width), height, nameof(height)));
        }

        Width = width;
        Height = height;
        _pixels = new byte[width * height * 3];
        if (background != default)
        {
            Fill(background);
        }
    }

    /// <summary>
    /// Whether an image <paramref name="width"/> × <paramref name="height"/> pixels fits in one array; in double, so that
    /// the size of a picture not yet drawn can be asked however far it lies beyond a long's range.
    /// </summary>
    internal static bool Fits(double width, double height) => width * height <= MaxPixels;

    /// <summary>The most pixels one image holds: its pixels, three bytes each, are one array.</summary>
    internal static int MaxPixels => Array.MaxLength / 3;

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>Row-major pixel bytes, top row first, three per pixel in R, G, B order.</summary>
    public Span<byte> Pixels => _pixels;

    /// <summary>Pixel width and height that <see cref="DrawText"/> covers for <paramref name="text"/>.</summary>
    /// <param name="text">A single line of text.</param>
    /// <param name="scale">Screen pixels per font pixel, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="scale"/> is below 1, or the text at that scale measures more pixels than an <see cref="int"/> holds.
    /// </exception>
    public static (int Width, int Height) MeasureText(string text, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);

        if (BitmapFont.Width(text, scale) > int.MaxValue || BitmapFont.GlyphHeight * (double)scale > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(scale), scale, $"{text.Length} characters at scale {scale} measure more than {int.MaxValue} pixels; use a smaller scale or a shorter text.");
        }

        return (BitmapFont.MeasureWidth(text, scale), BitmapFont.GlyphHeight * scale);
    }

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <param name="x">Column, 0 at the left.</param>
    /// <param name="y">Row, 0 at the top.</param>
    public RgbColor GetPixel(int x, int y)
    {
        int i = Offset(x, y);
        return new RgbColor(_pixels[i], _pixels[i + 1], _pixels[i + 2]);
    }

    /// <summary>Sets the colour at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <param name="x">Column, 0 at the left.</param>
    /// <param name="y">Row, 0 at the top.</param>
    /// <param name="color">The new colour.</param>
    public void SetPixel(int x, int y, RgbColor color) => Write(Offset(x, y), color);

    /// <summary>Paints the whole image one colour.</summary>
    /// <param name="color">The colour.</param>
    public void Fill(RgbColor color) => FillRectangle(0, 0, Width, Height, color);

    /// <summary>Paints a solid axis-aligned rectangle.</summary>
    /// <param name="x">Left column.</param>
    /// <param name="y">Top row.</param>
    /// <param name="width">Width in pixels; nothing is drawn when not positive.</param>
    /// <param name="height">Height in pixels; nothing is drawn when not positive.</param>
    /// <param name="color">The colour.</param>
    public void FillRectangle(int x, int y, int width, int height, RgbColor color)
    {
        int left = Math.Max(x, 0), right = (int)Math.Min((long)x + width, Width);
        int top = Math.Max(y, 0), bottom = (int)Math.Min((long)y + height, Height);
        for (int row = top; row < bottom; row++)
        {
            for (int column = left; column < right; column++)
            {
                Write(((row * Width) + column) * 3, color);
            }
        }
    }

    /// <summary>Draws the one-pixel outline of a rectangle whose outer edge is the given box.</summary>
    /// <param name="x">Left column.</param>
    /// <param name="y">Top row.</param>
    /// <param name="width">Width in pixels, including both edges.</param>
    /// <param name="height">Height in pixels, including both edges.</param>
    /// <param name="color">The colour.</param>
    public void DrawRectangle(int x, int y, int width, int height, RgbColor color)
    {
        if (width <= 0 || height <= 0)
        {
            return;
        }

        FillRectangle(x, y, width, 1, color);
        FillRectangle(x, y + height - 1, width, 1, color);
        FillRectangle(x, y, 1, height, color);
        FillRectangle(x + width - 1, y, 1, height, color);
    }

    /// <summary>Draws a straight line including both end points (Bresenham's algorithm).</summary>
    /// <param name="x0">Start column.</param>
    /// <param name="y0">Start row.</param>
    /// <param name="x1">End column.</param>
    /// <param name="y1">End row.</param>
    /// <param name="color">The colour.</param>
    /// <param name="thickness">Line width in pixels, at least 1; thicker lines stamp a square at every step.</param>
    public void DrawLine(int x0, int y0, int x1, int y1, RgbColor color, int thickness = 1) =>
        DrawLine(x0, y0, x1, y1, color, thickness, LineDash.Solid, startDistance: 0);

    /// <summary>
    /// Draws a line in <paramref name="dash"/>'s pattern, its first point <paramref name="startDistance"/> pixels into
    /// the pattern, so a curve drawn segment by segment keeps one pattern along its whole length.
    /// </summary>
    internal void DrawLine(int x0, int y0, int x1, int y1, RgbColor color, int thickness, LineDash dash, double startDistance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(thickness, 1);
        int half = (thickness - 1) / 2;
        long dx = Math.Abs((long)x1 - x0), dy = Math.Abs((long)y1 - y0);
        int stepX = x0 < x1 ? 1 : -1, stepY = y0 < y1 ? 1 : -1;
        bool xMajor = dx >= dy;
        (long major, long minor) = xMajor ? (dx, dy) : (dy, dx);

        // Bresenham's line has one pixel per step along its major axis, the k-th minor step falling at step n where
        // k = ⌊(2·n·minor + major) / (2·major)⌋; so only the steps whose stamps can touch the image are walked, and a
        // line reaching far outside costs the pixels inside rather than its length.
        (long first, long last) = xMajor ? StepsTouching(x0, stepX, dx, Width, half, thickness) : StepsTouching(y0, stepY, dy, Height, half, thickness);
        double stepLength = major == 0 ? 0 : Math.Sqrt(((double)dx * dx) + ((double)dy * dy)) / major;
        for (long n = first; n <= last; n++)
        {
            if (!dash.DrawsAt(startDistance + (n * stepLength)))
            {
                continue;
            }

            long k = major == 0 ? 0 : (long)((((Int128)2 * n * minor) + major) / (2 * major));
            (long x, long y) = xMajor ? (x0 + (n * stepX), y0 + (k * stepY)) : (x0 + (k * stepX), y0 + (n * stepY));
            if (x - half < Width && x - half + thickness > 0 && y - half < Height && y - half + thickness > 0)
            {
                FillRectangle((int)(x - half), (int)(y - half), thickness, thickness, color);
            }
        }
    }

    /// <summary>
    /// The steps n in [0, <paramref name="length"/>] at which a stamp of <paramref name="thickness"/> centred on
    /// <paramref name="start"/> + n·<paramref name="step"/> overlaps [0, <paramref name="size"/>); empty when first &gt; last.
    /// </summary>
    private static (long First, long Last) StepsTouching(long start, int step, long length, int size, int half, int thickness)
    {
        // The stamp's columns are c − half … c − half + thickness − 1.
        long low = (long)half - thickness + 1, high = (long)size - 1 + half;
        (long first, long last) = step > 0 ? (low - start, high - start) : (start - high, start - low);
        return (Math.Max(first, 0), Math.Min(last, length));
    }

    /// <summary>Paints a solid disc: every pixel whose centre lies within <paramref name="radius"/> of the centre.</summary>
    /// <param name="centerX">Centre column.</param>
    /// <param name="centerY">Centre row.</param>
    /// <param name="radius">Radius in pixels, at least 0 (0 paints the single centre pixel).</param>
    /// <param name="color">The colour.</param>
    public void FillCircle(int centerX, int centerY, int radius, RgbColor color) => FillMarker(centerX, centerY, radius, MarkerShape.Circle, color);

    /// <summary>Paints a solid <paramref name="shape"/> within the square of <paramref name="radius"/> pixels around the centre.</summary>
    internal void FillMarker(int centerX, int centerY, int radius, MarkerShape shape, RgbColor color)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(radius);

        // Only the shape's square within the image is visited, so a radius far beyond the image costs its pixels, not the shape's.
        long top = Math.Max(-radius, -(long)centerY), bottom = Math.Min(radius, (long)Height - 1 - centerY);
        long left = Math.Max(-radius, -(long)centerX), right = Math.Min(radius, (long)Width - 1 - centerX);
        for (long dy = top; dy <= bottom; dy++)
        {
            for (long dx = left; dx <= right; dx++)
            {
                if (shape.Covers(dx, dy, radius))
                {
                    Write((int)((((centerY + dy) * Width) + centerX + dx) * 3), color);
                }
            }
        }
    }

    /// <summary>Draws one line of text with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <param name="text">The text; characters outside printable ASCII render as '?'.</param>
    /// <param name="x">Left column.</param>
    /// <param name="y">Top row.</param>
    /// <param name="color">The ink colour; the background is left untouched.</param>
    /// <param name="scale">Screen pixels per font pixel, at least 1.</param>
    public void DrawText(string text, int x, int y, RgbColor color, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        // In long: at a large scale a font pixel's position overflows int and would wrap onto the image.
        for (int i = 0; i < text.Length; i++)
        {
            long originX = x + ((long)i * BitmapFont.Advance * scale);
            for (int row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                long top = y + ((long)row * scale);
                for (int column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    long left = originX + ((long)column * scale);
                    bool onImage = left < Width && left + scale > 0 && top < Height && top + scale > 0;
                    if (onImage && BitmapFont.IsInk(text[i], column, row))
                    {
                        FillRectangle((int)left, (int)top, scale, scale, color);
                    }
                }
            }
        }
    }

    /// <summary>Encodes the image as an RGB PNG into <paramref name="output"/>, leaving the stream open.</summary>
    /// <param name="output">A writable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> cannot be written.</exception>
    public void WritePng(Stream output) => WritePng(output, []);

    /// <summary>Encodes the image as <see cref="WritePng(Stream)"/> does, with <paramref name="text"/> as the PNG's tEXt chunks.</summary>
    internal void WritePng(Stream output, IReadOnlyList<PngText> text) => PngEncoder.Write(output, Width, Height, _pixels, PngColorType.Rgb, text);

    /// <summary>Saves the image as an RGB PNG file, replacing any existing file atomically.</summary>
    /// <param name="path">The file to create or replace; its directory must exist.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, names a directory, or its directory does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">
    /// The file is read-only, or another user's in a sticky directory, or the directory does not let this process create files.
    /// </exception>
    /// <exception cref="IOException">Writing failed otherwise, as on a full disk; a file already at <paramref name="path"/> is left as it was.</exception>
    public void SavePng(string path) => PngEncoder.Save(path, Width, Height, _pixels, PngColorType.Rgb);

    private int Offset(int x, int y)
    {
        if ((uint)x >= (uint)Width)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, $"Column must be in 0..{Width - 1}.");
        }

        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, $"Row must be in 0..{Height - 1}.");
        }

        return ((y * Width) + x) * 3;
    }

    private void Write(int offset, RgbColor color)
    {
        _pixels[offset] = color.R;
        _pixels[offset + 1] = color.G;
        _pixels[offset + 2] = color.B;
    }
}
