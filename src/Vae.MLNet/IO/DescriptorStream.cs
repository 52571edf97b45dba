using System.Runtime.InteropServices;

namespace Vae.MLNet.IO;

/// <summary>
/// A write-only stream over one of this process's open descriptors, written with <c>write(2)</c> so that the
/// descriptor's own offset moves, as it does when a shell's command writes to it (<c>cmd &gt;&amp;3</c>). Reopening
/// <c>/dev/fd/3</c> instead would write from a position of its own, which whatever writes to the descriptor next
/// (the shell, or this process's own standard output) then overwrites.
/// </summary>
internal sealed partial class DescriptorStream : Stream
{
    private const int Interrupted = 4; // EINTR

    private readonly int _descriptor;

    /// <summary>Writes to <paramref name="descriptor"/>, which stays open.</summary>
    public DescriptorStream(int descriptor) => _descriptor = descriptor;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Nothing to do: every write has reached the descriptor when it returns.</summary>
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Writes all of <paramref name="buffer"/>, resuming after partial writes and interruptions.</summary>
    /// <exception cref="IOException">The descriptor is not open for writing, or the write failed (a closed pipe, a full disk).</exception>
    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            int written = 0;
            while (written < buffer.Length)
            {
                nint count = WriteNative(_descriptor, start + written, (nuint)(buffer.Length - written));
                if (count >= 0)
                {
                    written += (int)count;
                    continue;
                }

                int error = Marshal.GetLastPInvokeError();
                if (error != Interrupted)
                {
                    throw new IOException($"Writing to descriptor {_descriptor} failed: {Marshal.GetPInvokeErrorMessage(error)}.", error);
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int descriptor, byte* buffer, nuint count);
}
