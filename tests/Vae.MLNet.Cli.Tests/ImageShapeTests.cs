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
        StringAssert.Contains(rows.Output, "image shape        none recorded (the training data were no images of known shape, or the model was saved before shapes were kept)");
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
    [DataRow("encode", "--out OUT.csv")]
    [DataRow("reconstruct", "--out OUT.csv")]
    [DataRow("evaluate", "--scores OUT.csv")]
    [DataRow("interpolate", "--from 0 --to 1 --steps 3 --out OUT.csv")]
    [DataRow("pictures", "--out OUT")]
    public void ReadingImagesOfAnotherShapeWithAModelIsRefusedNamingBoth(string command, string options)
    {
        string tall = WriteImages("tall.idx", width: 2, height: 4);
        string output = _workspace.PathOf($"{command}-tall");

        CliRun run = CliRun.Of([command, WideModel.Value, tall, .. options.Replace("OUT", output).Split(' ')]);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"vae: {tall} holds 2x4 images, but MODEL {WideModel.Value} was trained on 4x2 images; "
            + "a model reads images of the shape it was trained on, the same pixels laid out otherwise being other features, so give DATA images of that shape.",
            run.Error.TrimEnd());
        Assert.AreEqual(string.Empty, run.Output);
        Assert.IsFalse(File.Exists(output + ".csv") || Directory.Exists(output));
    }

    [TestMethod]
    public void AModelSavedBeforeShapesWereKeptReadsImagesOfAnyShapeOfItsPixels()
    {
        string older = _workspace.PathOf("older-reader.zip");
        File.Copy(WideModel.Value, older, overwrite: true);
        ZippedManifest.Edit(older, manifest => Assert.IsTrue(manifest.Remove("imageShape")));

        CliRun run = CliRun.Of("encode", older, WriteImages("tall.idx", width: 2, height: 4));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual(string.Empty, run.Error);
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

    [TestMethod]
    [DataRow("generate", "-n 3 --scale 1")]
    [DataRow("decode", "LATENTS --columns 2")]
    [DataRow("interpolate", "DATA --from 0 --to 1 --steps 3")]
    public void APngOutWithoutAnImageShapeDrawsTheShapeTheModelWasTrainedOn(string command, string options)
    {
        string latents = _workspace.PathOf("latents.csv");
        File.WriteAllLines(latents, ["z0,z1", "0.5,-1", "0,0", "-2,1"]);
        string[] arguments = [command, WideModel.Value, .. options.Replace("LATENTS", latents).Replace("DATA", _workspace.PathOf("wide.idx")).Split(' ')];
        string recorded = _workspace.PathOf($"{command}-recorded.png");
        string given = _workspace.PathOf($"{command}-given.png");

        CliRun run = CliRun.Of([.. arguments, "--out", recorded]);
        CliRun explicitShape = CliRun.Of([.. arguments, "--image-shape", "4x2", "--out", given]);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual(0, explicitShape.ExitCode, explicitShape.Error);
        Assert.AreEqual(string.Empty, run.Error);
        CollectionAssert.AreEqual(File.ReadAllBytes(given), File.ReadAllBytes(recorded));
    }

    [TestMethod]
    public void APictureOfTheRecordedShapeTooLargeForOneImageIsRefusedBeforeAnyRowIsDrawn()
    {
        string picture = _workspace.PathOf("huge.png");

        CliRun run = CliRun.Of("generate", WideModel.Value, "-n", "3000000", "--scale", "16", "--out", picture);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        StringAssert.StartsWith(run.Error, "vae: --count 3000000: ");
        StringAssert.Contains(run.Error, "lower --count or --scale.");
        Assert.IsFalse(File.Exists(picture));
    }

    [TestMethod]
    public void PicturesOfCsvRowsDrawTheShapeTheModelWasTrainedOn()
    {
        string rows = _workspace.PathOf("wide-rows.csv");
        File.WriteAllLines(rows, Enumerable.Range(0, 4).Select(row => string.Join(',', Enumerable.Range(0, 8).Select(pixel => ((row + pixel) % 3 / 2.0).ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        string directory = _workspace.PathOf("wide-pictures");

        CliRun run = CliRun.Of("pictures", WideModel.Value, rows, "--no-header", "--out", directory);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.IsTrue(File.Exists(Path.Combine(directory, "reconstructions.png")), run.Output);
        Assert.IsTrue(File.Exists(Path.Combine(directory, "samples.png")), run.Output);
    }

    [TestMethod]
    [DataRow("generate", "-n 3")]
    [DataRow("pictures", "DATA")]
    public void AnImageShapeOtherThanTheRecordedOneIsDrawnWithAWarningNamingBoth(string command, string options)
    {
        string output = _workspace.PathOf(command == "pictures" ? "tall-pictures" : "tall.png");
        string[] arguments = [command, WideModel.Value, .. options.Replace("DATA", _workspace.PathOf("wide.idx")).Split(' '), "--image-shape", "2x4", "--out", output];

        CliRun run = CliRun.Of(arguments);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"vae: warning: --image-shape 2x4 is not the 4x2 images {WideModel.Value} was trained on; the rows are drawn as 2x4 images, "
            + "their pixels laid out otherwise. Leave --image-shape out to draw them as 4x2.",
            run.Error.TrimEnd());
        Assert.IsTrue(File.Exists(output) || Directory.Exists(output));
    }

    [TestMethod]
    public void AColumnsOptionOrLogVarianceBesideAPngOutAreTakenAsPictureOptions()
    {
        CliRun columns = CliRun.Of("generate", "absent.zip", "-n", "2", "--columns", "2", "--out", "absent.csv");
        CliRun logVariance = CliRun.Of("decode", "absent.zip", "absent.csv", "--log-variance", "--out", "grid.png");

        Assert.AreEqual(2, columns.ExitCode);
        StringAssert.StartsWith(columns.Error, "vae: --columns sets up the picture that --image-shape or a .png --out asks for; without either the rows are written as CSV.");
        Assert.AreEqual(2, logVariance.ExitCode);
        StringAssert.StartsWith(logVariance.Error, "vae: --log-variance adds columns to the CSV rows, which --out grid.png draws as a picture instead; leave out one of the two.");
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
