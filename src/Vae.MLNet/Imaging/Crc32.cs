namespace Vae.MLNet.Imaging;

/// <summary>
/// The CRC-32 that PNG chunks carry (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320). Written here rather than
/// taken from System.IO.Hashing so the library needs no extra package for a few lines of table lookup.
/// </summary>
internal static class Crc32
{
    /// <summary>The register value to start from before the first <see cref="Update"/>.</summary>
    public const uint Initial = 0xFFFFFFFFu;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Feeds <paramref name="data"/> into a running register; finish with <see cref="Finish"/>.</summary>
    public static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
        {
            register = table[(register ^ b) & 0xFF] ^ (register >> 8);
        }

        return register;
    }

    /// <summary>Turns a running register into the checksum (the final one's-complement).</summary>
    public static uint Finish(uint register) => ~register;

    /// <summary>The checksum of one contiguous block.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    private static uint[] BuildTable()
    {
        const uint polynomial = 0xEDB88320u;
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
