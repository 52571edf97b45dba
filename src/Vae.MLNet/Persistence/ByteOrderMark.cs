namespace Vae.MLNet.Persistence;

/// <summary>
/// The UTF-8 byte-order mark that editors may put before the JSON of a hand-edited entry, and which the JSON reader
/// takes for an invalid first value.
/// </summary>
internal static class ByteOrderMark
{
    /// <summary><paramref name="utf8"/> without a leading byte-order mark.</summary>
    public static ReadOnlyMemory<byte> Skipped(byte[] utf8) => utf8.AsMemory(utf8.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0);
}
