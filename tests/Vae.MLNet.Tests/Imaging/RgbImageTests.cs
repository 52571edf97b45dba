using Vae.MLNet.Imaging;

namespace Vae.MLNet.Tests.Imaging;

[TestClass]
public sealed class RgbImageTests
{
    private static readonly RgbColor Red = new(255, 0, 0);

    [TestMethod]
    public void FillAndSetPixelWriteRgbBytesInRowMajorOrder()
    {
        var image = new RgbImage(3, 2, RgbColor.White);
        image.SetPixel(2, 1, new RgbColor(1, 2, 3));

        Assert.AreEqual(RgbColor.White, image.GetPixel(0, 0));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, image.Pixels[15..18].ToArray());
    }

    [TestMethod]
    public void WritePngEncodesThePixelsAndLeavesTheStreamOpen()
    {
        var image = new RgbImage(4, 3, RgbColor.White);
        image.SetPixel(3, 2, Red);
        using var stream = new MemoryStream();

        image.WritePng(stream);

        Assert.IsTrue(stream.CanWrite, "the caller's stream stays open");
        PngTestDecoder.Decoded decoded = PngTestDecoder.Decode(stream.ToArray());
        Assert.AreEqual((4, 3, PngColorType.Rgb), (decoded.Width, decoded.Height, decoded.ColorType));
        CollectionAssert.AreEqual(image.Pixels.ToArray(), decoded.Pixels);
    }

    [TestMethod]
    public void LineCoversBothEndpointsAndOnePixelPerColumnWhenShallow()
    {
        var image = new RgbImage(10, 6);
        image.DrawLine(1, 1, 8, 4, Red);

        Assert.AreEqual(Red, image.GetPixel(1, 1));
        Assert.AreEqual(Red, image.GetPixel(8, 4));
        for (int x = 0; x < 10; x++)
        {
            int inked = Enumerable.Range(0, 6).Count(y => image.GetPixel(x, y) == Red);
            Assert.AreEqual(x is >= 1 and <= 8 ? 1 : 0, inked, $"column {x}");
        }
    }

    [TestMethod]
    public void ShapesClipAtTheEdgesInsteadOfThrowing()
    {
        var image = new RgbImage(5, 5);
        image.DrawLine(-10, 2, 20, 2, Red, thickness: 3);
        image.FillCircle(0, 0, 3, Red);
        image.DrawRectangle(-1, -1, 100, 100, Red);

        Assert.AreEqual(Red, image.GetPixel(4, 3));
        Assert.AreEqual(RgbColor.Black, image.GetPixel(4, 0));
    }

    [TestMethod]
    public void FilledCircleIsSymmetricAndBounded()
    {
        var image = new RgbImage(11, 11);
        image.FillCircle(5, 5, 3, Red);

        int inked = 0;
        for (int y = 0; y < 11; y++)
        {
            for (int x = 0; x < 11; x++)
            {
                bool ink = image.GetPixel(x, y) == Red;
                inked += ink ? 1 : 0;
                Assert.AreEqual(ink, image.GetPixel(10 - x, y) == Red, $"mirror of ({x},{y})");
                Assert.IsTrue(!ink || (Math.Abs(x - 5) <= 3 && Math.Abs(y - 5) <= 3), $"({x},{y}) outside the radius");
            }
        }

        Assert.IsTrue(inked is > 25 and < 49, $"{inked} pixels");
    }

    [TestMethod]
    public void RectangleOutlineLeavesTheInsideAlone()
    {
        var image = new RgbImage(6, 5);
        image.DrawRectangle(1, 1, 4, 3, Red);

        Assert.AreEqual(Red, image.GetPixel(1, 1));
        Assert.AreEqual(Red, image.GetPixel(4, 3));
        Assert.AreEqual(RgbColor.Black, image.GetPixel(2, 2));
        Assert.AreEqual(RgbColor.Black, image.GetPixel(5, 4));
    }

    [TestMethod]
    public void TextMatchesTheGlyphShapes()
    {
        var image = new RgbImage(20, 14);
        image.DrawText("I-", 0, 0, RgbColor.White, scale: 2);

        // 'I' is a centred stem with bars top and bottom; '-' is a single bar on the middle row.
        Assert.AreEqual(RgbColor.White, image.GetPixel(4, 6));
        Assert.AreEqual(RgbColor.Black, image.GetPixel(0, 6));
        Assert.AreEqual(RgbColor.White, image.GetPixel(2, 0));
        Assert.AreEqual(RgbColor.White, image.GetPixel(12, 6));
        Assert.AreEqual(RgbColor.Black, image.GetPixel(12, 0));
        Assert.AreEqual((22, 14), RgbImage.MeasureText("I-", 2));
    }

    [TestMethod]
    public void TextAtAScaleWhosePositionsOverflowIntDrawsNothingOffTheImageBackOntoIt()
    {
        var image = new RgbImage(60, 20);
        image.FillRectangle(0, 0, 60, 20, RgbColor.White);

        // Only the first glyph's top-left font pixel starts on the image, and 'A' has no ink there.
        image.DrawText("AAAAAAAA", 0, 0, RgbColor.Black, scale: 400_000_000);

        Assert.IsTrue(image.Pixels.ToArray().All(value => value == 255));
    }

    [TestMethod]
    public void EveryPrintableGlyphExceptSpaceHasInkAndGlyphsDiffer()
    {
        var shapes = new HashSet<string>();
        for (char c = '!'; c <= '~'; c++)
        {
            var image = new RgbImage(5, 7);
            image.DrawText(c.ToString(), 0, 0, RgbColor.White);
            string shape = Convert.ToHexString(image.Pixels);
            Assert.AreNotEqual(Convert.ToHexString(new byte[5 * 7 * 3]), shape, $"'{c}' is blank");
            Assert.IsTrue(shapes.Add(shape), $"'{c}' looks like another glyph");
        }
    }

    [TestMethod]
    public void ShapesReachingFarOutsideTheImageCostOnlyThePixelsInside()
    {
        var disc = new RgbImage(10, 10);
        var line = new RgbImage(10, 10);
        var diagonal = new RgbImage(10, 10);

        // Unclipped, the disc looped over 4·10¹² pixels and each line over 2³² steps; a hang fails rather than stalls the run.
        bool finished = Task.Run(() =>
        {
            disc.FillCircle(5, 5, 1_000_000, Red);
            line.DrawLine(int.MinValue, 3, int.MaxValue, 3, Red);
            diagonal.DrawLine(int.MaxValue, int.MaxValue, int.MinValue, int.MinValue, Red, thickness: 2);
        }).Wait(TimeSpan.FromSeconds(10));

        Assert.IsTrue(finished, "drawing took more than 10 s");
        for (int y = 0; y < 10; y++)
        {
            for (int x = 0; x < 10; x++)
            {
                Assert.AreEqual(Red, disc.GetPixel(x, y), $"disc at ({x},{y})");
                Assert.AreEqual(y == 3, line.GetPixel(x, y) == Red, $"horizontal line at ({x},{y})");

                // A 2-pixel stamp covers its pixel and the next column and row.
                Assert.AreEqual(x - y is 0 or 1 || y - x == 1, diagonal.GetPixel(x, y) == Red, $"diagonal at ({x},{y})");
            }
        }
    }

    [TestMethod]
    public void TextTooLargeToMeasureIsRefusedNamingTheScale()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RgbImage.MeasureText("abcdef", int.MaxValue));
        Assert.AreEqual("scale", error.ParamName);
        Assert.AreEqual((35, 7), RgbImage.MeasureText("abcdef", 1));
    }

    [TestMethod]
    public void RejectsInvalidArguments()
    {
        var image = new RgbImage(4, 4);
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RgbImage(0, 4)).ParamName);
        // An image too large for one array is the larger side's doing, not always the width's.
        Assert.AreEqual("height", Assert.ThrowsExactly<ArgumentException>(() => new RgbImage(2, int.MaxValue)).ParamName);
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentException>(() => new RgbImage(int.MaxValue, 2)).ParamName);
        Assert.AreEqual("x", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => image.SetPixel(4, 0, Red)).ParamName);
        Assert.AreEqual("y", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => image.GetPixel(0, -1)).ParamName);
        Assert.AreEqual("radius", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => image.FillCircle(1, 1, -1, Red)).ParamName);
        Assert.AreEqual("thickness", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => image.DrawLine(0, 0, 1, 1, Red, 0)).ParamName);
        Assert.AreEqual("text", Assert.ThrowsExactly<ArgumentNullException>(() => image.DrawText(null!, 0, 0, Red)).ParamName);
    }
}
