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
    public VaeNetwork CreateNetwork(int seed)
    {
        var options = new VaeOptions
        {
            HiddenLayerSizes = new[] { 6, 4 }.Take(HiddenLayers).ToArray(),
            DecoderHiddenLayerSizes = new[] { 7, 5 }.Take(HiddenLayers).ToArray(),
            LatentDimension = LatentDimension,
            Activation = Activation,
            LeakyReluSlope = 0.2f,
            Likelihood = Likelihood,
            GaussianVariance = 0.5f,
        };
        return VaeNetwork.Create(options, InputDimension, new Random(seed));
    }

    public FeatureScaling? CreateScaling(int seed)
    {
        if (!Scaled)
        {
            return null;
        }

        var random = new Random(seed + 1000);
        float[] offset = Enumerable.Range(0, InputDimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] scale = Enumerable.Range(0, InputDimension).Select(_ => (float)(0.5 + (random.NextDouble() * 1.5))).ToArray();
        return new FeatureScaling(offset, scale);
    }

    public override string ToString() => Label;
}
