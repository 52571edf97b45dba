namespace Vae.MLNet.IO;

/// <summary>
/// A read-only view of a caller's stream that keeps the first exception reading it threw. A zip reader throws
/// <see cref="IOException"/> for a damaged archive (an <see cref="EndOfStreamException"/> in a truncated one), and
/// wraps a failure of the stream beneath it (a disk error, a dropped connection) in an
/// <see cref="InvalidDataException"/> while it reads the central directory; only this view can tell the two apart.
/// Disposing it leaves the caller's stream open.
/// </summary>
/// <param name="inner">The caller's stream.</param>
internal sealed class ReadFailureRecordingStream(Stream inner) : Stream
{
    /// <summary>The first <see cref="IOException"/> a read of the caller's stream threw, or null.</summary>
    public IOException? ReadFailure { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException failure)
        {
            ReadFailure ??= failure;
            throw;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException("The stream is for reading only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The stream is for reading only.");
}
