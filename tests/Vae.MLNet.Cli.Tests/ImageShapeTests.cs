using Vae.MLNet.Data;
using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.Cli.Tests;

/// <summary>The image shape a model trained on IDX images keeps, and the commands that use it.</summary>
[TestClass]
public sealed class ImageShapeTests
{
    private static Workspace _workspace = null!;

    /// <summary>A model trained for one epoch on 4x2 images (8 pixels), made the first time a test asks.</summary>
    private static readonly Lazy<string> WideModel = new(() => Train(WriteImages("wide.idx", width: 4, height: 2), "wide.zip"));

    [ClassInitialize]
    public static void Create(TestContext context) => _workspace = new Workspace();

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    [TestMethod]
    public void InspectShowsTheShapeOfTheImagesAModelWasTrainedOn()
    {
        CliRun images = CliRun.Of("inspect", WideModel.Value);
        CliRun rows = CliRun.Of("inspect", _workspace.TrainModel());

        Assert.AreEqual(0, images.ExitCode, images.Error);
        StringAssert.Contains(images.Output, "image shape        4x2 (width x height)");
        StringAssert.Contains(rows.Output, "image shape        – (the training data were no images of known shape)");
    }

    [TestMethod]
    public void TrainingFurtherOnImagesOfAnotherShapeIsRefusedNamingBoth()
    {
        string tall = WriteImages("tall.idx", width: 2, height: 4);
        string model = _workspace.PathOf("tall-further.zip");

        CliRun run = CliRun.Of("train", tall, "--init", WideModel.Value, "--epochs", "1", "--out", model);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"vae: {tall} holds 2x4 images, but --init {WideModel.Value} was trained on 4x2 images; "
            + "a model is trained further on images of the shape it was trained on, so give DATA images of that shape.",
            run.Error.TrimEnd());
        Assert.IsFalse(File.Exists(model));
    }

    [TestMethod]
    public void TrainingFurtherKeepsTheShapeAndGivesItToAModelSavedBeforeShapesWereKept()
    {
        string older = _workspace.PathOf("older.zip");
        File.Copy(WideModel.Value, older);
        ZippedManifest.Edit(older, manifest => Assert.IsTrue(manifest.Remove("imageShape")));

        string further = Train(_workspace.PathOf("wide.idx"), "wide-further.zip", "--init", WideModel.Value);
        string shaped = Train(_workspace.PathOf("wide.idx"), "older-further.zip", "--init", older);

        Assert.IsNull(VaeModel.Load(older).ImageShape);
        Assert.AreEqual(new VaeImageShape(4, 2), VaeModel.Load(further).ImageShape);
        Assert.AreEqual(new VaeImageShape(4, 2), VaeModel.Load(shaped).ImageShape);
    }

    private static string Train(string images, string name, params string[] options)
    {
        string model = _workspace.PathOf(name);
        string[] architecture = options.Contains("--init") ? [] : ["--hidden", "4", "-k", "2"];
        CliRun run = CliRun.Of(["train", images, "--epochs", "1", .. architecture, .. options, "--out", model]);
        Assert.AreEqual(0, run.ExitCode, run.Error);
        return model;
    }

    /// <summary>Writes an IDX file of 24 images whose pixels run through the grays.</summary>
    private static string WriteImages(string name, int width, int height)
    {
        const int Count = 24;
        string path = _workspace.PathOf(name);
        byte[] header = [0, 0, 8, 3, 0, 0, 0, Count, 0, 0, 0, (byte)height, 0, 0, 0, (byte)width];
        File.WriteAllBytes(path, [.. header, .. Enumerable.Range(0, Count * width * height).Select(i => (byte)(i * 7))]);
        return path;
    }
}
