namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// A mistake in the command line that only a file it names shows, such as an --epochs beyond the room an --init model's
/// history has left: told in one line, with the exit code of the mistakes the parser finds.
/// </summary>
internal sealed class CommandLineUsageException(string message) : Exception(message);
