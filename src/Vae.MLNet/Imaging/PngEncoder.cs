using System.Buffers.Binary;
using System.IO.Compression;
using Vae.MLNet.IO;

namespace Vae.MLNet.Imaging;

/// <summary>
/// Writes 8-bit grayscale or RGB pixels as a PNG file: signature, IHDR, the tEXt chunks a caller of this library asks
/// for, the zlib-compressed filtered scanlines in IDAT chunks of 64 KiB, IEND. No interlacing and no other ancillary
/// chunks, so every conforming decoder reads the output, skipping the text if it does not show it.
/// </summary>
public static class PngEncoder
{
    /// <summary>The eight bytes every PNG file starts with.</summary>
    internal static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes an image and writes it to <paramref name="output"/>, leaving the stream open.</summary>
    /// <param name="output">A writable stream.</param>
    /// <param name="width">Pixels per row, at least 1.</param>
    /// <param name="height">Rows, at least 1.</param>
    /// <param name="pixels">Row-major pixels, top row first: width × height bytes for grayscale, three times that for RGB.</param>
    /// <param name="colorType">How <paramref name="pixels"/> is laid out.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="output"/> cannot be written, or <paramref name="pixels"/> does not hold one image of the given size and colour type.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="width"/> or <paramref name="height"/> is below 1, <paramref name="colorType"/> is neither
    /// <see cref="PngColorType.Grayscale"/> nor <see cref="PngColorType.Rgb"/>, or the image has more pixel bytes than one array holds.
    /// </exception>
    public static void Write(Stream output, int width, int height, ReadOnlySpan<byte> pixels, PngColorType colorType) =>
        Write(output, width, height, pixels, colorType, []);

    /// <summary>
    /// Encodes an image as <see cref="Write(Stream, int, int, ReadOnlySpan{byte}, PngColorType)"/> does, with
    /// <paramref name="text"/> as tEXt chunks before the image data, where <see cref="PngTextReader"/> finds them.
    /// </summary>
    internal static void Write(Stream output, int width, int height, ReadOnlySpan<byte> pixels, PngColorType colorType, IReadOnlyList<PngText> text)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(output));
        }

        int bytesPerPixel = Validate(width, height, pixels, colorType);
        WriteValidated(output, width, height, pixels, colorType, bytesPerPixel, text);
    }

    /// <summary>Encodes an image into a file, replacing it atomically (a reader never sees a partial file).</summary>
    /// <param name="path">The file to create or replace; its directory must exist.</param>
    /// <param name="width">Pixels per row, at least 1.</param>
    /// <param name="height">Rows, at least 1.</param>
    /// <param name="pixels">Row-major pixels, top row first: width × height bytes for grayscale, three times that for RGB.</param>
    /// <param name="colorType">How <paramref name="pixels"/> is laid out.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is empty, names a directory, or its directory does not exist; or <paramref name="pixels"/>
    /// does not hold one image of the given size and colour type.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Write(Stream, int, int, ReadOnlySpan{byte}, PngColorType)"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">
    /// The file is read-only, or another user's in a sticky directory, or the directory does not let this process create files.
    /// </exception>
    /// <exception cref="IOException">Writing failed otherwise, as on a full disk; a file already at <paramref name="path"/> is left as it was.</exception>
    public static void Save(string path, int width, int height, ReadOnlySpan<byte> pixels, PngColorType colorType)
    {
        ArgumentNullException.ThrowIfNull(path);
        int bytesPerPixel = Validate(width, height, pixels, colorType);
        using var writer = new AtomicFileWriter(path, nameof(path));
        WriteValidated(writer.Stream, width, height, pixels, colorType, bytesPerPixel, []);
        writer.Commit();
    }

    private static int Validate(int width, int height, ReadOnlySpan<byte> pixels, PngColorType colorType)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int bytesPerPixel = colorType switch
        {
            PngColorType.Grayscale => 1,
            PngColorType.Rgb => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(colorType), colorType, "Only Grayscale and Rgb are supported."),
        };

        // Compared before the byte count is taken, which for the largest sizes would pass a long's range.
        if ((long)width * height > Array.MaxLength / bytesPerPixel)
        {
            throw new ArgumentOutOfRangeException(
                nameof(width),
                width,
                $"A {width}×{height} {colorType} image is too large: its pixel bytes would not fit in one array ({Array.MaxLength} bytes); write a smaller image.");
        }

        long expected = (long)width * height * bytesPerPixel;
        if (pixels.Length != expected)
        {
            throw new ArgumentException(
                $"{pixels.Length} pixel bytes do not match a {width}×{height} {colorType} image, which needs {expected}.",
                nameof(pixels));
        }

        return bytesPerPixel;
    }

    private static void WriteValidated(Stream output, int width, int height, ReadOnlySpan<byte> pixels, PngColorType colorType, int bytesPerPixel, IReadOnlyList<PngText> text)
    {
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;
        header[9] = (byte)colorType;
        header[10] = 0; // compression method 0: zlib deflate
        header[11] = 0; // filter method 0: the five per-row filters
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);
        foreach (PngText note in text)
        {
            WriteChunk(output, "tEXt"u8, note.ChunkData());
        }

        using var dataChunks = new PngDataChunkStream(output);
        using (var zlib = new ZLibStream(dataChunks, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = width * bytesPerPixel;
            var prior = new byte[stride];
            var encoded = new byte[stride + 1];
            var scratch = new byte[stride + 1];
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> row = pixels.Slice(y * stride, stride);
                PngRowFilter.EncodeBest(row, prior, bytesPerPixel, encoded, scratch);
                zlib.Write(encoded);
                row.CopyTo(prior);
            }
        }

        dataChunks.Finish();
        WriteChunk(output, "IEND"u8, []);
    }

    internal static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Initial, type), data)));
        output.Write(word);
    }
}
