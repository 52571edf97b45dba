using Vae.MLNet.Imaging;

namespace Vae.MLNet.Tests.Imaging;

[TestClass]
public sealed class ImageGridTests
{
    [TestMethod]
    public void GridHasSeparatorsTilesAndScaledPixelsWhereExpected()
    {
        // Three 2×1 images in two columns at scale 2 with 1-pixel separators: 2 rows, the second half empty.
        float[] images = [0f, 1f, 0.5f, 2f, -1f, 0.2f];
        RgbImage grid = ImageGrid.Render(images, imageWidth: 2, imageHeight: 1, columns: 2, scale: 2, separator: 1);

        Assert.AreEqual((2 * 4) + 3, grid.Width);
        Assert.AreEqual((2 * 2) + 3, grid.Height);
        Assert.AreEqual(ImageGrid.SeparatorColor, grid.GetPixel(0, 0));
        Assert.AreEqual(RgbColor.Gray(0), grid.GetPixel(1, 1));
        Assert.AreEqual(RgbColor.Gray(0), grid.GetPixel(2, 2), "scale repeats a pixel over 2×2");
        Assert.AreEqual(RgbColor.Gray(255), grid.GetPixel(3, 1));
        Assert.AreEqual(ImageGrid.SeparatorColor, grid.GetPixel(5, 1));
        Assert.AreEqual(RgbColor.Gray(128), grid.GetPixel(6, 1));
        Assert.AreEqual(RgbColor.Gray(255), grid.GetPixel(8, 2), "values above 1 clamp to white");
        Assert.AreEqual(RgbColor.Gray(0), grid.GetPixel(1, 4), "values below 0 clamp to black");
        Assert.AreEqual(RgbColor.Gray(51), grid.GetPixel(3, 5), "0.2 → 51");
        Assert.AreEqual(ImageGrid.SeparatorColor, grid.GetPixel(7, 5), "the unused cell keeps the separator colour");
    }

    [TestMethod]
    public void StripIsOneRowOfAllImages()
    {
        RgbImage strip = ImageGrid.RenderStrip(new float[5 * 4 * 3], imageWidth: 4, imageHeight: 3, scale: 1, separator: 2);

        Assert.AreEqual((5 * 4) + (6 * 2), strip.Width);
        Assert.AreEqual(3 + (2 * 2), strip.Height);
    }

    [TestMethod]
    public void ReconstructionsSitDirectlyBelowTheirOriginals()
    {
        // Four 1×1 images, two per row; multiples of 0.2 map exactly to multiples of 51.
        float[] originals = [0.2f, 0.4f, 0.6f, 0.8f];
        float[] reconstructions = [0f, 1f, 0.4f, 0.2f];

        RgbImage grid = ReconstructionGrid.Render(originals, reconstructions, 1, 1, columns: 2, scale: 1, separator: 1);
        Assert.AreEqual(5, grid.Width);
        Assert.AreEqual(9, grid.Height);
        Assert.AreEqual(RgbColor.Gray(51), grid.GetPixel(1, 1));
        Assert.AreEqual(RgbColor.Gray(255), grid.GetPixel(3, 3));
        Assert.AreEqual(RgbColor.Gray(153), grid.GetPixel(1, 5));
        Assert.AreEqual(RgbColor.Gray(51), grid.GetPixel(3, 7));
    }

    [TestMethod]
    public void PairsThatDoNotFillTheLastRowLeaveItsOtherCellsEmpty()
    {
        // Three 1×1 images, two per row: the second row pair holds one original above its reconstruction.
        RgbImage grid = ReconstructionGrid.Render([0.2f, 0.4f, 0.6f], [0f, 1f, 0.8f], 1, 1, columns: 2, scale: 1, separator: 1);

        Assert.AreEqual(5, grid.Width);
        Assert.AreEqual(9, grid.Height);
        Assert.AreEqual(RgbColor.Gray(255), grid.GetPixel(3, 3));
        Assert.AreEqual(RgbColor.Gray(153), grid.GetPixel(1, 5));
        Assert.AreEqual(RgbColor.Gray(204), grid.GetPixel(1, 7), "the reconstruction sits below its original");
        Assert.AreEqual(ImageGrid.SeparatorColor, grid.GetPixel(3, 5));
        Assert.AreEqual(ImageGrid.SeparatorColor, grid.GetPixel(3, 7));
    }

    [TestMethod]
    public void ManifoldPointsRunLeftToRightAndBottomToTop()
    {
        float[] points = LatentManifold.GridPoints(gridSize: 3, extent: 2f);

        Assert.AreEqual(18, points.Length);
        CollectionAssert.AreEqual(new[] { -2f, 2f }, points[0..2], "top-left cell");
        CollectionAssert.AreEqual(new[] { 0f, 2f }, points[2..4]);
        CollectionAssert.AreEqual(new[] { 2f, -2f }, points[16..18], "bottom-right cell");

        float[] widest = LatentManifold.GridPoints(gridSize: 3, extent: float.MaxValue);
        CollectionAssert.AreEqual(new[] { -float.MaxValue, float.MaxValue, 0f, float.MaxValue }, widest[0..4], "the largest extent, whose step overflows float32");
        CollectionAssert.AreEqual(new[] { float.MaxValue, -float.MaxValue }, widest[16..18]);

        RgbImage manifold = LatentManifold.Render(new float[9 * 4 * 4], 4, 4, gridSize: 3, scale: 2);
        Assert.AreEqual(24, manifold.Width, "no separators by default");
        Assert.AreEqual(24, manifold.Height);
    }

    [TestMethod]
    public void RejectsInvalidArguments()
    {
        float[] four = new float[4];
        Assert.AreEqual("images", Assert.ThrowsExactly<ArgumentException>(() => ImageGrid.Render(new float[5], 2, 2, 1)).ParamName);
        Assert.AreEqual("images", Assert.ThrowsExactly<ArgumentException>(() => ImageGrid.Render([0f, float.NaN, 0f, 0f], 2, 2, 1)).ParamName);
        Assert.AreEqual("images", Assert.ThrowsExactly<ArgumentNullException>(() => ImageGrid.Render(null!, 2, 2, 1)).ParamName);
        Assert.AreEqual("imageWidth", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ImageGrid.Render(four, 0, 2, 1)).ParamName);
        Assert.AreEqual("imageWidth", Assert.ThrowsExactly<ArgumentException>(() => ImageGrid.Render(four, 65536, 65536, 1)).ParamName);
        Assert.AreEqual("columns", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ImageGrid.Render(four, 2, 2, 0)).ParamName);
        Assert.AreEqual("scale", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ImageGrid.Render(four, 2, 2, 1, scale: 0)).ParamName);
        Assert.AreEqual("separator", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ImageGrid.Render(four, 2, 2, 1, separator: -1)).ParamName);
        Assert.AreEqual("reconstructions", Assert.ThrowsExactly<ArgumentException>(() => ReconstructionGrid.Render(four, new float[8], 2, 2, 1)).ParamName);
        Assert.AreEqual("reconstructions", Assert.ThrowsExactly<ArgumentException>(() => ReconstructionGrid.Render(four, [0f, 0f, float.NaN, 0f], 2, 2, 1)).ParamName);
        Assert.AreEqual("columns", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ReconstructionGrid.Render(four, four, 2, 2, 0)).ParamName);
        Assert.AreEqual("decodedImages", Assert.ThrowsExactly<ArgumentException>(() => LatentManifold.Render(four, 2, 2, 2)).ParamName);
        ArgumentException notANumber = Assert.ThrowsExactly<ArgumentException>(() => LatentManifold.Render([0f, 0f, 0f, float.NaN], 1, 1, 2));
        Assert.AreEqual("decodedImages", notANumber.ParamName);
        StringAssert.StartsWith(notANumber.Message, "decodedImages[3] is NaN;");
        Assert.AreEqual("extent", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LatentManifold.GridPoints(3, float.PositiveInfinity)).ParamName);
        Assert.AreEqual("gridSize", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LatentManifold.GridPoints(1)).ParamName);
    }

    [TestMethod]
    public void AGridTooLargeForOneImageAdvisesFewerImagesAndFewerColumnsOnlyWhereCellsStandEmpty()
    {
        // Three 1000×1000 images at scale 16 are 16000×16000 pixels each: 2.3 GB of RGB for the three.
        float[] three = new float[3 * 1000 * 1000];

        ArgumentException filled = Assert.ThrowsExactly<ArgumentException>(() => ImageGrid.Render(three, 1000, 1000, columns: 3, scale: 16));
        ArgumentException sparse = Assert.ThrowsExactly<ArgumentException>(() => ImageGrid.Render(three, 1000, 1000, columns: 5, scale: 16));

        // Three pairs take six cells, but only three columns: each pair stands in one column, its reconstruction below it.
        ArgumentException filledPairs = Assert.ThrowsExactly<ArgumentException>(() => ReconstructionGrid.Render(three, three, 1000, 1000, columns: 3, scale: 16));
        ArgumentException sparsePairs = Assert.ThrowsExactly<ArgumentException>(() => ReconstructionGrid.Render(three, three, 1000, 1000, columns: 5, scale: 16));

        Assert.AreEqual("images", filled.ParamName);
        StringAssert.Contains(filled.Message, "The grid of 3 images would be 48004×16002 pixels, too large for one image; draw fewer images or at a smaller scale.");
        StringAssert.Contains(sparse.Message, "draw fewer images or at a smaller scale, or in fewer than 5 columns.");
        StringAssert.Contains(filledPairs.Message, "The grid of 6 images would be 48004×32003 pixels, too large for one image; draw fewer images or at a smaller scale.");
        StringAssert.Contains(sparsePairs.Message, "draw fewer images or at a smaller scale, or in fewer than 5 columns.");
    }

    /// <summary>Images too large for one array were always blamed on imageWidth, however small it was.</summary>
    [TestMethod]
    [DataRow(2, int.MaxValue, "imageHeight")]
    [DataRow(int.MaxValue, 2, "imageWidth")]
    public void ImagesTooLargeNameTheLargerSide(int imageWidth, int imageHeight, string expected)
    {
        Assert.AreEqual(expected, Assert.ThrowsExactly<ArgumentException>(() => ImageGrid.Render(new float[2], imageWidth, imageHeight, columns: 1)).ParamName);
        Assert.AreEqual(expected, Assert.ThrowsExactly<ArgumentException>(() => ImageGrid.RenderStrip(new float[2], imageWidth, imageHeight)).ParamName);
        Assert.AreEqual(expected, Assert.ThrowsExactly<ArgumentException>(() => LatentManifold.Render(new float[2], imageWidth, imageHeight, gridSize: 1)).ParamName);
        Assert.AreEqual(expected, Assert.ThrowsExactly<ArgumentException>(() => ReconstructionGrid.Render(new float[2], new float[2], imageWidth, imageHeight, columns: 1)).ParamName);
    }

    [TestMethod]
    public void ColumnsNearIntMaxValueAreRefusedAsTooWideNotOverflowed()
    {
        var grid = Assert.ThrowsExactly<ArgumentException>(() => ImageGrid.Render(new float[2], 1, 1, columns: int.MaxValue));
        var pairs = Assert.ThrowsExactly<ArgumentException>(() => ReconstructionGrid.Render(new float[2], new float[2], 1, 1, columns: int.MaxValue));

        Assert.AreEqual("images", grid.ParamName);
        Assert.AreEqual("originals", pairs.ParamName);
        foreach (ArgumentException error in new[] { grid, pairs })
        {
            StringAssert.Contains(error.Message, $"or in fewer than {int.MaxValue} columns.");
        }
    }
}
