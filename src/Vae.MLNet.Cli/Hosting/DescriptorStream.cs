using System.Runtime.InteropServices;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// A descriptor written with write(2), which needs no descriptor of its own and writes a file at the offset the descriptor
/// shares with the processes that hold it, where a <see cref="FileStream"/> keeps an offset of its own (pwrite), so what a
/// shell writes after the process ('(vae …) 2&gt;log; echo done &gt;&amp;2') would overwrite the text.
/// </summary>
internal sealed partial class DescriptorStream(int descriptor) : WriteOnlyStream
{
    private const int Interrupted = 4; // EINTR

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint written;
            fixed (byte* bytes = buffer)
            {
                written = WriteBytes(descriptor, bytes, (nuint)buffer.Length);
            }

            if (written >= 0)
            {
                buffer = buffer[(int)written..];
            }
            else if (Marshal.GetLastPInvokeError() is var error && error != Interrupted)
            {
                throw new IOException(Marshal.GetPInvokeErrorMessage(error), error);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteBytes(int descriptor, byte* bytes, nuint count);
}
