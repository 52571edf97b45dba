namespace Vae.MLNet.Onnx;

/// <summary>
/// The forms our graphs have taken: the exporter writes <see cref="Current"/>, and the importer also recognizes the
/// older forms, so files exported before a change still load.
/// </summary>
internal enum OnnxGraphForm
{
    /// <summary>Softplus as Relu, Abs, Sigmoid, Log and Sub nodes; a Bernoulli model's scaled features clipped to [0, 1].</summary>
    Current,

    /// <summary>As <see cref="Current"/>, without the Clip of a Bernoulli model's scaled features.</summary>
    WithoutUnitClip,

    /// <summary>As <see cref="WithoutUnitClip"/>, with each softplus one Softplus node, before <see cref="OnnxSoftplus"/>.</summary>
    SoftplusOperator,
}
