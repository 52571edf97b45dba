namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// A command stopped by Ctrl+C, SIGTERM or SIGHUP that wrote a file before it stopped, which its message says in place
/// of "no output file was written"; its exit code is any cancellation's.
/// </summary>
internal sealed class CancelledCommandException(string message, Exception? innerException = null) : OperationCanceledException(message, innerException);
