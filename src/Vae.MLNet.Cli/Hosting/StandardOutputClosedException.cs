namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard output is a pipe whose reader has gone (<c>vae generate m.zip --count 1000000 | head</c>): the command stops,
/// as the tools a shell pipes together stop by SIGPIPE, and nothing is told, as no one is reading, unless the command
/// kept a file before it stopped (<paramref name="whatWasKept"/>, as <c>vae train</c> keeps its completed epochs), which
/// standard error tells, as it would not be found otherwise.
/// </summary>
internal sealed class StandardOutputClosedException(IOException failure, string? whatWasKept = null)
    : IOException(whatWasKept is null ? "standard output was closed by its reader." : $"standard output was closed by its reader: {whatWasKept}", failure)
{
    /// <summary>Whether the message tells of a file kept, and is to be written to standard error.</summary>
    public bool TellsWhatWasKept { get; } = whatWasKept is not null;
}
