using Vae.MLNet.Data;
using Vae.MLNet.Samples.Common;
using Vae.MLNet.Tests.Data;

namespace Vae.MLNet.Tests.Samples;

[TestClass]
public sealed class IdxSplitsTests
{
    [TestMethod]
    public void TrainingImagesOfFewerThanTwoClassesAreRefusedByTheirLabelsFile()
    {
        using var one = new TempDirectory();
        string oneLabel = WriteSplit(one, [4]);
        using var same = new TempDirectory();
        string sameLabels = WriteSplit(same, [7, 7, 7]);

        // What SampleArguments.ReadData reports by name, with exit code 1.
        var oneError = Assert.ThrowsExactly<VaeDataException>(() => IdxSplits.ReadForClassifiers(one.Path, "train"));
        var sameError = Assert.ThrowsExactly<VaeDataException>(() => IdxSplits.ReadForClassifiers(same.Path, "train"));

        Assert.AreEqual(
            $"The one label read from {oneLabel} is 4; the sample's classifiers need at least two classes. Pass --data with a folder whose train files hold images of two classes or more.",
            oneError.Message);
        Assert.AreEqual(
            $"All 3 labels read from {sameLabels} are 7; the sample's classifiers need at least two classes. Pass --data with a folder whose train files hold images of two classes or more.",
            sameError.Message);
    }

    [TestMethod]
    public void OnlyTheLabelsReadCountSoAFirstRowsSubsetOfOneClassIsRefused()
    {
        using var directory = new TempDirectory();
        WriteSplit(directory, [3, 3, 5]);

        Assert.ThrowsExactly<VaeDataException>(() => IdxSplits.ReadForClassifiers(directory.Path, "train", maxRows: 2));
        Assert.AreEqual(3, IdxSplits.ReadForClassifiers(directory.Path, "train").RowCount);
    }

    /// <summary>Writes 2×2 training images with <paramref name="labels"/>; returns the labels file's path.</summary>
    private static string WriteSplit(TempDirectory directory, byte[] labels)
    {
        directory.Write(IdxSplits.ImagesFile("train"), IdxFixture.Gzip(IdxFixture.Images(labels.Length, height: 2, width: 2)));
        byte[] labelsFile = IdxFixture.Labels(labels.Length);
        labels.CopyTo(labelsFile, 8);
        return directory.Write(IdxSplits.LabelsFile("train"), IdxFixture.Gzip(labelsFile));
    }
}
