using System.Buffers.Binary;
using System.IO.Compression;
using Vae.MLNet.IO;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// Reads image datasets in the IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected from the
/// content, not the file name). An images file holds the big-endian int32 magic 2051, the image count, the image
/// height and width, then one unsigned byte per pixel; a labels file holds the magic 2049, the count, then one byte
/// per label.
/// </summary>
public static class IdxReader
{
    /// <summary>The first four bytes of an IDX images file, big-endian: unsigned bytes in three dimensions (2051).</summary>
    internal const int ImagesMagic = 0x00000803;

    /// <summary>The first four bytes of an IDX labels file, big-endian: unsigned bytes in one dimension (2049).</summary>
    internal const int LabelsMagic = 0x00000801;
    private const int ImagesHeaderBytes = 16;
    private const int LabelsHeaderBytes = 8;
    private const string ImagesStreamName = "IDX images stream";
    private const string LabelsStreamName = "IDX labels stream";

    /// <summary>
    /// How many bytes of images a byte of gzip is taken to hold before they arrive: MNIST's compress about 5 to 1 and
    /// Fashion-MNIST's 2 to 1. Deflate can reach 1032 to 1, so a file that compresses better grows its buffer as it is read.
    /// </summary>
    private const long LikelyDeflateRatio = 8;

    /// <summary>The most bytes deflate makes of one compressed byte, which bounds what a gzip file of known length can hold.</summary>
    private const long MostDeflateRatio = 1032;

    /// <summary>Reads an IDX images file and, optionally, the matching labels file.</summary>
    /// <param name="imagesPath">Path of the images file (e.g. <c>train-images-idx3-ubyte.gz</c>), raw or gzip.</param>
    /// <param name="labelsPath">Path of the labels file (e.g. <c>train-labels-idx1-ubyte.gz</c>), or <see langword="null"/> for none.</param>
    /// <param name="maxRows">Read only the first this many images (and labels); <see langword="null"/> reads all.</param>
    /// <returns>The images, as rows of <c>height × width</c> features in [0, 1].</returns>
    /// <exception cref="VaeDataException">A file is not an IDX file of the expected kind, is truncated, or the counts of images and labels differ.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ArgumentException">A path names a directory.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRows"/> is less than 1.</exception>
    public static IdxImageDataset ReadImages(string imagesPath, string? labelsPath = null, int? maxRows = null)
    {
        InputFile.RequirePath(imagesPath, nameof(imagesPath));
        CheckMaxRows(maxRows);
        using var images = OpenFile(imagesPath, nameof(imagesPath));
        using var labels = labelsPath is null ? null : OpenFile(labelsPath, nameof(labelsPath));
        return Read(images, imagesPath, labels, labelsPath, maxRows);
    }

    /// <summary>Reads IDX images, and optionally labels, from streams; the streams are read from their current position and left open.</summary>
    /// <param name="images">The images content, raw or gzip.</param>
    /// <param name="labels">The labels content, raw or gzip, or <see langword="null"/> for none.</param>
    /// <param name="maxRows">Read only the first this many images (and labels); <see langword="null"/> reads all.</param>
    /// <returns>The images, as rows of <c>height × width</c> features in [0, 1].</returns>
    /// <exception cref="VaeDataException">A stream is not IDX content of the expected kind, is truncated, or the counts of images and labels differ.</exception>
    /// <exception cref="ArgumentException">A stream cannot be read, or <paramref name="labels"/> is <paramref name="images"/> itself.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRows"/> is less than 1.</exception>
    public static IdxImageDataset ReadImages(Stream images, Stream? labels = null, int? maxRows = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        InputFile.RequireReadable(images, nameof(images), "the IDX content");
        if (labels is not null)
        {
            InputFile.RequireReadable(labels, nameof(labels), "the IDX content");

            // Read as both, one stream's images would be taken for the labels' header and blamed as damaged.
            if (ReferenceEquals(labels, images))
            {
                throw new ArgumentException(
                    "The images and labels are the same stream; pass the labels file's own stream as labels (…-labels-idx1-ubyte).", nameof(labels));
            }
        }

        CheckMaxRows(maxRows);
        return Read(images, ImagesStreamName, labels, LabelsStreamName, maxRows);
    }

    /// <summary>
    /// <see cref="ReadImages(Stream, Stream?, int?)"/> with messages that call the streams (read from their current
    /// positions, left open) <paramref name="imagesSource"/> and the labels' source, as files their caller opened.
    /// </summary>
    internal static IdxImageDataset ReadImages(Stream images, string imagesSource, (Stream Content, string Source)? labels, int? maxRows)
    {
        CheckMaxRows(maxRows);
        return Read(images, imagesSource, labels?.Content, labels?.Source, maxRows);
    }

    private static void CheckMaxRows(int? maxRows)
    {
        if (maxRows is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maxRows));
        }
    }

    private static FileStream OpenFile(string path, string paramName) => InputFile.OpenRead(path, paramName, bufferSize: 1 << 16);

    private static IdxImageDataset Read(Stream imagesRaw, string imagesSource, Stream? labelsRaw, string? labelsSource, int? maxRows)
    {
        (Stream images, long? likelyImageBytes, long? mostImageBytes) = Decompressed(imagesRaw);
        using Stream disposeImages = images;
        (Stream? labels, long? likelyLabelBytes, _) = labelsRaw is null ? (null, null, null) : Decompressed(labelsRaw);
        using Stream? disposeLabels = labels;

        Span<byte> header = stackalloc byte[ImagesHeaderBytes];
        ReadHeader(images, imagesSource, header, ImagesMagic);
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int height = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int width = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        CheckCount(count, imagesSource, "images");
        if (height <= 0 || width <= 0)
        {
            throw new VaeDataException(
                $"{imagesSource} declares images of {height} × {width} pixels; both sizes must be positive. The header is damaged or this is not an MNIST-format images file.",
                imagesSource);
        }

        long pixelsPerImage = (long)height * width;
        if (pixelsPerImage > int.MaxValue)
        {
            throw new VaeDataException(
                $"{imagesSource} declares images of {height} × {width} pixels, more features per row than a dataset can hold ({int.MaxValue}); the header is damaged.",
                imagesSource);
        }

        int rows = Math.Min(count, maxRows ?? int.MaxValue);
        long pixelBytes = rows * pixelsPerImage;
        if (pixelBytes > Array.MaxLength)
        {
            long prefix = Array.MaxLength / pixelsPerImage;
            string remedy = prefix == 0 ? "; not even one image fits, so the header is damaged."
                : ImagesHeaderBytes + (prefix * pixelsPerImage) > mostImageBytes
                    ? $", and the {(images is GZipStream ? "gzip file inflates to at most" : "file holds only")} {mostImageBytes} bytes, too few for the first {prefix} images, "
                        + "which would fit; the header is damaged or the file truncated. Re-download the file."
                    : $"; pass maxRows ≤ {prefix} to read a prefix.";
            throw new VaeDataException(
                $"{imagesSource} declares {count} images of {height} × {width} pixels; {(rows < count ? $"the first {rows} take" : "they take")} {pixelBytes} bytes, "
                + $"more than one array can hold ({Array.MaxLength}){remedy}",
                imagesSource);
        }

        // Check the labels header before the long pixel read, so a mismatched pair fails at once.
        if (labels is not null)
        {
            Span<byte> labelsHeader = stackalloc byte[LabelsHeaderBytes];
            ReadHeader(labels, labelsSource!, labelsHeader, LabelsMagic);
            int labelCount = BinaryPrimitives.ReadInt32BigEndian(labelsHeader[4..]);
            CheckCount(labelCount, labelsSource!, "labels");
            if (labelCount != count)
            {
                throw new VaeDataException(
                    $"{imagesSource} declares {Counted.Of(count, "image")} but {labelsSource} declares {Counted.Of(labelCount, "label")}; pass the labels file that belongs to these images (train with train, t10k with t10k).",
                    labelsSource);
            }
        }

        byte[] pixels = ReadBody(images, imagesSource, (int)pixelBytes, likelyImageBytes, rows == count, (int)pixelsPerImage, "image");

        int[]? labelValues = null;
        if (labels is not null)
        {
            byte[] labelBytes = ReadBody(labels, labelsSource!, rows, likelyLabelBytes, rows == count, 1, "label");
            labelValues = Array.ConvertAll(labelBytes, b => (int)b);
        }

        return new IdxImageDataset(pixels, rows, height, width, labelValues);
    }

    /// <summary>
    /// Returns a stream of the IDX content itself, inflating it when it starts with the gzip signature 1f 8b, and how
    /// many bytes that content likely holds and can hold at most: the bytes left in a file, or <see cref="LikelyDeflateRatio"/>
    /// and <see cref="MostDeflateRatio"/> times them for a gzip file; null for a stream of unknown length, such as a pipe.
    /// </summary>
    private static (Stream Content, long? LikelyBytes, long? MostBytes) Decompressed(Stream raw)
    {
        long? left = raw.CanSeek ? raw.Length - raw.Position : null;
        var signature = new byte[2];
        int n = raw.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false);
        var replayed = new PrefixedReadStream(signature.AsSpan(0, n).ToArray(), raw);
        return Gzip.HasSignature(signature.AsSpan(0, n))
            ? (new GZipStream(replayed, CompressionMode.Decompress), left * LikelyDeflateRatio, left * MostDeflateRatio)
            : (replayed, left, left);
    }

    private static void ReadHeader(Stream stream, string source, Span<byte> header, int expectedMagic)
    {
        int n = ReadUpTo(stream, source, header);
        int magic = n >= 4 ? BinaryPrimitives.ReadInt32BigEndian(header) : -1;
        if (magic != expectedMagic && n >= 4)
        {
            throw new VaeDataException(WrongMagicMessage(source, magic, expectedMagic, FileContent.Of(header[..n], gzipped: stream is GZipStream)), source);
        }

        if (n < header.Length)
        {
            // Decompressing gzip data cut short just ends the content, so a cut inside gzip's own header gives 0 bytes.
            throw new VaeDataException(
                stream is GZipStream
                    ? $"{source} is gzip-compressed, but its content ends after {n} bytes, inside the {header.Length}-byte IDX header; the gzip file is truncated or damaged."
                    : $"{source} ends after {n} bytes, inside its {header.Length}-byte IDX header; the file is truncated or is not an IDX file.",
                source);
        }
    }

    // content is what the header's bytes hold, decompressed when the file is gzip-compressed: a file of another kind is
    // named as one, rather than by bytes that, decompressed, the file does not even start with.
    private static string WrongMagicMessage(string source, int magic, int expectedMagic, FileContent content)
    {
        string expected = expectedMagic == ImagesMagic ? "images" : "labels";
        string remedy = $"pass an MNIST-format {expected} file (…-{expected}-idx{(expectedMagic == ImagesMagic ? 3 : 1)}-ubyte), raw or gzip-compressed.";
        return (expectedMagic, magic) switch
        {
            (ImagesMagic, LabelsMagic) =>
                $"{source} is an IDX labels file (magic number {LabelsMagic}), not an images file; pass it as the labels file and pass the matching images file (…-images-idx3-ubyte) as the images file.",
            (LabelsMagic, ImagesMagic) =>
                $"{source} is an IDX images file (magic number {ImagesMagic}), not a labels file; pass it as the images file and pass the matching labels file (…-labels-idx1-ubyte) as the labels file.",
            _ when IdxContentOf(magic) is { } values =>
                $"{source} is {(content.Gzipped ? "a gzip-compressed" : "an")} IDX file of {values} (magic number 0x{magic:X8}), not IDX {expected}; only unsigned bytes in 3 dimensions (images) "
                + $"or 1 (labels) are read: {remedy}",
            _ when content.Kind is FileKind.Text or FileKind.Zip or FileKind.Onnx or FileKind.Png
                && content.Described(FileContent.LibraryGraphWriter) is { } holds =>
                $"{source} holds {holds}, not IDX {expected}; {remedy}",
            _ =>
                $"{source} {(content.Gzipped ? "is gzip-compressed, and decompressed it starts" : "starts")} with 0x{magic:X8}, not the IDX {expected} magic number {expectedMagic} (0x{expectedMagic:X8}); {remedy}",
        };
    }

    // What an IDX magic number says of the values that follow, as "16-bit integers in 3 dimensions": two zero bytes, a
    // code of the values' type, and their number of dimensions. Null for another magic number.
    private static string? IdxContentOf(int magic)
    {
        string? values = (magic >> 8) switch
        {
            0x08 => "unsigned bytes",
            0x09 => "signed bytes",
            0x0B => "16-bit integers",
            0x0C => "32-bit integers",
            0x0D => "32-bit floats",
            0x0E => "64-bit floats",
            _ => null,
        };
        return values is null ? null : $"{values} in {Counted.Of(magic & 0xFF, "dimension")}";
    }

    private static void CheckCount(int count, string source, string what)
    {
        if (count <= 0)
        {
            throw new VaeDataException(
                $"{source} declares {count} {what}; an IDX file used as a dataset must hold at least one. The header is damaged or the file is empty.",
                source);
        }
    }

    /// <summary>
    /// Reads the <paramref name="length"/> bytes that follow the header; when they should be the whole rest of the file,
    /// also checks nothing follows. A damaged header of a few bytes that declares gigabytes is refused without the
    /// memory for them (see <see cref="GrowingRead"/>), while a file that likely holds the bytes it declares, about
    /// <paramref name="likelyBytes"/>, is read into one buffer of their size, without growing one through copies.
    /// </summary>
    private static byte[] ReadBody(Stream stream, string source, int length, long? likelyBytes, bool isWholeFile, int bytesPerItem, string item)
    {
        (byte[] body, int n) = GrowingRead.UpTo(length, buffer => ReadUpTo(stream, source, buffer), likelyBytes);

        if (n < length)
        {
            int complete = n / bytesPerItem;
            string remedy = complete > 0 ? $"Re-download the file, or pass maxRows ≤ {complete} to read the complete part." : "Re-download the file.";
            throw new VaeDataException(
                $"{source} is truncated: {Counted.Of(length, "byte")} of {item}s should follow the header but only {n} do, so {item} {complete} (zero-based) is the first incomplete one. {remedy}",
                source,
                row: complete);
        }

        if (isWholeFile && ReadUpTo(stream, source, stackalloc byte[1]) > 0)
        {
            if (stream is GZipStream)
            {
                // Damaged compressed data often inflates to more bytes than the header declares; the checksum at the end
                // of the gzip member tells that from a wrong count, so the rest is read (up to as much again) to reach it.
                ReadThrough(stream, source, limit: length);
            }

            throw new VaeDataException(
                $"{source} holds more than the {Counted.Of(length, "byte")} of {item}s its header declares; the header count is wrong or several files were joined. Use the original file.",
                source);
        }

        return body;
    }

    /// <summary>Reads <paramref name="stream"/> to its end, or on past <paramref name="limit"/> bytes, for <see cref="ReadUpTo"/>'s checks.</summary>
    private static void ReadThrough(Stream stream, string source, long limit)
    {
        byte[] scratch = new byte[1 << 16];
        for (long read = 0; read <= limit;)
        {
            int n = ReadUpTo(stream, source, scratch);
            if (n == 0)
            {
                return;
            }

            read += n;
        }
    }

    private static int ReadUpTo(Stream stream, string source, Span<byte> buffer)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            // Not .NET's message: it words a checksum mismatch as an unsupported compression method, the wrong cause.
            throw new VaeDataException(
                $"{source} is gzip-compressed, but its compressed data is damaged: it does not decompress, or not to the bytes its checksum describes. Fetch the file again.",
                source,
                innerException: e);
        }
    }
}
