using System.Buffers.Binary;

namespace Vae.MLNet.Imaging;

/// <summary>
/// Reads the tEXt chunks a PNG holds before its image data, where <see cref="PngEncoder"/> writes them: enough to tell a
/// file by what its writer noted in it, without reading the image.
/// </summary>
internal static class PngTextReader
{
    // A longer text is no note this library writes, so it is skipped rather than read into memory.
    private const int MaxTextChunkBytes = 4096;

    /// <summary>
    /// The tEXt chunks before the image data of the PNG <paramref name="input"/>, a seekable stream at its start: none
    /// when it is not a PNG, and those before the damage in one damaged before its image data.
    /// </summary>
    public static IReadOnlyList<PngText> Leading(Stream input)
    {
        var found = new List<PngText>();
        Span<byte> head = stackalloc byte[8];
        if (input.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head.SequenceEqual(PngEncoder.Signature))
        {
            return found;
        }

        // Each chunk starts with its data's length and its type, and ends with a CRC of four bytes.
        while (input.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(head);
            ReadOnlySpan<byte> type = head[4..];
            if (length < 0 || type.SequenceEqual("IDAT"u8) || type.SequenceEqual("IEND"u8))
            {
                break;
            }

            if (type.SequenceEqual("tEXt"u8) && length <= MaxTextChunkBytes)
            {
                var data = new byte[length];
                if (input.ReadAtLeast(data, length, throwOnEndOfStream: false) < length)
                {
                    break;
                }

                if (PngText.FromChunkData(data) is { } text)
                {
                    found.Add(text);
                }

                input.Seek(4, SeekOrigin.Current);
            }
            else
            {
                input.Seek(length + 4L, SeekOrigin.Current);
            }
        }

        return found;
    }
}
