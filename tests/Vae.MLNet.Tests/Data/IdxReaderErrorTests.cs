using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class IdxReaderErrorTests
{
    private static VaeDataException ReadFails(byte[] images, byte[]? labels = null, int? maxRows = null) =>
        Assert.ThrowsExactly<VaeDataException>(() =>
            IdxReader.ReadImages(new MemoryStream(images), labels is null ? null : new MemoryStream(labels), maxRows));

    [TestMethod]
    public void LabelsFilePassedAsImagesSaysSoAndNamesTheFile()
    {
        using var temp = new TempDirectory();
        string labels = temp.Write("t10k-labels-idx1-ubyte", IdxFixture.Labels(count: 3));

        var error = Assert.ThrowsExactly<VaeDataException>(() => IdxReader.ReadImages(labels));

        Assert.AreEqual(labels, error.DataSource);
        Assert.Contains(labels, error.Message);
        Assert.Contains("is an IDX labels file (magic number 2049), not an images file", error.Message);
    }

    [TestMethod]
    public void AStreamThatCannotBeReadIsNamed()
    {
        var closed = new MemoryStream(IdxFixture.Images(count: 1, height: 2, width: 2));
        closed.Dispose();
        var readable = new MemoryStream(IdxFixture.Images(count: 1, height: 2, width: 2));

        Assert.AreEqual("images", Assert.ThrowsExactly<ArgumentException>(() => IdxReader.ReadImages(closed)).ParamName);
        Assert.AreEqual("labels", Assert.ThrowsExactly<ArgumentException>(() => IdxReader.ReadImages(readable, closed)).ParamName);
    }

    [TestMethod]
    public void OneStreamPassedAsImagesAndLabelsIsNamedRatherThanCalledDamaged()
    {
        using var images = new MemoryStream(IdxFixture.Gzip(IdxFixture.Images(count: 3, height: 2, width: 2)));

        var error = Assert.ThrowsExactly<ArgumentException>(() => IdxReader.ReadImages(images, images));

        Assert.AreEqual("labels", error.ParamName);
        StringAssert.StartsWith(error.Message, "The images and labels are the same stream; pass the labels file's own stream as labels");
    }

    [TestMethod]
    public void ImagesFilePassedAsLabelsSaysSo()
    {
        using var temp = new TempDirectory();
        string images = temp.Write("images", IdxFixture.Images(count: 3, height: 2, width: 2));

        var error = Assert.ThrowsExactly<VaeDataException>(() => IdxReader.ReadImages(images, labelsPath: images));

        Assert.Contains("is an IDX images file (magic number 2051), not a labels file", error.Message);
    }

    [TestMethod]
    public void ADirectoryGivenForAFileNamesTheArgumentThatHeldIt()
    {
        using var temp = new TempDirectory();
        string images = temp.Write("images", IdxFixture.Images(count: 1, height: 2, width: 2));

        Assert.AreEqual("imagesPath", Assert.ThrowsExactly<ArgumentException>(() => IdxReader.ReadImages(temp.Path)).ParamName);
        Assert.AreEqual("labelsPath", Assert.ThrowsExactly<ArgumentException>(() => IdxReader.ReadImages(images, labelsPath: temp.Path)).ParamName);
    }

    [TestMethod]
    public void UnknownMagicShowsTheBytesFound()
    {
        var error = ReadFails(IdxFixture.Images(count: 1, height: 2, width: 2, magic: 0x12345678));
        Assert.Contains("0x12345678", error.Message);
        Assert.Contains("2051", error.Message);
    }

    [TestMethod]
    [DataRow(0x0B03, false, "i16.idx is an IDX file of 16-bit integers in 3 dimensions (magic number 0x00000B03), not IDX images")]
    [DataRow(0x0D03, false, "i16.idx is an IDX file of 32-bit floats in 3 dimensions (magic number 0x00000D03), not IDX images")]
    [DataRow(0x0804, false, "i16.idx is an IDX file of unsigned bytes in 4 dimensions (magic number 0x00000804), not IDX images")]
    [DataRow(0x0B03, true, "i16.idx is a gzip-compressed IDX file of 16-bit integers in 3 dimensions (magic number 0x00000B03), not IDX images")]
    public void AnIdxFileOfAnotherTypeOrShapeIsNamedByWhatItHolds(int magic, bool gzipped, string message)
    {
        using var temp = new TempDirectory();
        byte[] content = IdxFixture.Images(count: 1, height: 2, width: 2, magic: magic);
        string path = temp.Write("i16.idx", gzipped ? IdxFixture.Gzip(content) : content);

        var error = Assert.ThrowsExactly<VaeDataException>(() => IdxReader.ReadImages(path));

        Assert.AreEqual(
            message.Replace("i16.idx", path, StringComparison.Ordinal)
            + "; only unsigned bytes in 3 dimensions (images) or 1 (labels) are read: pass an MNIST-format images file (…-images-idx3-ubyte), raw or gzip-compressed.",
            error.Message);
    }

    [TestMethod]
    public void TextFileIsNamedAsTextNotByItsFirstBytes()
    {
        using var temp = new TempDirectory();
        string csv = temp.Write("iris.csv", "sepal,petal\n1,2\n"u8.ToArray());
        string compressed = temp.Write("iris.csv.gz", IdxFixture.Gzip("sepal,petal\n1,2\n"u8.ToArray()));
        string images = temp.Write("images", IdxFixture.Images(count: 1, height: 2, width: 2));

        var plain = Assert.ThrowsExactly<VaeDataException>(() => IdxReader.ReadImages(csv));
        var gzipped = Assert.ThrowsExactly<VaeDataException>(() => IdxReader.ReadImages(compressed));
        var asLabels = Assert.ThrowsExactly<VaeDataException>(() => IdxReader.ReadImages(images, labelsPath: csv));

        Assert.AreEqual($"{csv} holds text, such as CSV or TSV, not IDX images; pass an MNIST-format images file (…-images-idx3-ubyte), raw or gzip-compressed.", plain.Message);
        Assert.AreEqual(
            $"{compressed} holds gzip-compressed text, such as CSV or TSV, not IDX images; pass an MNIST-format images file (…-images-idx3-ubyte), raw or gzip-compressed.", gzipped.Message);
        Assert.AreEqual($"{csv} holds text, such as CSV or TSV, not IDX labels; pass an MNIST-format labels file (…-labels-idx1-ubyte), raw or gzip-compressed.", asLabels.Message);
    }

    [TestMethod]
    public void UnknownMagicOfAGzipFileIsToldAsItsDecompressedBytes()
    {
        var error = ReadFails(IdxFixture.Gzip(IdxFixture.Images(count: 1, height: 2, width: 2, magic: 0x12345678)));

        Assert.AreEqual(
            "IDX images stream is gzip-compressed, and decompressed it starts with 0x12345678, not the IDX images magic number 2051 (0x00000803); "
            + "pass an MNIST-format images file (…-images-idx3-ubyte), raw or gzip-compressed.",
            error.Message);
    }

    [TestMethod]
    public void HeaderCutShortIsReported()
    {
        var error = ReadFails(IdxFixture.Images(count: 1, height: 2, width: 2)[..10]);
        Assert.Contains("ends after 10 bytes, inside its 16-byte IDX header", error.Message);
    }

    [TestMethod]
    public void EmptyStreamIsReported()
    {
        var error = ReadFails([]);
        Assert.Contains("ends after 0 bytes", error.Message);
    }

    [TestMethod]
    public void MismatchedImageAndLabelCountsNameBoth()
    {
        var error = ReadFails(IdxFixture.Images(count: 3, height: 2, width: 2), IdxFixture.Labels(count: 4));
        Assert.Contains("declares 3 images", error.Message);
        Assert.Contains("declares 4 labels", error.Message);
        StringAssert.Contains(ReadFails(IdxFixture.Images(count: 1, height: 2, width: 2), IdxFixture.Labels(count: 2)).Message, "declares 1 image but");
    }

    [TestMethod]
    public void TruncatedPixelsGiveExpectedAndActualBytesAndFirstIncompleteImage()
    {
        var error = ReadFails(IdxFixture.Images(count: 3, height: 2, width: 2, pixelBytes: 7));

        Assert.Contains("12 bytes of images should follow the header but only 7 do", error.Message);
        Assert.Contains("maxRows ≤ 1", error.Message);
        Assert.AreEqual(1L, error.Row);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AHeaderDeclaringGigabytesIsRefusedWithoutAllocatingThem(bool gzip)
    {
        // 2 700 000 images of 28 × 28 pixels are 2.1 GB; the file holds 10 bytes of them.
        byte[] file = IdxFixture.Images(count: 2_700_000, height: 28, width: 28, pixelBytes: 10);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var error = ReadFails(gzip ? IdxFixture.Gzip(file) : file);

        Assert.Contains("2116800000 bytes of images should follow the header but only 10 do", error.Message);
        Assert.IsLessThan(16L << 20, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, "bytes allocated");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AFileThatCanHoldTheBytesItDeclaresIsReadIntoOneBufferOfTheirSize(bool gzip)
    {
        // Grown from 1 MB by doubling, 3.1 MB of pixels would allocate 1 + 2 + 3.1 MB and hold two copies at the end.
        const int count = 4000;
        const long pixelBytes = count * 28L * 28;
        byte[] file = IdxFixture.Images(count, height: 28, width: 28);
        new Random(1).NextBytes(file.AsSpan(16));
        byte[] stored = gzip ? IdxFixture.Gzip(file) : file;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        IdxImageDataset images = IdxReader.ReadImages(new MemoryStream(stored));

        Assert.AreEqual(count, images.RowCount);
        Assert.IsLessThan((pixelBytes * 5 / 4) + (1L << 20), GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, "bytes allocated");
    }

    [TestMethod]
    public void AGzipFileFarSmallerThanItsHeaderDeclaresGrowsItsBufferOnlyAsBytesArrive()
    {
        // 1 MB of gzip that cannot hold the 940 MB its header declares: deflate could, but these bytes do not compress.
        byte[] file = IdxFixture.Images(count: 1_200_000, height: 28, width: 28, pixelBytes: 1 << 20);
        new Random(2).NextBytes(file.AsSpan(16));
        byte[] stored = IdxFixture.Gzip(file);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var error = ReadFails(stored);

        Assert.Contains("940800000 bytes of images should follow the header but only 1048576 do", error.Message);
        Assert.IsLessThan(32L << 20, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, "bytes allocated");
    }

    [TestMethod]
    public void TruncatedLabelsPointAtFirstMissingLabel()
    {
        var error = ReadFails(IdxFixture.Images(count: 3, height: 2, width: 2), IdxFixture.Labels(count: 3, labelBytes: 2));
        Assert.Contains("3 bytes of labels should follow the header but only 2 do", error.Message);
        Assert.AreEqual(2L, error.Row);
    }

    [TestMethod]
    public void MaxRowsWithinTheCompletePartOfATruncatedFileSucceeds()
    {
        var images = new MemoryStream(IdxFixture.Images(count: 3, height: 2, width: 2, pixelBytes: 7));
        Assert.AreEqual(1, IdxReader.ReadImages(images, maxRows: 1).RowCount);
    }

    [TestMethod]
    public void CutGzipStreamIsADataErrorNotACrash()
    {
        byte[] gzip = IdxFixture.Gzip(IdxFixture.Images(count: 50, height: 28, width: 28));
        var error = ReadFails(gzip[..(gzip.Length / 2)]);
        Assert.Contains("IDX images stream", error.Message);
    }

    [TestMethod]
    [DataRow(3, DisplayName = "cut inside gzip's own header")]
    [DataRow(2, DisplayName = "the signature alone")]
    public void AGzipFileCutBeforeTheIdxHeaderIsNamedAsATruncatedGzipFile(int keptBytes)
    {
        byte[] gzip = IdxFixture.Gzip(IdxFixture.Images(count: 2, height: 2, width: 2));
        var error = ReadFails(gzip[..keptBytes]);
        Assert.AreEqual(
            "IDX images stream is gzip-compressed, but its content ends after 0 bytes, inside the 16-byte IDX header; the gzip file is truncated or damaged.",
            error.Message);
    }

    [TestMethod]
    public void CorruptGzipSaysTheDownloadIsDamaged()
    {
        byte[] gzip = IdxFixture.Gzip(IdxFixture.Images(count: 2, height: 2, width: 2));
        gzip.AsSpan(10).Fill(0xff);
        var error = ReadFails(gzip);
        Assert.Contains("its compressed data is damaged", error.Message);
        Assert.IsInstanceOfType<InvalidDataException>(error.InnerException);
    }

    [TestMethod]
    public void AChecksumMismatchSaysTheDataIsDamagedNotThatItsMethodIsUnsupported()
    {
        byte[] gzip = IdxFixture.Gzip(IdxFixture.Images(count: 2, height: 2, width: 2));
        gzip[^8] ^= 0x5a;

        var error = ReadFails(gzip);

        StringAssert.StartsWith(error.Message, "IDX images stream is gzip-compressed, but its compressed data is damaged: it does not decompress, or not to the bytes its checksum describes.");
        Assert.DoesNotContain("unsupported compression method", error.Message);
        Assert.IsInstanceOfType<InvalidDataException>(error.InnerException);
    }

    [TestMethod]
    [DataRow(0, 28)]
    [DataRow(28, -1)]
    public void NonPositiveImageSizeIsRejected(int height, int width)
    {
        var error = ReadFails(IdxFixture.Images(count: 1, height: height, width: width, pixelBytes: 0));
        Assert.Contains($"{height} × {width} pixels; both sizes must be positive", error.Message);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-5)]
    public void NonPositiveImageCountIsRejected(int count)
    {
        var error = ReadFails(IdxFixture.Images(count: count, height: 2, width: 2, pixelBytes: 0));
        Assert.Contains($"declares {count} images", error.Message);
    }

    [TestMethod]
    public void ImagesTooLargeForAFeatureRowAreRejected()
    {
        var error = ReadFails(IdxFixture.Images(count: 1, height: 65536, width: 65536, pixelBytes: 0));
        Assert.Contains("65536 × 65536 pixels, more features per row", error.Message);
    }

    [TestMethod]
    public void PixelCountBeyondOneArraySuggestsMaxRowsBeforeAllocating()
    {
        // From a stream of unknown length, as a pipe is: the file may hold all it declares.
        static VaeDataException ReadUnseekableFails(byte[] images, int? maxRows = null) =>
            Assert.ThrowsExactly<VaeDataException>(() => IdxReader.ReadImages(new UnseekableStream(images), null, maxRows));
        var error = ReadUnseekableFails(IdxFixture.Images(count: int.MaxValue, height: 28, width: 28, pixelBytes: 0));
        var prefix = ReadUnseekableFails(IdxFixture.Images(count: int.MaxValue, height: 28, width: 28, pixelBytes: 0), maxRows: 3_000_000);
        var oneImage = ReadFails(IdxFixture.Images(count: 1, height: 16, width: 134_217_725, pixelBytes: 0));

        Assert.Contains($"declares {int.MaxValue} images of 28 × 28 pixels; they take {int.MaxValue * 784L} bytes", error.Message);
        Assert.Contains($"pass maxRows ≤ {Array.MaxLength / 784}", error.Message);
        Assert.Contains($"declares {int.MaxValue} images of 28 × 28 pixels; the first 3000000 take {3_000_000L * 784} bytes", prefix.Message);
        Assert.Contains("16 × 134217725 pixels; they take 2147483600 bytes, more than one array can hold (2147483591); not even one image fits, so the header is damaged.", oneImage.Message);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AFileTooShortForTheImagesThatWouldFitIsCalledDamagedNotAdvisedToReadAPrefix(bool gzip)
    {
        byte[] raw = IdxFixture.Images(count: int.MaxValue, height: 28, width: 28, pixelBytes: 100);
        byte[] file = gzip ? IdxFixture.Gzip(raw) : raw;

        var error = ReadFails(file);

        // Deflate makes at most 1032 bytes of one.
        string holds = gzip ? $"the gzip file inflates to at most {file.Length * 1032L}" : "the file holds only 116";
        Assert.Contains($", and {holds} bytes, too few for the first {Array.MaxLength / 784} images, which would fit; the header is damaged or the file truncated. Re-download the file.", error.Message);
        Assert.DoesNotContain("maxRows", error.Message);
    }

    [TestMethod]
    public void BytesBeyondTheDeclaredCountAreReported()
    {
        var error = ReadFails(IdxFixture.Images(count: 2, height: 2, width: 2, pixelBytes: 9));
        Assert.Contains("holds more than the 8 bytes of images its header declares", error.Message);
        StringAssert.Contains(ReadFails(IdxFixture.Images(count: 1, height: 1, width: 1, pixelBytes: 2)).Message, "holds more than the 1 byte of images its header declares");
    }

    [TestMethod]
    [DataRow(false, "holds more than the 131072 bytes of images its header declares; the header count is wrong or several files were joined.")]
    [DataRow(true, "is gzip-compressed, but its compressed data is damaged")]
    public void GzipBytesBeyondTheDeclaredCountAreToldApartFromDamageByTheChecksum(bool damaged, string message)
    {
        // Damaged compressed data can inflate to more bytes than the header declares, and a damaged checksum says so;
        // here the extra bytes, more than one read takes, come before it.
        byte[] gzip = IdxFixture.Gzip(IdxFixture.Images(count: 2, height: 256, width: 256, pixelBytes: (2 * 256 * 256) + 70_000));
        if (damaged)
        {
            gzip[^8] ^= 0x5a;
        }

        var error = ReadFails(gzip);

        Assert.Contains(message, error.Message);
    }

    [TestMethod]
    public void LabelBytesBeyondTheDeclaredCountAreReported()
    {
        var error = ReadFails(IdxFixture.Images(count: 2, height: 2, width: 2), IdxFixture.Labels(count: 2, labelBytes: 3));
        Assert.Contains("holds more than the 2 bytes of labels its header declares", error.Message);
    }
}
