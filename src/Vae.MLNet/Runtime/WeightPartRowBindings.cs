using Vae.MLNet.Model;
using Vae.MLNet.Onnx;

namespace Vae.MLNet.Runtime;

/// <summary>
/// The buffers of a single row scored cut by weights (see <see cref="WeightPartScoring"/>), pinned for good, and each
/// part's runs bound to them (see <see cref="OnnxSession.Bind"/>) the first time they are needed: a row then costs no
/// tensors made and released, which scored 4–5 % more single rows a second (docs/benchmarks.md). The parts write
/// their columns of the hidden layer and their features of the reconstruction side by side into one buffer each.
/// </summary>
internal sealed class WeightPartRowBindings : IDisposable
{
    private readonly LazyDisposable<OnnxBinding>[] _firstLayers;
    private readonly LazyDisposable<OnnxBinding>[] _rests;
    private readonly LazyDisposable<OnnxBinding>[] _lossRests;
    private readonly LazyDisposable<OnnxBinding> _encoderRest;
    private readonly LazyDisposable<OnnxBinding>[] _decoders;

    /// <param name="parts">The cut.</param>
    /// <param name="network">The network cut.</param>
    /// <param name="firstLayers">Each part's session of its columns of the first hidden layer.</param>
    /// <param name="rests">Each part's session of the rest of the network, decoding its features.</param>
    /// <param name="lossRests">Each part's session of the rest of the network, decoding its features and scoring their loss.</param>
    /// <param name="encoderRest">The session of the rest of the encoder.</param>
    /// <param name="decoders">Each part's session of the decoder of its features.</param>
    public WeightPartRowBindings(
        WeightParts parts,
        VaeNetwork network,
        LazyDisposable<OnnxSession>[] firstLayers,
        LazyDisposable<OnnxSession>[] rests,
        LazyDisposable<OnnxSession>[] lossRests,
        LazyDisposable<OnnxSession> encoderRest,
        LazyDisposable<OnnxSession>[] decoders)
    {
        int d = network.InputDimension;
        int k = network.LatentDimension;
        Features = GC.AllocateArray<float>(d, pinned: true);
        Hidden = GC.AllocateArray<float>(network.EncoderHidden[0].OutputSize, pinned: true);
        LatentMean = GC.AllocateArray<float>(k, pinned: true);
        LatentLogVariance = GC.AllocateArray<float>(k, pinned: true);
        Latent = GC.AllocateArray<float>(k, pinned: true);
        Reconstruction = GC.AllocateArray<float>(d, pinned: true);
        ReconstructionLogVariance = network.HasReconstructionLogVar ? GC.AllocateArray<float>(d, pinned: true) : [];
        ReconstructionErrors = GC.AllocateArray<float>(parts.Count, pinned: true);
        KullbackLeibler = GC.AllocateArray<float>(1, pinned: true);

        OnnxTensorNames names = OnnxTensorNames.Default;
        OnnxInput[] hidden = [new OnnxInput(OnnxExporter.FirstHiddenLayer, Hidden)];
        OnnxOutput[] latentOutputs = [new OnnxOutput(names.LatentMean, LatentMean), new OnnxOutput(names.LatentLogVar, LatentLogVariance)];
        _firstLayers = [.. parts.HiddenColumns.Select((columns, part) => Binding(
            firstLayers[part], [new OnnxInput(names.Features, Features)], [new OnnxOutput(OnnxExporter.FirstHiddenLayer, Part(Hidden, columns))]))];
        _rests = [.. parts.DecodedFeatures.Select((features, part) => Binding(
            rests[part], hidden, [new OnnxOutput(names.Reconstruction, Part(Reconstruction, features)), .. part == 0 ? latentOutputs : []]))];
        _lossRests = [.. parts.DecodedFeatures.Select((features, part) => Binding(
            lossRests[part],
            [.. hidden, new OnnxInput(names.Features, Features)],
            [
                new OnnxOutput(names.Reconstruction, Part(Reconstruction, features)),
                new OnnxOutput(names.ReconstructionError, ReconstructionErrors.AsMemory(part, 1)),
                .. part == 0 ? [new OnnxOutput(OnnxExporter.KullbackLeibler, KullbackLeibler), .. latentOutputs] : Array.Empty<OnnxOutput>(),
            ]))];
        _encoderRest = Binding(encoderRest, hidden, latentOutputs);
        _decoders = [.. parts.DecodedFeatures.Select((features, part) => Binding(
            decoders[part],
            [new OnnxInput(names.Latent, Latent)],
            [
                new OnnxOutput(names.Reconstruction, Part(Reconstruction, features)),
                .. network.HasReconstructionLogVar ? [new OnnxOutput(names.ReconstructionLogVar, Part(ReconstructionLogVariance, features))] : Array.Empty<OnnxOutput>(),
            ]))];
    }

    /// <summary>The row's features, the input of <see cref="FirstLayer"/> and <see cref="LossRest"/>.</summary>
    public float[] Features { get; }

    /// <summary>The row's first hidden layer, which <see cref="FirstLayer"/> writes and <see cref="Rest"/> and <see cref="EncoderRest"/> read.</summary>
    public float[] Hidden { get; }

    public float[] LatentMean { get; }

    public float[] LatentLogVariance { get; }

    /// <summary>The latent vector <see cref="Decoder"/> decodes.</summary>
    public float[] Latent { get; }

    public float[] Reconstruction { get; }

    /// <summary>The reconstruction's log-variance, empty unless the network learns it.</summary>
    public float[] ReconstructionLogVariance { get; }

    /// <summary>Each part's features' reconstruction error, which <see cref="LossRest"/> writes.</summary>
    public float[] ReconstructionErrors { get; }

    /// <summary>The row's KL(q(z | x) ‖ N(0, I)), which <see cref="LossRest"/> of part 0 writes.</summary>
    public float[] KullbackLeibler { get; }

    /// <summary>Part <paramref name="part"/>'s columns of <see cref="Hidden"/>, from <see cref="Features"/>.</summary>
    public OnnxBinding FirstLayer(int part) => _firstLayers[part].Value;

    /// <summary>
    /// Part <paramref name="part"/>'s features of <see cref="Reconstruction"/>, from <see cref="Hidden"/>, and for part 0
    /// <see cref="LatentMean"/> and <see cref="LatentLogVariance"/>.
    /// </summary>
    public OnnxBinding Rest(int part) => _rests[part].Value;

    /// <summary>
    /// What <see cref="Rest"/> gives, and part <paramref name="part"/>'s entry of <see cref="ReconstructionErrors"/>, from
    /// <see cref="Hidden"/> and <see cref="Features"/>; for part 0 also <see cref="KullbackLeibler"/>.
    /// </summary>
    public OnnxBinding LossRest(int part) => _lossRests[part].Value;

    /// <summary><see cref="LatentMean"/> and <see cref="LatentLogVariance"/> from <see cref="Hidden"/>.</summary>
    public OnnxBinding EncoderRest => _encoderRest.Value;

    /// <summary>Part <paramref name="part"/>'s features of <see cref="Reconstruction"/> (and <see cref="ReconstructionLogVariance"/>) from <see cref="Latent"/>.</summary>
    public OnnxBinding Decoder(int part) => _decoders[part].Value;

    public void Dispose()
    {
        foreach (LazyDisposable<OnnxBinding> binding in _firstLayers.Concat(_rests).Concat(_lossRests).Append(_encoderRest).Concat(_decoders))
        {
            binding.Dispose();
        }
    }

    private static LazyDisposable<OnnxBinding> Binding(LazyDisposable<OnnxSession> session, OnnxInput[] inputs, OnnxOutput[] outputs) =>
        new(() => session.Value.Bind(1, inputs, outputs));

    private static Memory<float> Part(float[] buffer, FeatureRun run) => buffer.AsMemory(run.First, run.Count);
}
