namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Standard output redirected to a file or device (<c>&gt; rows.csv</c>): a write that fails, on a full disk or
/// <c>/dev/full</c>, says that standard output failed, where the runtime's message names no file at all.
/// </summary>
internal sealed class RedirectedOutputWriter(TextWriter output) : GuardedWriter(output)
{
    protected override void Failed(IOException failure) =>
        throw new IOException($"standard output could not be written: {failure.Message}; redirect it elsewhere.", failure);
}
