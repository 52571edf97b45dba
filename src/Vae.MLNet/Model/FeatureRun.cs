namespace Vae.MLNet.Model;

/// <summary>Features <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> − 1 of a row.</summary>
internal readonly record struct FeatureRun(int First, int Count)
{
    /// <summary>The indices of the run's features.</summary>
    public IEnumerable<int> Features => Enumerable.Range(First, Count);

    /// <summary>Whether <paramref name="feature"/> is one of the run's features.</summary>
    public bool Contains(int feature) => (uint)(feature - First) < (uint)Count;

    /// <summary>The run's values in a row of values.</summary>
    public Span<T> Of<T>(Span<T> row) => row.Slice(First, Count);

    /// <summary>The run's values in a row of values.</summary>
    public ReadOnlySpan<T> Of<T>(ReadOnlySpan<T> row) => row.Slice(First, Count);
}
