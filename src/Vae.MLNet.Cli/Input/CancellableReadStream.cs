namespace Vae.MLNet.Cli.Input;

/// <summary>
/// A read-only view of a stream whose reads a cancellation ends even while the source blocks, as a pipe with no data
/// does: each read of the source runs on a thread of the pool into a buffer of this stream's own, so a read given up on
/// writes into nothing anyone reads afterwards. The first read after the cancellation throws instead.
/// </summary>
internal sealed class CancellableReadStream(Stream source, CancellationToken cancellation) : Stream
{
    private readonly byte[] _chunk = new byte[1 << 16];

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <exception cref="OperationCanceledException">The cancellation came before or during the read.</exception>
    public override int Read(Span<byte> buffer)
    {
        cancellation.ThrowIfCancellationRequested();
        int wanted = Math.Min(buffer.Length, _chunk.Length);
        int read = Task.Run(() => source.Read(_chunk, 0, wanted), CancellationToken.None).WaitAsync(cancellation).GetAwaiter().GetResult();
        _chunk.AsSpan(0, read).CopyTo(buffer);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
