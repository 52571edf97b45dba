namespace Vae.MLNet.Runtime;

/// <summary>
/// An ONNX Runtime session made the first time it is asked for, from a graph exported only then: for graphs that hold
/// weights once more and that only some calls need, so a model that never makes those calls does not keep them.
/// </summary>
/// <param name="graph">Serializes the graph.</param>
/// <param name="intraOpThreads">Threads one operator of the session may use.</param>
internal sealed class LazySession(Func<byte[]> graph, int intraOpThreads) : IDisposable
{
    private readonly Lock _gate = new();
    private OnnxSession? _session;
    private bool _disposed;

    /// <summary>The session, made on first use; a failure to make it is thrown to each caller that asks.</summary>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public OnnxSession Session
    {
        get
        {
            if (Volatile.Read(ref _session) is { } made)
            {
                return made;
            }

            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_session is null)
                {
                    Volatile.Write(ref _session, new OnnxSession(graph(), intraOpThreads));
                }

                return _session;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _session?.Dispose();
            Volatile.Write(ref _session, null);
        }
    }
}
