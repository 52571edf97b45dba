namespace Vae.MLNet.IO;

/// <summary>Recognizing gzip-compressed content by its first bytes (RFC 1952).</summary>
internal static class Gzip
{
    /// <summary>Whether <paramref name="head"/> starts with gzip's two identification bytes, 0x1F 0x8B.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> head) => head is [0x1f, 0x8b, ..];
}
