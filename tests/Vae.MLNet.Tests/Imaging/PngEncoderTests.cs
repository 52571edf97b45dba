using Vae.MLNet.Imaging;
using Vae.MLNet.IO;

namespace Vae.MLNet.Tests.Imaging;

[TestClass]
public sealed class PngEncoderTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(1, 1, PngColorType.Grayscale)]
    [DataRow(1, 1, PngColorType.Rgb)]
    [DataRow(7, 5, PngColorType.Grayscale)]
    [DataRow(13, 9, PngColorType.Rgb)]
    [DataRow(64, 3, PngColorType.Rgb)]
    public void RoundTripsPixelsThroughOwnDecoder(int width, int height, PngColorType colorType)
    {
        byte[] pixels = TestPattern(width, height, colorType);
        using var stream = new MemoryStream();
        PngEncoder.Write(stream, width, height, pixels, colorType);

        PngTestDecoder.Decoded decoded = PngTestDecoder.Decode(stream.ToArray());

        Assert.AreEqual(width, decoded.Width);
        Assert.AreEqual(height, decoded.Height);
        Assert.AreEqual(colorType, decoded.ColorType);
        CollectionAssert.AreEqual(new[] { "IHDR", "IDAT", "IEND" }, decoded.ChunkTypes.ToArray());
        CollectionAssert.AreEqual(pixels, decoded.Pixels);
    }

    [TestMethod]
    public void WritesTextBeforeTheImageDataWhereItIsReadBackAndTheImageStillDecodes()
    {
        byte[] pixels = TestPattern(5, 4, PngColorType.Rgb);
        using var stream = new MemoryStream();
        PngEncoder.Write(stream, 5, 4, pixels, PngColorType.Rgb, [new PngText("Software", "vae pictures"), new PngText("Title", "caf\u00E9.png")]);

        PngTestDecoder.Decoded decoded = PngTestDecoder.Decode(stream.ToArray());
        stream.Position = 0;
        IReadOnlyList<PngText> text = PngTextReader.Leading(stream);

        CollectionAssert.AreEqual(new[] { "IHDR", "tEXt", "tEXt", "IDAT", "IEND" }, decoded.ChunkTypes.ToArray());
        CollectionAssert.AreEqual(pixels, decoded.Pixels);
        CollectionAssert.AreEqual(new[] { "Software: vae pictures", "Title: caf\u00E9.png" }, text.Select(note => $"{note.Keyword}: {note.Text}").ToArray());
    }

    [TestMethod]
    public void ReadsNoTextFromAPngWithoutAnyOrFromAnotherFile()
    {
        using var plain = new MemoryStream();
        PngEncoder.Write(plain, 2, 2, TestPattern(2, 2, PngColorType.Grayscale), PngColorType.Grayscale);
        plain.Position = 0;
        byte[] cut = [.. plain.ToArray().Take(20)];

        Assert.IsEmpty(PngTextReader.Leading(plain));
        Assert.IsEmpty(PngTextReader.Leading(new MemoryStream(cut)));
        Assert.IsEmpty(PngTextReader.Leading(new MemoryStream("Software\0vae pictures"u8.ToArray())));
    }

    [TestMethod]
    [DataRow("", "text")]
    [DataRow("Key\0word", "text")]
    [DataRow("Keyword", "\u0100")]
    public void RefusesTextThatNoPngChunkCanHold(string keyword, string text) =>
        Assert.ThrowsExactly<ArgumentException>(() => new PngText(keyword, text));

    [TestMethod]
    public void ChoosesDifferentFiltersForDifferentRows()
    {
        const int width = 40, height = 12;
        byte[] pixels = TestPattern(width, height, PngColorType.Rgb);
        using var stream = new MemoryStream();
        PngEncoder.Write(stream, width, height, pixels, PngColorType.Rgb);

        PngTestDecoder.Decoded decoded = PngTestDecoder.Decode(stream.ToArray());

        Assert.IsGreaterThanOrEqualTo(3, decoded.FilterTypes.Count, string.Join(",", decoded.FilterTypes));
        CollectionAssert.AreEqual(pixels, decoded.Pixels);
    }

    [TestMethod]
    [DataRow(PngColorType.Grayscale, "L")]
    [DataRow(PngColorType.Rgb, "RGB")]
    public void IndependentDecoderReadsSamePixels(PngColorType colorType, string expectedMode)
    {
        const int width = 11, height = 6;
        byte[] pixels = TestPattern(width, height, colorType);
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "pattern.png");

        PngEncoder.Save(path, width, height, pixels, colorType);
        (string mode, int w, int h, byte[] read) = IndependentPngReader.Read(path);

        Assert.AreEqual(expectedMode, mode);
        Assert.AreEqual(width, w);
        Assert.AreEqual(height, h);
        CollectionAssert.AreEqual(pixels, read);
    }

    [TestMethod]
    public void ALargeImageIsWrittenAsFullDataChunksThenOneShorterOneThatEveryDecoderJoins()
    {
        // Noise does not compress, so these 480 000 bytes need several 64 KiB chunks.
        const int width = 400, height = 400;
        var pixels = new byte[width * height * 3];
        new Random(3).NextBytes(pixels);
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "noise.png");

        PngEncoder.Save(path, width, height, pixels, PngColorType.Rgb);
        PngTestDecoder.Decoded decoded = PngTestDecoder.Decode(File.ReadAllBytes(path));

        int[] dataLengths = [.. decoded.ChunkLengths.Where((_, i) => decoded.ChunkTypes[i] == "IDAT")];
        Assert.IsGreaterThan(pixels.Length / PngDataChunkStream.ChunkCapacity, dataLengths.Length);
        CollectionAssert.AreEqual(
            new[] { "IHDR" }.Concat(Enumerable.Repeat("IDAT", dataLengths.Length)).Append("IEND").ToArray(),
            decoded.ChunkTypes.ToArray(),
            "the data chunks follow one another");
        Assert.IsTrue(dataLengths[..^1].All(length => length == PngDataChunkStream.ChunkCapacity), string.Join(",", dataLengths));
        Assert.IsTrue(dataLengths[^1] is > 0 and <= PngDataChunkStream.ChunkCapacity, $"last chunk {dataLengths[^1]} bytes");
        CollectionAssert.AreEqual(pixels, decoded.Pixels);
        CollectionAssert.AreEqual(pixels, IndependentPngReader.Read(path).Pixels);
    }

    [TestMethod]
    public void EmptyChunkCrcMatchesTheKnownIendValue()
    {
        using var stream = new MemoryStream();
        PngEncoder.Write(stream, 1, 1, [0], PngColorType.Grayscale);
        byte[] png = stream.ToArray();

        byte[] iend = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
        CollectionAssert.AreEqual(iend, png[^12..]);
        Assert.AreEqual(0xAE426082u, Crc32.Compute("IEND"u8));
    }

    [TestMethod]
    public void SaveReplacesExistingFileAndLeavesNoTemporaryFiles()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("out.png", "old content"u8.ToArray());

        PngEncoder.Save(path, 2, 1, [10, 20], PngColorType.Grayscale);

        CollectionAssert.AreEqual(new byte[] { 10, 20 }, PngTestDecoder.Decode(File.ReadAllBytes(path)).Pixels);
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(directory.Path));
    }

    [TestMethod]
    public void RejectsInvalidArguments()
    {
        using var stream = new MemoryStream();
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PngEncoder.Write(stream, 0, 1, [], PngColorType.Grayscale)).ParamName);
        Assert.AreEqual("height", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PngEncoder.Write(stream, 1, -1, [], PngColorType.Grayscale)).ParamName);
        Assert.AreEqual("pixels", Assert.ThrowsExactly<ArgumentException>(() => PngEncoder.Write(stream, 2, 2, new byte[4], PngColorType.Rgb)).ParamName);
        Assert.AreEqual("colorType", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PngEncoder.Write(stream, 1, 1, [0], (PngColorType)3)).ParamName);
        Assert.AreEqual("output", Assert.ThrowsExactly<ArgumentNullException>(() => PngEncoder.Write(null!, 1, 1, [0], PngColorType.Grayscale)).ParamName);
        string missingDirectory = Path.Combine(Path.GetTempPath(), $"vae-missing-{Guid.NewGuid():N}", "x.png");
        Assert.AreEqual("path", Assert.ThrowsExactly<ArgumentException>(() => PngEncoder.Save(missingDirectory, 1, 1, [0], PngColorType.Grayscale)).ParamName);
        Assert.AreEqual(0, stream.Length, "nothing is written when the arguments are rejected");
    }

    [TestMethod]
    public void RefusesAnImageTooLargeForOneArrayAsTooLarge()
    {
        using var stream = new MemoryStream();

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PngEncoder.Write(stream, int.MaxValue, int.MaxValue, new byte[3], PngColorType.Rgb));

        Assert.AreEqual("width", error.ParamName);
        StringAssert.StartsWith(error.Message, $"A 2147483647×2147483647 Rgb image is too large: its pixel bytes would not fit in one array ({Array.MaxLength} bytes); write a smaller image.");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PngEncoder.Write(stream, Array.MaxLength, 2, [], PngColorType.Grayscale));
        Assert.AreEqual(0, stream.Length);
    }

    /// <summary>Gradients, noise and flat rows, which favour different filters, so unfiltering of several types is exercised.</summary>
    private static byte[] TestPattern(int width, int height, PngColorType colorType)
    {
        int channels = colorType == PngColorType.Rgb ? 3 : 1;
        var pixels = new byte[width * height * channels];
        var random = new Random(width * 31 + height);
        for (int i = 0; i < pixels.Length; i++)
        {
            int x = i / channels % width, y = i / channels / width;
            pixels[i] = (y % 3) switch
            {
                0 => (byte)(x * 17 + y * 5 + i % channels * 60),
                1 => (byte)random.Next(256),
                _ => (byte)(255 - (y * 11)),
            };
        }

        return pixels;
    }
}
