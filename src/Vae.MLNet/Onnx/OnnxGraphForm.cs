namespace Vae.MLNet.Onnx;

/// <summary>
/// The forms our graphs have taken, newest first: the exporter writes <see cref="Current"/>, and the importer also
/// recognizes the older forms, so files exported before a change still load. Earlier builds know none of the later
/// forms, so a new form also raises the graphs' format version (<see cref="OnnxModelMetadata.FormatVersion"/>), which
/// these four under version 1 did not.
/// </summary>
internal enum OnnxGraphForm
{
    /// <summary>
    /// Softplus as Relu, Abs, Sigmoid, Log and Sub nodes; a Bernoulli model's scaled features clipped to [0, 1]; the
    /// autoencoder's loss at z = μ named <c>anomaly_score</c>.
    /// </summary>
    Current,

    /// <summary>As <see cref="Current"/>, with the autoencoder's loss at z = μ named <c>negative_elbo</c>.</summary>
    ScoreNamedNegativeElbo,

    /// <summary>As <see cref="ScoreNamedNegativeElbo"/>, without the Clip of a Bernoulli model's scaled features.</summary>
    WithoutUnitClip,

    /// <summary>
    /// As <see cref="WithoutUnitClip"/>, with each softplus activation one Softplus node, and the Bernoulli loss's
    /// softplus already in separate nodes but named and ordered as the loss's own terms.
    /// </summary>
    SoftplusActivationOperator,

    /// <summary>As <see cref="SoftplusActivationOperator"/>, with the Bernoulli loss's softplus one Softplus node too.</summary>
    SoftplusOperator,
}
