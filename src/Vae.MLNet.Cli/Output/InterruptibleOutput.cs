using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// Writes a command's files atomically, as the library's own saving does, and so that Ctrl+C, SIGTERM and SIGHUP stop a
/// command whose file is a FIFO that has no reader yet: opening it blocks until one comes, and a blocked call never
/// returns to see the cancellation.
/// </summary>
internal static class InterruptibleOutput
{
    /// <summary>Fills <paramref name="path"/> through <paramref name="write"/>, which sees the file only once it opened.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the file opened.</exception>
    public static void Write(string path, Action<Stream> write, CancellationToken cancellation)
    {
        using var writer = new AtomicFileWriter(path, nameof(path));
        write(writer.OpenStream(cancellation));
        writer.Commit();
    }
}
