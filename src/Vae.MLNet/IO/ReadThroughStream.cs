namespace Vae.MLNet.IO;

/// <summary>
/// A read-only view that passes reads, seeking and the length through to the stream beneath it, for views whose only
/// business is a read that fails (<see cref="ReadFailed"/>). Writes are refused as <see cref="Stream"/> documents.
/// Disposing it leaves the stream beneath open unless a subclass owns it.
/// </summary>
/// <param name="inner">The stream read through.</param>
internal abstract class ReadThroughStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    /// <summary>The stream read through.</summary>
    protected Stream Inner => inner;

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException failure)
        {
            if (ReadFailed(failure) is { } instead)
            {
                throw instead;
            }

            throw;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("The stream is for reading only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The stream is for reading only.");

    /// <summary>Acts on <paramref name="failure"/> of a read of the stream beneath.</summary>
    /// <returns>The exception to throw in its place, or null to let it pass as it is.</returns>
    protected abstract Exception? ReadFailed(IOException failure);
}
