using System.IO.Compression;
using Vae.MLNet.IO;

namespace Vae.MLNet.Persistence;

/// <summary>
/// A zip entry's content as it inflates, held to what the zip's directory says of it: reading ends at the length the
/// directory states, and <see cref="RequireIntact"/> then requires that many bytes, no byte more, and the stated CRC-32.
/// System.IO.Compression in .NET 10 checks neither when reading; without this a flipped bit in a stored weight would
/// load silently.
/// </summary>
internal sealed class CheckedZipEntryStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly string _part;
    private long _read;
    private uint _crc = Crc32.Initial;

    /// <param name="entry">The entry, whose stated length is not negative.</param>
    /// <param name="part">The part of the model the entry holds, for the exception.</param>
    public CheckedZipEntryStream(ZipArchiveEntry entry, string part)
    {
        Entry = entry;
        _part = part;
        _inner = entry.Open();
    }

    /// <summary>The entry read.</summary>
    public ZipArchiveEntry Entry { get; }

    public override int Read(Span<byte> buffer)
    {
        int n = _inner.Read(buffer[..(int)Math.Min(buffer.Length, Entry.Length - _read)]);
        _crc = Crc32.Update(_crc, buffer[..n]);
        _read += n;
        return n;
    }

    /// <summary>
    /// Reads whatever of the stated length is still unread, and requires the entry to hold exactly that length with the
    /// stated CRC-32. (Inflation stops at the stated length, so a deflated entry's extra bytes are never read; what
    /// loads is then exactly what the length and CRC-32 describe.)
    /// </summary>
    /// <exception cref="VaeModelFormatException">The entry is shorter or longer than stated, or its CRC-32 differs.</exception>
    public void RequireIntact()
    {
        Span<byte> rest = stackalloc byte[4096];
        while (Read(rest) > 0)
        {
        }

        if (_read != Entry.Length || _inner.ReadByte() >= 0 || Crc32.Finish(_crc) != Entry.Crc32)
        {
            throw new VaeModelFormatException(
                $"'{Entry.FullName}' in the zip is damaged: its length or CRC-32 does not match the zip's directory. Restore the file from a copy or save the model again.",
                _part);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
