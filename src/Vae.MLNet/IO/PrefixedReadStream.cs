namespace Vae.MLNet.IO;

/// <summary>
/// A read-only stream that first replays bytes already taken from <c>inner</c>, then continues with <c>inner</c>.
/// Sniffing a stream that cannot seek (a gzip signature, or the CLI's look at what kind of file it holds) consumes
/// its first bytes; this puts them back.
/// </summary>
internal sealed class PrefixedReadStream : ForwardReadStream
{
    private readonly byte[] _prefix;
    private readonly Stream _inner;
    private int _prefixPosition;

    public PrefixedReadStream(byte[] prefix, Stream inner)
    {
        _prefix = prefix;
        _inner = inner;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < _prefix.Length)
        {
            int n = Math.Min(buffer.Length, _prefix.Length - _prefixPosition);
            _prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
            _prefixPosition += n;
            return n;
        }

        return _inner.Read(buffer);
    }
}
