using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>
/// One architecture the ONNX tests export: a likelihood, an activation, a depth, whether inputs are scaled and whether
/// features 0–1 and 3–4 are the one-hot features of two categorical columns, around the numeric feature 2.
/// </summary>
internal sealed record OnnxTestCase(VaeLikelihood Likelihood, VaeActivation Activation, int HiddenLayers, bool Scaled, bool Categorical = false)
{
    public const int InputDimension = 5;

    public const int LatentDimension = 3;

    /// <summary>Every likelihood × activation × scaling × depth 0, 1, 2, and every likelihood × scaling with categorical columns.</summary>
    public static IEnumerable<OnnxTestCase> All =>
        (from likelihood in Enum.GetValues<VaeLikelihood>()
         from activation in Enum.GetValues<VaeActivation>()
         from scaled in new[] { false, true }
         from depth in new[] { 0, 1, 2 }
         select new OnnxTestCase(likelihood, activation, depth, scaled))
        .Concat(
            from likelihood in Enum.GetValues<VaeLikelihood>()
            from scaled in new[] { false, true }
            select new OnnxTestCase(likelihood, scaled ? VaeActivation.Tanh : VaeActivation.Relu, 1, scaled, Categorical: true));

    public VaeInputScaling ScalingKind => !Scaled
        ? VaeInputScaling.None
        : Likelihood == VaeLikelihood.Bernoulli ? VaeInputScaling.MinMax : VaeInputScaling.Standardize;

    /// <summary>A file-name-safe label.</summary>
    public string Label => $"{Likelihood}_{Activation}_{HiddenLayers}h_{(Scaled ? "scaled" : "raw")}{(Categorical ? "_categorical" : string.Empty)}";

    /// <summary>The categorical columns of <see cref="Categorical"/> cases, each of two categories.</summary>
    public IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures =>
        Categorical ? [new VaeCategoricalFeature(null, 0, ["a", "b"]), new VaeCategoricalFeature(null, 3, ["c", "d"])] : null;

    /// <summary>Random weights; the same seed gives the same network. Decoder sizes differ from the encoder's so a mix-up shows.</summary>
    public VaeNetwork CreateNetwork(int seed) =>
        VaeNetwork.Create(Options(), InputDimension, new Random(seed), CategoricalGroups.Of(CategoricalFeatures, InputDimension));

    /// <summary>A model of <paramref name="network"/> and <paramref name="scaling"/>, scoring with the managed GEMM.</summary>
    public VaeModel CreateModel(VaeNetwork network, FeatureScaling? scaling)
    {
        VaeOptions options = Options();
        options.InputScaling = ScalingKind;
        options.Gemm = GemmBackend.Managed;
        options.NumberOfThreads = 1;
        return new VaeModel(network, scaling, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null, categoricalFeatures: CategoricalFeatures);
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
        return new FeatureScaling(offset, scale).Leaving(CategoricalGroups.Of(CategoricalFeatures, InputDimension)).For(Likelihood);
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
