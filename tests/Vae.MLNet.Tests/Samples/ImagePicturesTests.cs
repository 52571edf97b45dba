using Vae.MLNet.Data;
using Vae.MLNet.Samples.Common;

namespace Vae.MLNet.Tests.Samples;

[TestClass]
public sealed class ImagePicturesTests
{
    [TestMethod]
    public void AnInterpolationBetweenClassesIsLeftOutWhereTheImagesLackOne()
    {
        using var directory = new TempDirectory();
        // Three 2×2 images labelled 0, 1 and 0.
        float[] images = [0, 0.1f, 0.2f, 0.3f, 0.9f, 0.8f, 0.7f, 0.6f, 0.1f, 0.1f, 0.2f, 0.2f];
        int[] labels = [0, 1, 0];
        VaeModel model = TinyGaussianTraining.Fit(VaeDataset.FromArray(images, 4));
        var pictures = new ImagePictures(2, 2);
        string missing = Path.Combine(directory.Path, "missing.png");
        string present = Path.Combine(directory.Path, "present.png");

        Assert.IsFalse(pictures.SaveInterpolation(model, images, labels, fromLabel: 0, toLabel: 2, steps: 3, missing));
        Assert.IsFalse(pictures.SaveInterpolation(model, images, labels, fromLabel: 2, toLabel: 1, steps: 3, missing));
        Assert.IsTrue(pictures.SaveInterpolation(model, images, labels, fromLabel: 1, toLabel: 0, steps: 3, present));

        Assert.IsFalse(File.Exists(missing));
        Assert.IsTrue(File.Exists(present));
    }
}
