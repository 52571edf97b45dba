using System.Globalization;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// How a picture lays its images out, from which its size follows before any of them is decoded: drawing refuses a
/// picture too large for one image only when every row in it has been decoded, which for a --count of some hundred
/// thousand takes seconds and gigabytes. The commands draw with the <see cref="Columns"/>, <see cref="Scale"/> and
/// <see cref="Separator"/> of the layout they checked.
/// </summary>
/// <param name="Contents">What the picture shows, for messages: "the grid of 300000 28x28 images".</param>
/// <param name="Columns">Cells across.</param>
/// <param name="Rows">Cells down.</param>
/// <param name="Shape">The shape of each image.</param>
/// <param name="Scale">The upscaling of each image, --scale.</param>
/// <param name="Separator">Pixels between the cells and around them.</param>
internal sealed record PictureGrid(string Contents, int Columns, int Rows, VaeImageShape Shape, int Scale, int Separator)
{
    /// <summary>The one-pixel line the pictures draw between their images, unless they butt them together.</summary>
    private const int ThinLine = 1;

    /// <summary>The picture's width and height in pixels.</summary>
    public (double Width, double Height) PixelSize => ImageGrid.PixelSize(Columns, Rows, Shape.Width, Shape.Height, Scale, Separator);

    /// <summary>
    /// <paramref name="images"/> left to right, top to bottom, at most <paramref name="columns"/> to a row, as
    /// <see cref="ImageGrid.Render"/> tiles them; <paramref name="separator"/> 0 butts them together, as
    /// <see cref="LatentManifold.Render"/> does.
    /// </summary>
    public static PictureGrid Tiled(int images, int columns, VaeImageShape shape, int scale, int separator = ThinLine)
    {
        int perRow = Math.Min(columns, images);
        return new($"the grid of {images} {shape} images", perRow, ImageGrid.RowsFor(images, perRow), shape, scale, separator);
    }

    /// <summary><paramref name="images"/> in one row, as <see cref="ImageGrid.RenderStrip"/> lays them out.</summary>
    public static PictureGrid Strip(int images, VaeImageShape shape, int scale) =>
        new($"the strip of {images} {shape} images", images, 1, shape, scale, ThinLine);

    /// <summary>
    /// <paramref name="pairs"/> rows above their reconstructions, at most <paramref name="columns"/> pairs to a row pair,
    /// as <see cref="ReconstructionGrid.Render"/> lays them out.
    /// </summary>
    public static PictureGrid Reconstructions(int pairs, int columns, VaeImageShape shape, int scale)
    {
        int perRow = Math.Min(columns, pairs);
        return new($"the grid of {pairs} {shape} images above their reconstructions", perRow, ReconstructionGrid.RowsFor(pairs, perRow), shape, scale, ThinLine);
    }

    /// <summary>
    /// Refuses the picture when it is too large for one image. The message starts with <paramref name="cause"/>, what
    /// made it so ("--count 300000", "manifold.png"), and asks for a lower <paramref name="sizeOption"/>, the option
    /// that sets how many images the picture holds (null when none does), or --scale.
    /// </summary>
    public void RequireFits(string cause, string? sizeOption)
    {
        (double width, double height) = PixelSize;
        if (RgbImage.Fits(width, height))
        {
            return;
        }

        string remedy = (sizeOption, Scale) switch
        {
            (null, 1) => $"images of {Shape} are too large for it even at --scale 1",
            (null, _) => "lower --scale",
            (_, 1) => $"lower {sizeOption}",
            _ => $"lower {sizeOption} or --scale",
        };
        throw new CommandLineException(string.Create(
            CultureInfo.InvariantCulture,
            $"{cause}: {Contents} at --scale {Scale} would be {width:0}×{height:0} pixels, more than the {RgbImage.MaxPixels} one picture can hold; {remedy}."));
    }
}
