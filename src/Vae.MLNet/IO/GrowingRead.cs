namespace Vae.MLNet.IO;

/// <summary>
/// Reads a stated number of bytes into a buffer that grows as they arrive, instead of one sized from the statement:
/// a length read from a file's header or a zip's directory can be edited to gigabytes in a file of a few bytes, and
/// should cost memory only for bytes that exist.
/// </summary>
internal static class GrowingRead
{
    // Large enough that small contents take one read, small enough that a false length costs little.
    private const int FirstBufferBytes = 1 << 20;

    /// <summary>Fills as much of <paramref name="buffer"/> as the source holds and returns how much that was.</summary>
    public delegate int Filler(Span<byte> buffer);

    /// <summary>
    /// Reads up to <paramref name="length"/> bytes with <paramref name="fill"/>. The buffer returned is exactly
    /// <paramref name="length"/> long when all of them arrived; otherwise <c>Read</c> says how many did.
    /// </summary>
    /// <param name="length">The bytes stated.</param>
    /// <param name="fill">Reads the next bytes into a buffer.</param>
    /// <param name="likelyAvailable">
    /// How many bytes the source likely holds, when that can be told from its size: a statement within it is read into
    /// one buffer of its size, which saves the copies, and the transient doubled memory, of growing one. It must be
    /// proportionate to the source, so that an edited length still costs no more memory than bytes that exist.
    /// </param>
    public static (byte[] Buffer, int Read) UpTo(int length, Filler fill, long? likelyAvailable = null)
    {
        var buffer = new byte[length <= likelyAvailable ? length : Math.Min(length, FirstBufferBytes)];
        int read = fill(buffer);
        while (read == buffer.Length && read < length)
        {
            Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
            read += fill(buffer.AsSpan(read));
        }

        return (buffer, read);
    }
}
