using Vae.MLNet.Data;

namespace Vae.MLNet.Samples.Common;

/// <summary>Reads the training and test splits of MNIST-style data: the four gzipped IDX files under their usual names.</summary>
public static class IdxSplits
{
    public static (IdxImageDataset Train, IdxImageDataset Test) Read(string directory) =>
        (Read(directory, "train"), Read(directory, "t10k"));

    private static IdxImageDataset Read(string directory, string split) =>
        IdxReader.ReadImages(
            Path.Combine(directory, $"{split}-images-idx3-ubyte.gz"),
            Path.Combine(directory, $"{split}-labels-idx1-ubyte.gz"));
}
