using System.Buffers.Binary;
using System.IO.Compression;
using Vae.MLNet.Imaging;
using Vae.MLNet.IO;

namespace Vae.MLNet.Tests.Imaging;

/// <summary>
/// A deliberately separate reading of the PNG format for round-trip tests: it checks chunk order and CRCs, inflates
/// IDAT and reverses every filter type, so a mistake in the encoder's filtering or framing shows up as a mismatch.
/// </summary>
internal static class PngTestDecoder
{
    public sealed record Decoded(int Width, int Height, PngColorType ColorType, byte[] Pixels, IReadOnlyList<string> ChunkTypes, IReadOnlyList<int> ChunkLengths, ISet<byte> FilterTypes);

    public static Decoded Decode(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        CollectionAssert.AreEqual(signature, png[..8], "PNG signature");

        var chunkTypes = new List<string>();
        var chunkLengths = new List<int>();
        using var idat = new MemoryStream();
        int width = 0, height = 0;
        var colorType = PngColorType.Grayscale;
        int offset = 8;
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            ReadOnlySpan<byte> typeAndData = png.AsSpan(offset + 4, 4 + length);
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.AreEqual(Crc32.Compute(typeAndData), storedCrc, $"CRC of {type}");
            ReadOnlySpan<byte> data = typeAndData[4..];
            chunkTypes.Add(type);
            chunkLengths.Add(length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.AreEqual(8, data[8], "bit depth");
                    colorType = (PngColorType)data[9];
                    Assert.AreEqual(0, data[12], "interlace");
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            offset += 12 + length;
        }

        Assert.AreEqual(png.Length, offset, "chunks end exactly at the end of the file");
        int bytesPerPixel = colorType == PngColorType.Rgb ? 3 : 1;
        int stride = width * bytesPerPixel;
        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        byte[] filtered = raw.ToArray();
        Assert.AreEqual((stride + 1) * height, filtered.Length, "inflated scanline bytes");

        var pixels = new byte[stride * height];
        var filterTypes = new HashSet<byte>();
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (stride + 1)];
            filterTypes.Add(filter);
            for (int i = 0; i < stride; i++)
            {
                int left = i >= bytesPerPixel ? pixels[(y * stride) + i - bytesPerPixel] : 0;
                int up = y > 0 ? pixels[((y - 1) * stride) + i] : 0;
                int upLeft = y > 0 && i >= bytesPerPixel ? pixels[((y - 1) * stride) + i - bytesPerPixel] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => PaethOf(left, up, upLeft),
                    _ => throw new AssertFailedException($"row {y} has filter type {filter}"),
                };
                pixels[(y * stride) + i] = unchecked((byte)(filtered[(y * (stride + 1)) + 1 + i] + predictor));
            }
        }

        return new Decoded(width, height, colorType, pixels, chunkTypes, chunkLengths, filterTypes);
    }

    private static int PaethOf(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
