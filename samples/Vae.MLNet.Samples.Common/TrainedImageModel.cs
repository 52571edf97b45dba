namespace Vae.MLNet.Samples.Common;

/// <summary>A model trained by <see cref="ImageModelTraining.TrainAndTest"/>, with its training time and test losses.</summary>
/// <param name="Model">The trained model.</param>
/// <param name="TrainSeconds">Wall-clock training time.</param>
/// <param name="AtMean">The test loss decoding z = μ.</param>
/// <param name="SampledElbo">The test loss decoding one sampled z: the negative ELBO.</param>
public sealed record TrainedImageModel(VaeModel Model, double TrainSeconds, VaeEvaluation AtMean, VaeEvaluation SampledElbo);
