using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class PictureGridTests
{
    private static readonly VaeImageShape Shape = new(3, 2);

    [TestMethod]
    public void EachLayoutHasTheSizeOfThePictureDrawnWithIt()
    {
        float[] Images(int count) => new float[count * Shape.Pixels];
        PictureGrid tiled = PictureGrid.Tiled(11, 4, Shape, 3);
        PictureGrid fewerThanAColumnRow = PictureGrid.Tiled(3, 8, Shape, 2);
        PictureGrid butted = PictureGrid.Tiled(9, 3, Shape, 2, separator: 0);
        PictureGrid strip = PictureGrid.Strip(5, Shape, 2);
        PictureGrid reconstructions = PictureGrid.Reconstructions(7, 3, Shape, 2);

        AssertSize(tiled, ImageGrid.Render(Images(11), Shape.Width, Shape.Height, tiled.Columns, tiled.Scale, tiled.Separator));
        AssertSize(fewerThanAColumnRow, ImageGrid.Render(Images(3), Shape.Width, Shape.Height, fewerThanAColumnRow.Columns, fewerThanAColumnRow.Scale, fewerThanAColumnRow.Separator));
        AssertSize(butted, LatentManifold.Render(Images(9), Shape.Width, Shape.Height, 3, butted.Scale, butted.Separator));
        AssertSize(strip, ImageGrid.RenderStrip(Images(5), Shape.Width, Shape.Height, strip.Scale, strip.Separator));
        AssertSize(reconstructions, ReconstructionGrid.Render(Images(7), Images(7), Shape.Width, Shape.Height, reconstructions.Columns, reconstructions.Scale, reconstructions.Separator));
    }

    [TestMethod]
    [DataRow(1, 8, 1, 1)]
    [DataRow(7, 8, 7, 1)]
    [DataRow(8, 8, 8, 1)]
    [DataRow(9, 8, 8, 2)]
    [DataRow(13, 4, 4, 4)]
    [DataRow(13, 1, 1, 13)]
    public void ATiledGridHasAsManyColumnsAsARowHoldsOrItHasImagesAndRowsForTheRest(int images, int columns, int columnsLaidOut, int rows)
    {
        PictureGrid grid = PictureGrid.Tiled(images, columns, Shape, 1);

        Assert.AreEqual((columnsLaidOut, rows), (grid.Columns, grid.Rows));
        Assert.AreEqual(((columnsLaidOut * 4) + 1, (rows * 3) + 1), ((int)grid.PixelSize.Width, (int)grid.PixelSize.Height));
    }

    [TestMethod]
    [DataRow("--count", 2, "lower --count or --scale.")]
    [DataRow("--count", 1, "lower --count.")]
    [DataRow(null, 2, "lower --scale.")]
    [DataRow(null, 1, "images of 1340x1340 are too large for it even at --scale 1.")]
    public void APictureTooLargeForOneImageAsksForWhatShrinksIt(string? sizeOption, int scale, string remedy)
    {
        // 400 images of 1340×1340 butted together hold 26800² pixels, more than one image at any scale.
        PictureGrid grid = PictureGrid.Tiled(400, 20, new VaeImageShape(1340, 1340), scale, separator: 0);

        var refusal = Assert.ThrowsExactly<CommandLineException>(() => grid.RequireFits("manifold.png", sizeOption));

        StringAssert.StartsWith(refusal.Message, $"manifold.png: the grid of 400 1340x1340 images at --scale {scale} would be {26800 * scale}×{26800 * scale} pixels, more than the 715827863 one picture can hold; ");
        StringAssert.EndsWith(refusal.Message, $"; {remedy}");
    }

    [TestMethod]
    public void APictureThatFitsIsNotRefused() =>
        PictureGrid.Tiled(10_000, 8, new VaeImageShape(28, 28), 8).RequireFits("--count 10000", "--count");

    private static void AssertSize(PictureGrid layout, RgbImage drawn)
    {
        (double width, double height) = layout.PixelSize;
        Assert.AreEqual((drawn.Width, drawn.Height), ((int)width, (int)height), layout.Contents);
    }
}
