using Vae.MLNet.Onnx;

namespace Vae.MLNet.Runtime;

/// <summary>The encoder, decoder and autoencoder sessions of one model, as one run of <see cref="VaeOnnxModel"/> uses them.</summary>
/// <remarks>
/// The autoencoder session is made the first time it is asked for: it holds the encoder's and the decoder's weights once
/// more, and only the anomaly scores and reconstruction errors need it, so a model that only encodes and decodes would
/// otherwise keep twice the weights it uses in ONNX Runtime.
/// </remarks>
internal sealed class ScoringSessions : IDisposable
{
    private readonly LazyDisposable<ScoringGraph> _autoencoder;

    /// <param name="encoderGraph">The serialized encoder.</param>
    /// <param name="decoderGraph">The serialized decoder.</param>
    /// <param name="autoencoderGraph">Serializes the autoencoder when its session is first asked for.</param>
    /// <param name="names">The graphs' tensor names.</param>
    /// <param name="intraOpThreads">Threads one operator of a session may use.</param>
    public ScoringSessions(byte[] encoderGraph, byte[] decoderGraph, Func<byte[]> autoencoderGraph, OnnxTensorNames names, int intraOpThreads)
    {
        _autoencoder = new LazyDisposable<ScoringGraph>(() => Graph(
            autoencoderGraph(), intraOpThreads, names.Features, names.LatentMean, names.LatentLogVar, names.Reconstruction, names.ReconstructionError, names.AnomalyScore));
        Encoder = Graph(encoderGraph, intraOpThreads, names.Features, names.LatentMean, names.LatentLogVar);
        try
        {
            Decoder = Graph(decoderGraph, intraOpThreads, names.Latent, names.Reconstruction, names.ReconstructionLogVar);
        }
        catch
        {
            Encoder.Dispose();
            throw;
        }
    }

    /// <summary>Features → latent means, latent log-variances.</summary>
    public ScoringGraph Encoder { get; }

    /// <summary>Latent vectors → reconstruction, reconstruction log-variances (where the model learns them).</summary>
    public ScoringGraph Decoder { get; }

    /// <summary>
    /// Features → latent means, latent log-variances, reconstruction, reconstruction error, anomaly score; made on first
    /// use, and a failure to make it is thrown to each caller that asks.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The sessions were disposed.</exception>
    public ScoringGraph Autoencoder => _autoencoder.Value;

    /// <summary>How many ONNX Runtime tensors the sessions made so far have made (see <see cref="OnnxSession.TensorsMade"/>).</summary>
    public long TensorsMade => Encoder.Session.TensorsMade + Decoder.Session.TensorsMade + (_autoencoder.MadeValue?.Session.TensorsMade ?? 0);

    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
        _autoencoder.Dispose();
    }

    private static ScoringGraph Graph(byte[] graph, int intraOpThreads, string input, params string[] outputs)
    {
        var session = new OnnxSession(graph, intraOpThreads);
        try
        {
            return new ScoringGraph(session, input, outputs);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
