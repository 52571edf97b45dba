using Vae.MLNet.Data;

namespace Vae.MLNet.Samples.Common;

/// <summary>Reads the training and test splits of MNIST-style data: the four gzipped IDX files under their usual names.</summary>
public static class IdxSplits
{
    /// <summary>The four files <see cref="Read(string)"/> reads.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [ImagesFile("train"), LabelsFile("train"), ImagesFile("t10k"), LabelsFile("t10k")];

    /// <summary>The images of <paramref name="split"/> (<c>train</c> or <c>t10k</c>).</summary>
    public static string ImagesFile(string split) => $"{split}-images-idx3-ubyte.gz";

    /// <summary>The labels of <paramref name="split"/> (<c>train</c> or <c>t10k</c>).</summary>
    public static string LabelsFile(string split) => $"{split}-labels-idx1-ubyte.gz";

    public static (IdxImageDataset Train, IdxImageDataset Test) Read(string directory) =>
        (Read(directory, "train"), Read(directory, "t10k"));

    /// <summary>The images and labels of <paramref name="split"/> (<c>train</c> or <c>t10k</c>), the first <paramref name="maxRows"/> of them if given.</summary>
    public static IdxImageDataset Read(string directory, string split, int? maxRows = null) =>
        IdxReader.ReadImages(Path.Combine(directory, ImagesFile(split)), Path.Combine(directory, LabelsFile(split)), maxRows);

    /// <summary>
    /// <see cref="Read(string, string, int?)"/> for a sample that trains classifiers on the split, which need at least
    /// two classes (and so two images): other data is refused before the training rather than by a classifier after it.
    /// </summary>
    /// <exception cref="VaeDataException">The labels read hold fewer than two classes.</exception>
    public static IdxImageDataset ReadForClassifiers(string directory, string split, int? maxRows = null)
    {
        IdxImageDataset data = Read(directory, split, maxRows);
        string labelsPath = Path.Combine(directory, LabelsFile(split));
        IReadOnlyList<int> labels = data.Labels!;
        if (labels.Any(label => label != labels[0]))
        {
            return data;
        }

        string read = labels.Count == 1 ? $"The one label read from {labelsPath} is {labels[0]}" : $"All {labels.Count} labels read from {labelsPath} are {labels[0]}";
        throw new VaeDataException(
            $"{read}; the sample's classifiers need at least two classes. Pass --data with a folder whose {split} files hold images of two classes or more.",
            labelsPath);
    }
}
