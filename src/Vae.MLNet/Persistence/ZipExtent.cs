using System.Buffers.Binary;
using Vae.MLNet.IO;

namespace Vae.MLNet.Persistence;

/// <summary>
/// Requires a stream to hold exactly one zip, from its start to its end. A zip is found from its end record, which
/// ZipArchive looks for by scanning back from the end of the stream, and whose offsets it takes from the stream's start:
/// a stream with data after the zip, or a zip not starting at 0, otherwise loaded or failed depending on the data
/// (two copies of one zip loaded the first, two different zips failed, trailing zeros were ignored). A zip written over
/// a longer one passes, since the older zip's tail still ends the stream; <see cref="EndOfEarlierZip"/> tells it apart
/// once its entries failed to load.
/// </summary>
internal static class ZipExtent
{
    private const int EndRecordLength = 22;
    private const uint EndRecordSignature = 0x06054b50;
    private const int Zip64LocatorLength = 20;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const int Zip64EndRecordLength = 56;
    private const uint Zip64EndRecordSignature = 0x06064b50;

    // End records before the last that EndOfEarlierZip checks for ending a zip: a signature falls by chance in some 4 GiB
    // of data, so in a model zip and the older data after it there are hardly ever more than the newer zip's own.
    private const int MaxCandidates = 16;

    /// <summary>Checks that <paramref name="stream"/>, seekable, holds one zip that fills it; moves its position.</summary>
    /// <exception cref="InvalidDataException">The zip does not end the stream or does not start at its start, or there is no zip.</exception>
    public static void RequireFills(Stream stream)
    {
        long length = stream.Length;
        byte[] tail = ReadAt(stream, Math.Max(0, length - EndRecordLength - ushort.MaxValue), (int)Math.Min(length, EndRecordLength + ushort.MaxValue));

        // The end record ends the zip with a comment of its stated length; a signature is searched for because the comment may hold anything.
        int end = tail.Length - EndRecordLength;
        while (end >= 0 && !(Read32(tail, end) == EndRecordSignature && end + EndRecordLength + BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 20)) == tail.Length))
        {
            end--;
        }

        if (end < 0)
        {
            throw NotOneZip("no zip end record ends the data");
        }

        long endRecord = length - tail.Length + end;
        uint directorySize = Read32(tail, end + 12);
        uint directoryOffset = Read32(tail, end + 16);
        if (directorySize != uint.MaxValue && directoryOffset != uint.MaxValue && directoryOffset + (long)directorySize == endRecord)
        {
            return;
        }

        // A ZIP64 zip puts its own end record and a locator of it between the directory and the end record.
        long locatorAt = endRecord - Zip64LocatorLength;
        byte[] locator = locatorAt >= 0 ? ReadAt(stream, locatorAt, Zip64LocatorLength) : [];
        if (locator.Length == 0 || Read32(locator, 0) != Zip64LocatorSignature)
        {
            throw NotOneZip($"the zip's directory ends at offset {directoryOffset + (long)directorySize}, not at {endRecord} where its end record begins");
        }

        long recordAt = BinaryPrimitives.ReadInt64LittleEndian(locator.AsSpan(8));
        byte[] record = recordAt >= 0 && recordAt <= locatorAt - Zip64EndRecordLength ? ReadAt(stream, recordAt, Zip64EndRecordLength) : [];
        if (record.Length == 0 || Read32(record, 0) != Zip64EndRecordSignature || recordAt + 12 + BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(4)) != locatorAt)
        {
            throw NotOneZip($"the zip's ZIP64 end record is not at offset {recordAt}, where the zip says it is");
        }

        long directoryEnd = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(48)) + BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40));
        if (directoryEnd != recordAt)
        {
            throw NotOneZip($"the zip's directory ends at offset {directoryEnd}, not at {recordAt} where its ZIP64 end record begins");
        }
    }

    /// <summary>
    /// Where the first zip ends that starts <paramref name="stream"/>, seekable, and ends before it does, if
    /// <paramref name="holds"/> accepts it (given a view of the stream cut after that zip); otherwise null. A zip saved
    /// over a longer file without truncating it (File.OpenWrite) leaves the older zip's tail after it, whose end record and
    /// directory are what a reader then finds, and whose entries no longer match the bytes at their offsets. Reads up to
    /// the whole stream and calls <paramref name="holds"/> at most once, so it is for explaining a failure; moves the
    /// position.
    /// </summary>
    public static long? EndOfEarlierZip(Stream stream, Func<Stream, bool> holds)
    {
        int candidates = 0;
        long length = stream.Length;
        var window = new byte[1 << 16];
        Span<byte> signature = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(signature, EndRecordSignature);

        // Each window overlaps the next by all but one byte of an end record, so every record lies whole in exactly one.
        for (long start = 0; start + EndRecordLength < length; start += window.Length - EndRecordLength + 1)
        {
            int count = (int)Math.Min(window.Length, length - start);
            stream.Position = start;
            stream.ReadExactly(window, 0, count);
            for (int at = 0; at + EndRecordLength <= count; at++)
            {
                int found = window.AsSpan(at, count - at).IndexOf(signature);
                if (found < 0 || at + found + EndRecordLength > count)
                {
                    break;
                }

                at += found;
                long end = start + at + EndRecordLength + BinaryPrimitives.ReadUInt16LittleEndian(window.AsSpan(at + 20));
                if (end >= length)
                {
                    continue;
                }

                // A file can hold an end record every few bytes, each ending a zip of the bytes before it, and reading each
                // as a model made a failed load quadratic in the file's length. The newer zip ends at the first end record
                // that ends a zip, which no other lies before but by chance in its compressed or stored bytes: only that
                // one is read as a model, and only a few are checked to end a zip at all.
                if (++candidates > MaxCandidates)
                {
                    return null;
                }

                using var view = new TruncatedViewStream(stream, end);
                if (IsOneZip(view))
                {
                    return holds(view) ? end : null;
                }
            }
        }

        return null;
    }

    private static bool IsOneZip(Stream stream)
    {
        try
        {
            RequireFills(stream);
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return false;
        }
    }

    private static byte[] ReadAt(Stream stream, long offset, int count)
    {
        var bytes = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static uint Read32(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));

    private static InvalidDataException NotOneZip(string why) => new(why + "; the stream must hold the zip alone, from its position to its end");
}
