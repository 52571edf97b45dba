namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard output is a pipe whose reader has gone (<c>vae generate m.zip --count 1000000 | head</c>): the command stops,
/// as the tools a shell pipes together stop by SIGPIPE, and nothing is told, as no one is reading.
/// </summary>
internal sealed class StandardOutputClosedException(IOException failure)
    : IOException("standard output was closed by its reader.", failure);
