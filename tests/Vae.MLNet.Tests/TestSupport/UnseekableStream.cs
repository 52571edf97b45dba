namespace Vae.MLNet.Tests;

/// <summary>Bytes read as from a pipe: forward only, of unknown length.</summary>
internal sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Length => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
}
