namespace Vae.MLNet.Tests;

/// <summary>
/// Collects each report on the thread that makes it, unlike <see cref="Progress{T}"/>, which posts reports to the
/// thread pool: a test reading <see cref="Reports"/> right after the call it watched sees every report, in order.
/// </summary>
/// <remarks>The ML.NET integration tests compile this file too (linked), so it needs nothing beyond the BCL.</remarks>
internal sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    /// <summary>The reports made so far, oldest first.</summary>
    public IReadOnlyList<T> Reports => _reports;

    public void Report(T value) => _reports.Add(value);
}
