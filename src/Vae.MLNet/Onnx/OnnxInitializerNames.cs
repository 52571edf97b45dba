namespace Vae.MLNet.Onnx;

/// <summary>
/// Names of the weight constants in the exported graphs. The importer finds the weights by these names, so they are
/// part of the file format: renaming one breaks reading files written before.
/// </summary>
internal static class OnnxInitializerNames
{
    public const string ScalingOffset = "scaling.offset";

    public const string ScalingScale = "scaling.scale";

    public const string ScalingLogVarianceShift = "scaling.log_variance_shift";

    public const string EncoderHead = "encoder.head";

    public const string DecoderHead = "decoder.head";

    public static string EncoderHidden(int index) => $"encoder.hidden.{index}";

    public static string DecoderHidden(int index) => $"decoder.hidden.{index}";

    public static string Weight(string layer) => layer + ".weight";

    public static string Bias(string layer) => layer + ".bias";
}
