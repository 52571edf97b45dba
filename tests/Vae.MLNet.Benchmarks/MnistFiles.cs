using Vae.MLNet.Data;

namespace Vae.MLNet.Benchmarks;

/// <summary>The four gzipped IDX files of MNIST (and Fashion-MNIST) under their standard names.</summary>
internal static class MnistFiles
{
    /// <param name="directory">The folder holding the files.</param>
    /// <param name="split">"train" or "t10k".</param>
    public static IdxImageDataset Read(string directory, string split) =>
        IdxReader.ReadImages(
            Path.Combine(directory, $"{split}-images-idx3-ubyte.gz"),
            Path.Combine(directory, $"{split}-labels-idx1-ubyte.gz"));
}
