namespace Vae.MLNet.Runtime;

/// <summary>
/// A graph exported on demand for sessions made at about the same time: those that ask while another still holds the
/// bytes share them, and once every session has made its own, the bytes are left to the collector rather than kept
/// for the model's lifetime beside the sessions' copies.
/// </summary>
/// <param name="export">Serializes the graph.</param>
internal sealed class SharedGraphExport(Func<byte[]> export)
{
    private readonly Lock _gate = new();
    private readonly WeakReference<byte[]?> _latest = new(null);

    /// <summary>The graph's bytes, exported again only when no one holds the last export.</summary>
    public byte[] Get()
    {
        lock (_gate)
        {
            if (!_latest.TryGetTarget(out byte[]? graph))
            {
                graph = export();
                _latest.SetTarget(graph);
            }

            return graph;
        }
    }
}
