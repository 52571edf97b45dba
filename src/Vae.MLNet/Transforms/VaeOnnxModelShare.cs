using System.Runtime.CompilerServices;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Transforms;

/// <summary>
/// One holder's share of a <see cref="VaeOnnxModel"/> used by several transformers. The sessions are released when
/// the last share is disposed, so a decoder made from a transformer keeps working after the transformer is disposed,
/// and the other way round, without either one loading the graphs again.
/// </summary>
internal sealed class VaeOnnxModelShare : IDisposable
{
    private readonly VaeOnnxModel _model;
    private readonly StrongBox<int> _holders;
    private int _disposed;

    /// <summary>Takes ownership of <paramref name="model"/> as its first share.</summary>
    public VaeOnnxModelShare(VaeOnnxModel model)
        : this(model, new StrongBox<int>(1))
    {
    }

    private VaeOnnxModelShare(VaeOnnxModel model, StrongBox<int> holders)
    {
        _model = model;
        _holders = holders;
    }

    /// <summary>The model, while this share is not disposed; <paramref name="owner"/> names the holder in the exception.</summary>
    /// <exception cref="ObjectDisposedException">This share has been disposed.</exception>
    public VaeOnnxModel Get(object owner)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, owner);
        return _model;
    }

    /// <summary>A new share of the same model, which stays alive until it too is disposed.</summary>
    /// <exception cref="ObjectDisposedException">This share, or every share, has been disposed.</exception>
    public VaeOnnxModelShare Share(object owner)
    {
        Get(owner);

        // Never revive a count that reached zero: the sessions are already being released.
        int holders;
        do
        {
            holders = Volatile.Read(ref _holders.Value);
            ObjectDisposedException.ThrowIf(holders == 0, owner);
        }
        while (Interlocked.CompareExchange(ref _holders.Value, holders + 1, holders) != holders);

        return new VaeOnnxModelShare(_model, _holders);
    }

    /// <summary>Gives up this share; the last one to go releases the sessions. Repeated calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && Interlocked.Decrement(ref _holders.Value) == 0)
        {
            _model.Dispose();
        }
    }
}
