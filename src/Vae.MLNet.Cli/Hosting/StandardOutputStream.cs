using Microsoft.Win32.SafeHandles;
using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>The process's standard output, when it is not a terminal, as the stream the commands' text goes to.</summary>
internal static class StandardOutputStream
{
    private const int Descriptor = 1;

    /// <summary>
    /// A stream over descriptor 1 that reports a pipe whose reader has gone (EPIPE), where <see cref="Console.Out"/>
    /// drops the failure and a command would compute the rest of its rows for no one. On Windows, the console's own
    /// stream.
    /// </summary>
    public static Stream Open() => Open(hasDescriptors: !OperatingSystem.IsWindows());

    /// <summary>
    /// As <see cref="Open()"/>, with standard output taken for descriptor 1 only where <paramref name="hasDescriptors"/>:
    /// Windows gives a process its standard output as a handle of its own, and a handle of value 1 is none, whose
    /// stream failed to open, so that no command could start with its output redirected.
    /// </summary>
    public static Stream Open(bool hasDescriptors)
    {
        // A FileStream over Windows' handle would gain nothing: .NET drops a write to a pipe being closed (ERROR_NO_DATA)
        // there as its console stream does, so on Windows a reader that has gone is not seen.
        if (!hasDescriptors)
        {
            return Console.OpenStandardOutput();
        }

        // Started with standard output closed ('<&- >&-'), the process finds descriptor 1 taken by the runtime's own pipe,
        // which would swallow the text, or fill and block the command for good.
        if (!SpecialFiles.MayBeInherited(Descriptor))
        {
            return new NotGivenStream();
        }

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

    /// <summary>Standard output the process was started without: every write fails as to a closed descriptor.</summary>
    private sealed class NotGivenStream : WriteOnlyStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("it was closed when vae started");
    }
}
