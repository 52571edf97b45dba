using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Data;

[TestClass]
public sealed class IdxReaderTests
{
    [TestMethod]
    public void ReadsImagesAndLabelsFromRawStreams()
    {
        using var images = new MemoryStream(IdxFixture.Images(count: 3, height: 2, width: 3));
        using var labels = new MemoryStream(IdxFixture.Labels(count: 3));

        IdxImageDataset data = IdxReader.ReadImages(images, labels);

        Assert.AreEqual(3, data.RowCount);
        Assert.AreEqual(6, data.FeatureCount);
        Assert.AreEqual(new VaeImageShape(3, 2), data.ImageShape);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, data.Labels!.ToArray());
    }

    [TestMethod]
    public void CopyRowsScalesBytesToUnitIntervalInRequestedOrder()
    {
        using var images = new MemoryStream(IdxFixture.Images(count: 3, height: 2, width: 3));
        IdxImageDataset data = IdxReader.ReadImages(images);

        var rows = new float[12];
        data.CopyRows([2, 0], rows);

        float[] expected = [12 / 255f, 13 / 255f, 14 / 255f, 15 / 255f, 16 / 255f, 17 / 255f, 0f, 1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f, 5 / 255f];
        CollectionAssert.AreEqual(expected, rows);
    }

    [TestMethod]
    public void PixelsBeyondTheFirstReadBufferArriveInOrder()
    {
        // 5 000 images of 28 × 28 are 3.9 MB, several times the reader's first buffer.
        using var images = new MemoryStream(IdxFixture.Images(count: 5000, height: 28, width: 28));
        IdxImageDataset data = IdxReader.ReadImages(images);

        var last = new float[784];
        data.CopyRows([4999], last);

        Assert.AreEqual(5000, data.RowCount);
        CollectionAssert.AreEqual(Enumerable.Range(4999 * 784, 784).Select(i => (i % 256) / 255f).ToArray(), last);
    }

    [TestMethod]
    public void BrightestPixelBecomesExactlyOne()
    {
        using var images = new MemoryStream(IdxFixture.Images(count: 1, height: 16, width: 16));
        float[] all = IdxReader.ReadImages(images).ToArray();

        Assert.AreEqual(0f, all[0]);
        Assert.AreEqual(1f, all[255]);
    }

    [TestMethod]
    public void ReadsGzipFilesByContentAndLeavesNoLabelsWhenNoneGiven()
    {
        using var temp = new TempDirectory();
        byte[] raw = IdxFixture.Images(count: 4, height: 3, width: 3);
        string gzipped = temp.Write("images.idx", IdxFixture.Gzip(raw));
        string labels = temp.Write("labels.gz", IdxFixture.Gzip(IdxFixture.Labels(count: 4)));

        IdxImageDataset fromGzip = IdxReader.ReadImages(gzipped, labels);
        IdxImageDataset fromRaw = IdxReader.ReadImages(new MemoryStream(raw));

        CollectionAssert.AreEqual(fromRaw.ToArray(), fromGzip.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, fromGzip.Labels!.ToArray());
        Assert.IsNull(fromRaw.Labels);
    }

    [TestMethod]
    public void MaxRowsReadsOnlyTheFirstImagesAndLabels()
    {
        using var images = new MemoryStream(IdxFixture.Images(count: 5, height: 2, width: 2));
        using var labels = new MemoryStream(IdxFixture.Labels(count: 5));

        IdxImageDataset data = IdxReader.ReadImages(images, labels, maxRows: 2);

        Assert.AreEqual(2, data.RowCount);
        CollectionAssert.AreEqual(new[] { 0, 1 }, data.Labels!.ToArray());
        Assert.AreEqual(7 / 255f, data.ToArray()[7]);
    }

    [TestMethod]
    public void MaxRowsAboveTheCountReadsEverything()
    {
        using var images = new MemoryStream(IdxFixture.Images(count: 3, height: 2, width: 2));
        Assert.AreEqual(3, IdxReader.ReadImages(images, maxRows: 100).RowCount);
    }

    [TestMethod]
    public void MaxRowsBelowOneIsRejected()
    {
        using var images = new MemoryStream(IdxFixture.Images(count: 3, height: 2, width: 2));
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => IdxReader.ReadImages(images, maxRows: 0));
        Assert.AreEqual("maxRows", error.ParamName);
    }

    [TestMethod]
    public void CallersStreamsStayOpen()
    {
        using var images = new MemoryStream(IdxFixture.Gzip(IdxFixture.Images(count: 1, height: 2, width: 2)));
        IdxReader.ReadImages(images);
        Assert.IsTrue(images.CanRead);
    }
}
