using Vae.MLNet.IO;

namespace Vae.MLNet.Imaging;

/// <summary>
/// Takes the zlib datastream of a PNG and writes it on as IDAT chunks of <see cref="ChunkCapacity"/> bytes each (the
/// last one may be shorter), so the compressed image is never held whole and no chunk nears PNG's 2³¹ − 1 byte limit. Decoders concatenate consecutive IDAT chunks, so how the datastream is cut does not matter.
/// </summary>
internal sealed class PngDataChunkStream : ForwardWriteStream
{
    /// <summary>The data bytes of every IDAT chunk but the last.</summary>
    internal const int ChunkCapacity = 1 << 16;

    private readonly Stream _output;
    private readonly byte[] _chunk = new byte[ChunkCapacity];
    private int _filled;

    public PngDataChunkStream(Stream output) => _output = output;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int taken = Math.Min(buffer.Length, ChunkCapacity - _filled);
            buffer[..taken].CopyTo(_chunk.AsSpan(_filled));
            _filled += taken;
            buffer = buffer[taken..];
            if (_filled == ChunkCapacity)
            {
                WriteChunk();
            }
        }
    }

    /// <summary>Writes the bytes still held as the last IDAT chunk; call once, after the zlib stream is closed.</summary>
    public void Finish()
    {
        if (_filled > 0)
        {
            WriteChunk();
        }
    }

    // The bytes held go out as the last chunk in Finish; writing them out on a flush would only add short chunks.
    public override void Flush()
    {
    }

    private void WriteChunk()
    {
        PngEncoder.WriteChunk(_output, "IDAT"u8, _chunk.AsSpan(0, _filled));
        _filled = 0;
    }
}
