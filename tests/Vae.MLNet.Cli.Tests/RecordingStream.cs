namespace Vae.MLNet.Cli.Tests;

/// <summary>
/// A stand-in for standard output: keeps what is written and the size of each write (each a system call on the real
/// descriptor), and once <paramref name="failAfterBytes"/> are written fails every write with what
/// <paramref name="failure"/> makes, as a full disk or a pipe whose reader has gone does.
/// </summary>
internal sealed class RecordingStream(long failAfterBytes = long.MaxValue, Func<Exception>? failure = null) : Stream
{
    private readonly MemoryStream _written = new();

    public List<int> WriteSizes { get; } = [];

    /// <summary>The writes that failed.</summary>
    public int FailedWrites { get; private set; }

    public byte[] Written => _written.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_written.Length + buffer.Length > failAfterBytes)
        {
            FailedWrites++;
            throw failure!();
        }

        WriteSizes.Add(buffer.Length);
        _written.Write(buffer);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
