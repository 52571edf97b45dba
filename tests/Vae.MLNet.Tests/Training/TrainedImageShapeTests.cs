using System.Text;
using System.Text.Json.Nodes;
using Vae.MLNet.Data;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Data;
using Vae.MLNet.Tests.Persistence;
using Vae.MLNet.Transforms;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class TrainedImageShapeTests
{
    private static readonly VaeImageShape Wide = new(width: 3, height: 2);

    [TestMethod]
    public void AModelTrainedOnImagesRecordsTheirShapeThroughThisLibrarysViews()
    {
        IdxImageDataset images = Images(height: 2, width: 3);
        VaeDataset[] views = [images, images.Subset(Enumerable.Range(2, 12)), BinarizedDataset.Threshold(images, 0.1f), images.WithLabelNames([.. Enumerable.Range(0, 10).Select(digit => $"digit {digit}")])];

        foreach (VaeDataset data in views)
        {
            Assert.AreEqual(Wide, TinyGaussianTraining.Fit(data).ImageShape, data.GetType().Name);
        }

        Assert.IsNull(TinyGaussianTraining.Fit(VaeDataset.FromArray(images.ToArray(), 6)).ImageShape);
    }

    [TestMethod]
    public void TheShapeIsSavedAsAnOptionalManifestMemberAndLoadedBack()
    {
        byte[] zip = ModelZip.Save(TinyGaussianTraining.Fit(Images(height: 2, width: 3)));
        using var runtime = VaeOnnxModel.Load(new MemoryStream(zip));

        Assert.AreEqual(Wide, ModelZip.Load(zip).ImageShape);
        Assert.AreEqual(Wide, runtime.ImageShape);
        StringAssert.Contains(Encoding.UTF8.GetString(ModelZip.Entries(zip)["manifest.json"]), "\"imageShape\": {\n    \"width\": 3,\n    \"height\": 2\n  }");
        byte[] unshaped = ModelZip.Save(TinyGaussianTraining.Fit(VaeDataset.FromArray(new float[24], 6)));
        Assert.DoesNotContain("imageShape", Encoding.UTF8.GetString(ModelZip.Entries(unshaped)["manifest.json"]));
    }

    [TestMethod]
    public void ZipsSavedBeforeShapesWereKeptLoadWithout()
    {
        VaeModel older = VaeModel.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "Persistence", "every-manifest-member.zip"));
        byte[] without = ModelZip.EditManifest(
            ModelZip.Save(TinyGaussianTraining.Fit(Images(height: 2, width: 3))), manifest => Assert.IsTrue(manifest.Remove("imageShape")));

        Assert.IsNull(older.ImageShape);
        Assert.IsNull(ModelZip.Load(without).ImageShape);
    }

    [TestMethod]
    public void AShapeThatDoesNotMakeTheFeaturesIsRefusedOnLoading()
    {
        byte[] zip = ModelZip.Save(TinyGaussianTraining.Fit(Images(height: 2, width: 3)));
        byte[] tall = ModelZip.EditManifest(zip, manifest => manifest["imageShape"]!["height"] = 3);
        byte[] empty = ModelZip.EditManifest(zip, manifest => manifest["imageShape"]!["width"] = 0);
        byte[] halved = ModelZip.EditManifest(zip, manifest => Assert.IsTrue(manifest["imageShape"]!.AsObject().Remove("height")));

        var error = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(tall));
        StringAssert.Contains(error.Message, "the model's images are 3x3, 9 pixels, but inputDimension is 6");
        Assert.AreEqual("manifest", error.ModelPart);
        Assert.AreEqual("manifest", Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(empty)).ModelPart);
        Assert.AreEqual("manifest", Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(halved)).ModelPart);
    }

    /// <summary>The constructor's refusals were passed through, addressed to a caller of it and with no place in the file.</summary>
    [TestMethod]
    public void AShapeTheConstructorRefusesIsRefusedInTheManifestsTermsAtItsLine()
    {
        byte[] zip = ModelZip.Save(TinyGaussianTraining.Fit(Images(height: 2, width: 3)));
        byte[] empty = ModelZip.EditManifest(zip, manifest => manifest["imageShape"]!["width"] = 0, indented: true);
        byte[] huge = ModelZip.EditManifest(zip, manifest => manifest["imageShape"] = new JsonObject { ["width"] = 65536, ["height"] = 65536 }, indented: true);

        var emptyError = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(empty));
        var hugeError = Assert.ThrowsExactly<VaeModelFormatException>(() => ModelZip.Load(huge));

        Assert.AreEqual(
            $"manifest.json is not a valid Vae.MLNet manifest: imageShape.width must be a whole number of at least 1 (at $.imageShape, line {LineOf(empty, "\"width\"")}). "
            + "Save the model again, or restore the file from a copy.",
            emptyError.Message);
        Assert.AreEqual(
            "manifest.json is not a valid Vae.MLNet manifest: imageShape is 65536x65536, 4294967296 pixels, more than the 2147483647 features a row holds; "
            + $"imageShape.width × imageShape.height must be inputDimension (at $.imageShape, line {LineOf(huge, "\"height\"") + 1}). Save the model again, or restore the file from a copy.",
            hugeError.Message);
        Assert.AreEqual("manifest", hugeError.ModelPart);
    }

    [TestMethod]
    public void TrainingFurtherKeepsTheShapeAndRefusesImagesOfAnother()
    {
        VaeModel wide = TinyGaussianTraining.Fit(Images(height: 2, width: 3));

        VaeModel further = TinyGaussianTraining.Fit(Images(height: 2, width: 3), wide);
        VaeModel onRows = TinyGaussianTraining.Fit(VaeDataset.FromArray(new float[24], 6), wide);
        var error = Assert.ThrowsExactly<ArgumentException>(() => TinyGaussianTraining.Fit(Images(height: 3, width: 2), wide));

        Assert.AreEqual(Wide, further.ImageShape);
        Assert.AreEqual(Wide, onRows.ImageShape, "rows that know no shape leave the model's");
        Assert.AreEqual("data", error.ParamName);
        StringAssert.Contains(error.Message, "The data holds 2x3 images, but the initial model was trained on 3x2 images");
    }

    [TestMethod]
    public void ValidationImagesOfAnotherShapeThanTheModelBeingTrainedAreRefused()
    {
        VaeTrainer trainer = TinyGaussianTraining.Trainer();
        VaeModel wide = TinyGaussianTraining.Fit(Images(height: 2, width: 3));
        VaeModel unshaped = TinyGaussianTraining.Fit(VaeDataset.FromArray(new float[24], 6));

        var fresh = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(Images(height: 2, width: 3), Images(height: 3, width: 2)));
        var further = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(Images(height: 2, width: 3), Images(height: 3, width: 2), wide));
        var onRows = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(VaeDataset.FromArray(new float[24], 6), Images(height: 3, width: 2), wide));
        var takingTheData = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(Images(height: 2, width: 3), Images(height: 3, width: 2), unshaped));

        foreach (ArgumentException error in new[] { fresh, further, onRows, takingTheData })
        {
            Assert.AreEqual("validationData", error.ParamName);
        }

        StringAssert.Contains(fresh.Message, "The validation data holds 2x3 images, but the training data holds 3x2 images; give images of 3x2");
        StringAssert.Contains(further.Message, "The validation data holds 2x3 images, but the initial model was trained on 3x2 images");
        StringAssert.Contains(onRows.Message, "The validation data holds 2x3 images, but the initial model was trained on 3x2 images");
        StringAssert.Contains(takingTheData.Message, "The validation data holds 2x3 images, but the training data holds 3x2 images");
        Assert.AreEqual(Wide, trainer.Fit(Images(height: 2, width: 3), VaeDataset.FromArray(new float[24], 6), wide).ImageShape, "rows that know no shape are not refused");
    }

    [TestMethod]
    public void ScoringImagesOfAnotherShapeThanTheModelsIsRefused()
    {
        VaeModel wide = TinyGaussianTraining.Fit(Images(height: 2, width: 3));
        using VaeTransformer transformer = VaeTransformer.Load(new MemoryStream(ModelZip.Save(wide)));
        IdxImageDataset tall = Images(height: 3, width: 2);
        Action[] calls =
        [
            () => wide.Evaluate(tall),
            () => wide.ScoreRows(tall),
            () => wide.MeasureLatentActivity(tall),
            () => LatentFeatures.EncodeMeans(wide, tall),
            () => transformer.Transform(tall),
        ];

        foreach (Action call in calls)
        {
            var error = Assert.ThrowsExactly<ArgumentException>(call);
            Assert.AreEqual("data", error.ParamName);
            StringAssert.Contains(error.Message, "The data holds 2x3 images, but the model was trained on 3x2 images; give images of 3x2");
        }

        Assert.HasCount(16, wide.ScoreRows(Images(height: 2, width: 3)).AnomalyScore);
        Assert.AreEqual(4, transformer.Transform(VaeDataset.FromArray(new float[24], 6)).RowCount, "rows that know no shape are not refused");
    }

    [TestMethod]
    public void AModelWithoutAShapeTakesThatOfTheImagesItIsTrainedFurtherOn()
    {
        VaeModel unshaped = TinyGaussianTraining.Fit(VaeDataset.FromArray(new float[24], 6));

        Assert.AreEqual(Wide, TinyGaussianTraining.Fit(Images(height: 2, width: 3), unshaped).ImageShape);
    }

    [TestMethod]
    public void AShapeIsRefusedUnlessItIsPositiveAndFitsARow()
    {
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeImageShape(0, 2)).ParamName);
        Assert.AreEqual("height", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeImageShape(2, -1)).ParamName);
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeImageShape(65536, 65536)).ParamName);
        // Too many pixels is the larger side's doing: naming height for a width of int.MaxValue sent callers to the wrong one.
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeImageShape(int.MaxValue, 2)).ParamName);
        Assert.AreEqual("height", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VaeImageShape(2, int.MaxValue)).ParamName);
        Assert.AreEqual("28x14", new VaeImageShape(28, 14).ToString());
    }

    /// <summary>The line, counted from 1, of the first line of the zip's manifest.json that holds <paramref name="text"/>.</summary>
    private static int LineOf(byte[] zip, string text) =>
        Encoding.UTF8.GetString(ModelZip.Entries(zip)["manifest.json"]).Split('\n').ToList().FindIndex(line => line.Contains(text, StringComparison.Ordinal)) + 1;

    private static IdxImageDataset Images(int height, int width) =>
        IdxReader.ReadImages(new MemoryStream(IdxFixture.Images(count: 16, height, width)), new MemoryStream(IdxFixture.Labels(count: 16)));
}
