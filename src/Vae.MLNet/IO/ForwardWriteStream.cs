namespace Vae.MLNet.IO;

/// <summary>
/// What every write-only stream that cannot seek has alike, as <see cref="ForwardReadStream"/> is for reading: it writes
/// forward through <see cref="Write(ReadOnlySpan{byte})"/>, and refuses seeking, lengths and reads as
/// <see cref="Stream"/> documents. <see cref="Stream.Flush"/> stays each stream's own: what a flush must do depends on
/// what the stream holds back.
/// </summary>
internal abstract class ForwardWriteStream : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override void Write(ReadOnlySpan<byte> buffer);

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
