using Vae.MLNet.Model;
using static Vae.MLNet.Onnx.OnnxInitializerNames;

namespace Vae.MLNet.Onnx;

/// <summary>
/// The input scaling's constants in one graph, each added the first time a node reads it. The autoencoder graph scales
/// its input and un-scales its reconstruction, and one constant must not be written twice; adding on first use also
/// keeps the encoder and decoder files byte for byte what they were before the autoencoder shared this code.
/// </summary>
internal sealed class OnnxScalingConstants
{
    private readonly OnnxGraphBuilder graph;
    private readonly FeatureScaling scaling;
    private string? offset;
    private string? scale;
    private string? logVarianceShift;

    public OnnxScalingConstants(OnnxGraphBuilder graph, FeatureScaling scaling)
    {
        this.graph = graph;
        this.scaling = scaling;
    }

    /// <summary>Whether the scaled features are clipped to [0, 1], as <see cref="FeatureScaling.Apply"/> does for a Bernoulli model.</summary>
    public bool ClipsToUnitInterval => scaling.ClipsToUnitInterval;

    public string Offset => offset ??= graph.AddInitializer(ScalingOffset, scaling.Offset, scaling.FeatureCount);

    public string Scale => scale ??= graph.AddInitializer(ScalingScale, scaling.Scale, scaling.FeatureCount);

    /// <summary>
    /// 2·log s per feature: Var(x'/s) = Var(x')/s², so a log-variance in original units is log σ'² − 2·log s. Computed in
    /// float32 exactly as <see cref="FeatureScaling.UnapplyLogVariance"/> does, so the graph and the library agree bit for bit.
    /// </summary>
    public string LogVarianceShift => logVarianceShift ??= graph.AddInitializer(
        ScalingLogVarianceShift, scaling.Scale.Select(s => 2f * MathF.Log(s)).ToArray(), scaling.FeatureCount);
}
