namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Reports on the calling thread, unlike <see cref="Progress{T}"/>, which posts to the thread pool and could print an
/// epoch after the command has finished.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => report(value);
}
