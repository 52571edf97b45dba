using System.Buffers.Binary;

namespace Vae.MLNet.IO;

/// <summary>
/// The CRC-32 that PNG chunks and zip entries carry (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320). Written
/// here rather than taken from System.IO.Hashing so the library needs no extra package for a few lines of table lookup.
/// </summary>
internal static class Crc32
{
    /// <summary>The register value to start from before the first <see cref="Update"/>.</summary>
    public const uint Initial = 0xFFFFFFFFu;

    private const int Slices = 8;

    // Table k gives the register's change from a byte followed by k zero bytes, so eight bytes take eight independent
    // lookups instead of a chain of eight (slicing-by-8): a model zip's weights, tens of megabytes, are checked on every
    // load, and a byte at a time took half of it.
    private static readonly uint[] Tables = BuildTables();

    /// <summary>Feeds <paramref name="data"/> into a running register; finish with <see cref="Finish"/>.</summary>
    public static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<uint> tables = Tables;
        while (data.Length >= Slices)
        {
            uint low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ register;
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            register = tables[(7 << 8) | (int)(low & 0xFF)] ^ tables[(6 << 8) | (int)((low >> 8) & 0xFF)]
                ^ tables[(5 << 8) | (int)((low >> 16) & 0xFF)] ^ tables[(4 << 8) | (int)(low >> 24)]
                ^ tables[(3 << 8) | (int)(high & 0xFF)] ^ tables[(2 << 8) | (int)((high >> 8) & 0xFF)]
                ^ tables[(1 << 8) | (int)((high >> 16) & 0xFF)] ^ tables[(int)(high >> 24)];
            data = data[Slices..];
        }

        foreach (byte b in data)
        {
            register = tables[(int)((register ^ b) & 0xFF)] ^ (register >> 8);
        }

        return register;
    }

    /// <summary>Turns a running register into the checksum (the final one's-complement).</summary>
    public static uint Finish(uint register) => ~register;

    /// <summary>The checksum of one contiguous block.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    private static uint[] BuildTables()
    {
        const uint polynomial = 0xEDB88320u;
        var tables = new uint[Slices << 8];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            tables[n] = c;
        }

        for (int slice = 1; slice < Slices; slice++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = tables[((slice - 1) << 8) | n];
                tables[(slice << 8) | n] = (previous >> 8) ^ tables[(int)(previous & 0xFF)];
            }
        }

        return tables;
    }
}
