namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard error for a failure before the command could start, such as the console's own set-up failing for want of
/// a file descriptor (ulimit -n). The console sets itself up again for every write and fails the same way there, so on
/// Linux and macOS this writes to descriptor 2 itself, which needs no descriptor of its own; a failed write is dropped,
/// as nowhere is left to report it.
/// </summary>
internal static class StartUpErrorWriter
{
    private const int Descriptor = 2;

    /// <summary>A writer over standard error that writes each line as it is given.</summary>
    public static TextWriter Open() => new RedirectedErrorWriter(OperatingSystem.IsWindows()
        ? Console.Error
        : new StreamWriter(new DescriptorStream(Descriptor)) { AutoFlush = true });
}
