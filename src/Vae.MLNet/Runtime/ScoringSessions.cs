using Vae.MLNet.Onnx;

namespace Vae.MLNet.Runtime;

/// <summary>The encoder, decoder and autoencoder sessions of one model, as one run of <see cref="VaeOnnxModel"/> uses them.</summary>
internal sealed class ScoringSessions : IDisposable
{
    public ScoringSessions(VaeOnnxGraphs graphs, int intraOpThreads)
    {
        OnnxSession? encoder = null;
        OnnxSession? decoder = null;
        try
        {
            encoder = new OnnxSession(graphs.Encoder, intraOpThreads);
            decoder = new OnnxSession(graphs.Decoder, intraOpThreads);
            Autoencoder = new OnnxSession(graphs.Autoencoder, intraOpThreads);
        }
        catch
        {
            encoder?.Dispose();
            decoder?.Dispose();
            throw;
        }

        Encoder = encoder;
        Decoder = decoder;
    }

    public OnnxSession Encoder { get; }

    public OnnxSession Decoder { get; }

    public OnnxSession Autoencoder { get; }

    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
        Autoencoder.Dispose();
    }
}
