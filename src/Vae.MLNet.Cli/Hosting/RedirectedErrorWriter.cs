namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard error redirected to a file, device or pipe, which may be closed (<c>2&gt;&amp;-</c>), full
/// (<c>2&gt;/dev/full</c>) or read by no one. A warning or error that cannot be written there has nowhere else to go, so
/// it is dropped and the command ends with its own exit code, where the failed write would abort the process, leaving
/// no output of a command that had succeeded.
/// </summary>
internal sealed class RedirectedErrorWriter(TextWriter error) : GuardedWriter(error)
{
    protected override void Failed(Exception failure)
    {
        // Nowhere is left to report it; see the class's summary.
    }
}
