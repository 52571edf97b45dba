using System.Buffers.Binary;
using System.IO.Compression;

namespace Vae.MLNet.Tests.Data;

/// <summary>Builds small IDX files in memory, including deliberately broken ones.</summary>
internal static class IdxFixture
{
    public const int ImagesMagic = 2051;
    public const int LabelsMagic = 2049;

    /// <summary>An images file whose pixel <c>i</c> (counting across all images) is <c>i % 256</c>.</summary>
    public static byte[] Images(int count, int height, int width, int magic = ImagesMagic, int? pixelBytes = null)
    {
        int body = pixelBytes ?? count * height * width;
        var bytes = new byte[16 + body];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), width);
        for (int i = 0; i < body; i++)
        {
            bytes[16 + i] = (byte)i;
        }

        return bytes;
    }

    /// <summary>A labels file whose label <c>i</c> is <c>i % 10</c>.</summary>
    public static byte[] Labels(int count, int magic = LabelsMagic, int? labelBytes = null)
    {
        int body = labelBytes ?? count;
        var bytes = new byte[8 + body];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (int i = 0; i < body; i++)
        {
            bytes[8 + i] = (byte)(i % 10);
        }

        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
