using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// A read-only view of a stream whose reads a cancellation ends even while the source blocks, as a pipe with no data
/// does: each read of the source runs on a thread of the pool into a buffer of this stream's own, so a read given up on
/// writes into nothing anyone reads afterwards. The first read after the cancellation throws instead.
/// </summary>
internal sealed class CancellableReadStream(Stream source, CancellationToken cancellation) : ForwardReadStream
{
    private readonly byte[] _chunk = new byte[1 << 16];

    /// <exception cref="OperationCanceledException">The cancellation came before or during the read.</exception>
    public override int Read(Span<byte> buffer)
    {
        cancellation.ThrowIfCancellationRequested();
        int wanted = Math.Min(buffer.Length, _chunk.Length);
        int read = Task.Run(() => source.Read(_chunk, 0, wanted), CancellationToken.None).WaitAsync(cancellation).GetAwaiter().GetResult();
        _chunk.AsSpan(0, read).CopyTo(buffer);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
