namespace Vae.MLNet.IO;

/// <summary>
/// The file an <see cref="AtomicFileWriter"/> writes to as its writers see it: a failed write (a full disk, a quota)
/// names the file being written as its writer named it, where the runtime's message names the hidden temporary file,
/// which the user never gave, or a device's full path, after a separator of its own (" : '/dev/full'"). The writer
/// owns the file: disposing this leaves it open.
/// </summary>
/// <param name="temporary">The temporary file, or the device or descriptor written through.</param>
/// <param name="target">The file being written, as its writer named it.</param>
internal sealed class TargetNamingStream(FileStream temporary, string target) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => temporary.CanSeek;

    public override bool CanWrite => true;

    public override long Length => temporary.Length;

    // Moving writes out what the file buffers, which can fail as a write does.
    public override long Position
    {
        get => temporary.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>
    /// Whether <paramref name="failure"/>, thrown by a write, flush, seek or resize of the file, is the file's failing to take the
    /// bytes: an <see cref="IOException"/>, or the <see cref="ArgumentOutOfRangeException"/> .NET makes of EFBIG, a file
    /// grown past the process's file-size limit (<c>ulimit -f</c>) or the largest its file system holds.
    /// </summary>
    public static bool IsWriteFailure(Exception failure) => failure is IOException or ArgumentOutOfRangeException;

    /// <summary>What the <see cref="ArgumentOutOfRangeException"/> of <see cref="IsWriteFailure"/> means, after "the file" or "it".</summary>
    public const string GrowsPastTheLargestWritable = "would grow past the largest this process may write (its file-size limit, ulimit -f) or its file system holds";

    /// <summary>A failure of the temporary file (see <see cref="IsWriteFailure"/>), told as the target's.</summary>
    public IOException AsTargets(Exception failure)
    {
        string reason = failure is IOException io
            ? RuntimeIOMessage.ReasonOf(io, temporary.Name)
            : $"the file {GrowsPastTheLargestWritable}";
        return new IOException($"'{target}' could not be written: {reason}", failure);
    }

    public override void Flush()
    {
        try
        {
            temporary.Flush();
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw AsTargets(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The stream is for writing only.");

    public override long Seek(long offset, SeekOrigin origin)
    {
        try
        {
            return temporary.Seek(offset, origin);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw AsTargets(e);
        }
    }

    public override void SetLength(long value)
    {
        // Checked here, so that the ArgumentOutOfRangeException below can only be the file's refusing to grow.
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        try
        {
            temporary.SetLength(value);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw AsTargets(e);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            temporary.Write(buffer);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            throw AsTargets(e);
        }
    }

    public override void WriteByte(byte value) => Write([value]);
}
