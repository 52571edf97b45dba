using System.Runtime.InteropServices;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Turns a write past the file-size limit (ulimit -f) into a failed write. The kernel sends SIGXFSZ for such a write,
/// whose default action ends the process before write() returns, leaving a temporary file and no message. Caught, the
/// write fails with EFBIG, which the writers report and clean up after as they do a full disk.
/// </summary>
internal static class FileSizeLimitSignal
{
    private const int FileSizeLimitExceeded = 25; // SIGXFSZ on Linux (x86-64, arm64) and macOS

    // .NET handles a signal on a thread of its own, after the write that raised it has returned; one handled once no
    // registration is left is raised again with its default action, which ended the process with exit code 153 as it
    // returned its own. Held in a static field, the registration lasts as long as the process.
    private static PosixSignalRegistration? registration;

    /// <summary>Catches SIGXFSZ from now until the process ends; does nothing where there is no such signal (Windows).</summary>
    public static void CatchForTheLifeOfTheProcess()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            registration ??= PosixSignalRegistration.Create((PosixSignal)FileSizeLimitExceeded, context => context.Cancel = true);
        }
    }
}
