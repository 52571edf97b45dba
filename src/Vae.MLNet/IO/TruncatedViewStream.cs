namespace Vae.MLNet.IO;

/// <summary>
/// A read-only view of the first <c>length</c> bytes of a seekable stream, as if the rest were cut off, so that a
/// reader which finds what it reads from the stream's end (a zip's end record) can be tried on a part of a stream
/// without copying it. Disposing it leaves the stream open.
/// </summary>
/// <param name="inner">The seekable stream viewed.</param>
/// <param name="length">How many of its first bytes the view holds.</param>
internal sealed class TruncatedViewStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A position is not negative.");
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        if (_position >= length)
        {
            return 0;
        }

        inner.Position = _position;
        int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, length - _position)]);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "Seek from the beginning, the current position or the end."),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("The stream is for reading only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The stream is for reading only.");
}
