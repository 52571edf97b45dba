namespace Vae.MLNet.Runtime;

/// <summary>The encoder, decoder and autoencoder sessions of one model, as one run of <see cref="VaeOnnxModel"/> uses them.</summary>
/// <remarks>
/// The autoencoder session is made the first time it is asked for: it holds the encoder's and the decoder's weights once
/// more, and only the anomaly scores and reconstruction errors need it, so a model that only encodes and decodes would
/// otherwise keep twice the weights it uses in ONNX Runtime.
/// </remarks>
internal sealed class ScoringSessions : IDisposable
{
    private readonly Func<byte[]> _autoencoderGraph;
    private readonly int _intraOpThreads;
    private readonly Lock _autoencoderGate = new();
    private OnnxSession? _autoencoder;
    private bool _disposed;

    /// <param name="encoderGraph">The serialized encoder.</param>
    /// <param name="decoderGraph">The serialized decoder.</param>
    /// <param name="autoencoderGraph">Serializes the autoencoder when its session is first asked for.</param>
    /// <param name="intraOpThreads">Threads one operator of a session may use.</param>
    public ScoringSessions(byte[] encoderGraph, byte[] decoderGraph, Func<byte[]> autoencoderGraph, int intraOpThreads)
    {
        _autoencoderGraph = autoencoderGraph;
        _intraOpThreads = intraOpThreads;
        Encoder = new OnnxSession(encoderGraph, intraOpThreads);
        try
        {
            Decoder = new OnnxSession(decoderGraph, intraOpThreads);
        }
        catch
        {
            Encoder.Dispose();
            throw;
        }
    }

    public OnnxSession Encoder { get; }

    public OnnxSession Decoder { get; }

    /// <summary>The autoencoder's session, made on first use; a failure to make it is thrown to each caller that asks.</summary>
    /// <exception cref="ObjectDisposedException">The sessions were disposed.</exception>
    public OnnxSession Autoencoder
    {
        get
        {
            if (Volatile.Read(ref _autoencoder) is { } made)
            {
                return made;
            }

            lock (_autoencoderGate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_autoencoder is null)
                {
                    Volatile.Write(ref _autoencoder, new OnnxSession(_autoencoderGraph(), _intraOpThreads));
                }

                return _autoencoder;
            }
        }
    }

    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
        lock (_autoencoderGate)
        {
            _disposed = true;
            _autoencoder?.Dispose();
            Volatile.Write(ref _autoencoder, null);
        }
    }
}
