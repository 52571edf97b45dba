using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>One architecture the ONNX tests export: a likelihood, an activation, a depth and whether inputs are scaled.</summary>
internal sealed record OnnxTestCase(VaeLikelihood Likelihood, VaeActivation Activation, int HiddenLayers, bool Scaled)
{
    public const int InputDimension = 5;

    public const int LatentDimension = 3;

    /// <summary>Every likelihood × activation × scaling × depth 0, 1, 2.</summary>
    public static IEnumerable<OnnxTestCase> All =>
        from likelihood in Enum.GetValues<VaeLikelihood>()
        from activation in Enum.GetValues<VaeActivation>()
        from scaled in new[] { false, true }
        from depth in new[] { 0, 1, 2 }
        select new OnnxTestCase(likelihood, activation, depth, scaled);

    public VaeInputScaling ScalingKind => !Scaled
        ? VaeInputScaling.None
        : Likelihood == VaeLikelihood.Bernoulli ? VaeInputScaling.MinMax : VaeInputScaling.Standardize;

    /// <summary>A file-name-safe label.</summary>
    public string Label => $"{Likelihood}_{Activation}_{HiddenLayers}h_{(Scaled ? "scaled" : "raw")}";

    /// <summary>Random weights; the same seed gives the same network. Decoder sizes differ from the encoder's so a mix-up shows.</summary>
    public VaeNetwork CreateNetwork(int seed) => VaeNetwork.Create(Options(), InputDimension, new Random(seed));

    /// <summary>A model of <paramref name="network"/> and <paramref name="scaling"/>, scoring with the managed GEMM.</summary>
    public VaeModel CreateModel(VaeNetwork network, FeatureScaling? scaling)
    {
        VaeOptions options = Options();
        options.InputScaling = ScalingKind;
        options.Gemm = GemmBackend.Managed;
        options.NumberOfThreads = 1;
        return new VaeModel(network, scaling, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);
    }

    private VaeOptions Options() => new()
    {
        HiddenLayerSizes = new[] { 6, 4 }.Take(HiddenLayers).ToArray(),
        DecoderHiddenLayerSizes = new[] { 7, 5 }.Take(HiddenLayers).ToArray(),
        LatentDimension = LatentDimension,
        Activation = Activation,
        LeakyReluSlope = 0.2f,
        Likelihood = Likelihood,
        GaussianVariance = 0.5f,
    };

    public FeatureScaling? CreateScaling(int seed)
    {
        if (!Scaled)
        {
            return null;
        }

        var random = new Random(seed + 1000);
        float[] offset = Enumerable.Range(0, InputDimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] scale = Enumerable.Range(0, InputDimension).Select(_ => (float)(0.5 + (random.NextDouble() * 1.5))).ToArray();
        return new FeatureScaling(offset, scale).For(Likelihood);
    }

    /// <summary>
    /// Pushes some log-variance columns far beyond both clamps and leaves the rest alone, so a comparison covers the
    /// clamped and the pass-through path of every Clip.
    /// </summary>
    public static void SaturateSomeLogVarianceColumns(VaeNetwork network)
    {
        int k = network.LatentDimension;
        network.EncoderHead.Bias[k] = 40f;
        network.EncoderHead.Bias[k + 1] = -40f;
        if (network.HasReconstructionLogVar)
        {
            int d = network.InputDimension;
            network.DecoderHead.Bias[d] = 40f;
            network.DecoderHead.Bias[d + 1] = -40f;
        }
    }

    public override string ToString() => Label;
}
