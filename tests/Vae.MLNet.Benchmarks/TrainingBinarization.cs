namespace Vae.MLNet.Benchmarks;

/// <summary>How the likelihood benchmark binarizes its training images.</summary>
internal enum TrainingBinarization
{
    /// <summary>Once, with the run's seed, as the test images are.</summary>
    Fixed,

    /// <summary>Anew at every read, so each epoch sees a fresh binarization.</summary>
    Resampled,
}
