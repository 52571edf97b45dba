namespace Vae.MLNet.MLNet;

public sealed partial class VaeDecoderEstimator
{
    /// <summary>
    /// Settings of <see cref="VaeDecoderEstimator"/>: the columns it reads and adds, whether the rows keep to the training
    /// data's ranges, and where ONNX Runtime scores.
    /// </summary>
    public sealed class Options
    {
        /// <summary>Known-size vector of <see cref="float"/> with K = <see cref="VaeModel.LatentDimension"/> slots. Default: Latent.</summary>
        public string LatentColumnName { get; set; } = DefaultLatentColumnName;

        /// <summary>
        /// The generated rows: probabilities (Bernoulli) or means (Gaussian) in the units of the training data. Default: Generated.
        /// </summary>
        public string OutputColumnName { get; set; } = DefaultOutputColumnName;

        /// <summary>
        /// Whether the generated rows keep to <see cref="VaeModel.FeatureRanges"/>: each feature clipped to its range over
        /// the training data and, where that data held whole numbers only, rounded to whole numbers (halves to even), and
        /// the features of each of <see cref="VaeModel.CategoricalFeatures"/> the one-hot of its most likely category, as
        /// <see cref="VaeFeatureRanges.Apply(Span{float}, IReadOnlyList{Vae.MLNet.Data.VaeCategoricalFeature})"/> does.
        /// The decoder graph does this itself, so the fitted pipeline saves and loads with it. A model saved before ranges were kept has none, and is refused. Default: false.
        /// </summary>
        public bool ApplyFeatureRanges { get; set; }

        /// <summary>
        /// GPU device number (0 or more) ONNX Runtime scores on; <see langword="null"/> takes <c>MLContext.GpuDeviceId</c> (with its
        /// <c>FallbackToCpu</c>) when that is set, else the CPU, as for <see cref="VaeEstimator.Options.GpuDeviceId"/>. Default: null.
        /// </summary>
        public int? GpuDeviceId { get; set; }

        /// <summary>Whether ONNX Runtime falls back to the CPU when the GPU cannot be used. Default: false.</summary>
        public bool FallbackToCpu { get; set; }

        internal Options Clone() => (Options)MemberwiseClone();
    }
}
