using Microsoft.Win32.SafeHandles;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>The process's standard output, when it is not a terminal, as the stream the commands' text goes to.</summary>
internal static class StandardOutputStream
{
    private const int Descriptor = 1;

    /// <summary>
    /// A stream over descriptor 1 that reports a pipe whose reader has gone (EPIPE), where <see cref="Console.Out"/>
    /// drops the failure and a command would compute the rest of its rows for no one.
    /// </summary>
    public static Stream Open()
    {
        var stream = new FileStream(new SafeFileHandle(Descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        if (!stream.CanSeek)
        {
            return stream;
        }

        // A FileStream writes a seekable file at an offset of its own (pwrite) that the descriptor's shared offset does
        // not follow, so what a shell wrote after the command ('(vae …; echo done) > log') would overwrite its text.
        // A file has no reader to go away; the console's stream writes at the shared offset.
        stream.Dispose();
        return Console.OpenStandardOutput();
    }
}
