namespace Vae.MLNet.Model;

/// <summary>
/// Scratch that a caller working a block at a time keeps between blocks: it grows to the largest block and is then
/// reused, instead of an array per block.
/// </summary>
internal static class ReusedBuffer
{
    /// <summary>The first <paramref name="length"/> values of <paramref name="buffer"/>, replaced by a larger array first when it is shorter.</summary>
    public static Span<T> Holding<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }

        return buffer.AsSpan(0, length);
    }
}
