namespace Vae.MLNet.Runtime;

/// <summary>The encoder, decoder and autoencoder sessions of one model, as one run of <see cref="VaeOnnxModel"/> uses them.</summary>
/// <remarks>
/// The autoencoder session is made the first time it is asked for: it holds the encoder's and the decoder's weights once
/// more, and only the anomaly scores and reconstruction errors need it, so a model that only encodes and decodes would
/// otherwise keep twice the weights it uses in ONNX Runtime.
/// </remarks>
internal sealed class ScoringSessions : IDisposable
{
    private readonly LazyDisposable<OnnxSession> _autoencoder;

    /// <param name="encoderGraph">The serialized encoder.</param>
    /// <param name="decoderGraph">The serialized decoder.</param>
    /// <param name="autoencoderGraph">Serializes the autoencoder when its session is first asked for.</param>
    /// <param name="intraOpThreads">Threads one operator of a session may use.</param>
    public ScoringSessions(byte[] encoderGraph, byte[] decoderGraph, Func<byte[]> autoencoderGraph, int intraOpThreads)
    {
        _autoencoder = new LazyDisposable<OnnxSession>(() => new OnnxSession(autoencoderGraph(), intraOpThreads));
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
    public OnnxSession Autoencoder => _autoencoder.Value;

    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
        _autoencoder.Dispose();
    }
}
