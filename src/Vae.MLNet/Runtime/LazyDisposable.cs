namespace Vae.MLNet.Runtime;

/// <summary>
/// A native resource made the first time it is asked for and disposed with its owner: for the sessions of graphs that
/// hold weights once more and that only some calls need, so a model that never makes those calls does not keep them,
/// and for the bindings of such sessions.
/// </summary>
/// <typeparam name="T">The resource.</typeparam>
/// <param name="make">Makes the resource.</param>
internal sealed class LazyDisposable<T>(Func<T> make) : IDisposable
    where T : class, IDisposable
{
    private readonly Lock _gate = new();
    private T? _value;
    private bool _disposed;

    /// <summary>The resource, made on first use; a failure to make it is thrown to each caller that asks.</summary>
    /// <exception cref="ObjectDisposedException">The resource was disposed.</exception>
    public T Value
    {
        get
        {
            if (Volatile.Read(ref _value) is { } made)
            {
                return made;
            }

            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_value is null)
                {
                    Volatile.Write(ref _value, make());
                }

                return _value;
            }
        }
    }

    /// <summary>The resource if it has been made and not disposed; null otherwise, without making it.</summary>
    public T? MadeValue => Volatile.Read(ref _value);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _value?.Dispose();
            Volatile.Write(ref _value, null);
        }
    }
}
