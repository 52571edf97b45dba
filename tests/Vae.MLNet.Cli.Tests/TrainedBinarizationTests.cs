using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.Cli.Tests;

/// <summary>A model trained on binarized rows tells how they were binarized, and evaluate warns of rows read otherwise.</summary>
[TestClass]
public sealed class TrainedBinarizationTests
{
    private static Workspace _workspace = null!;

    [ClassInitialize]
    public static void CreateWorkspace(TestContext context) => _workspace = new Workspace();

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    private static readonly Lazy<string> Thresholded = new(() => Train("thresholded.zip", "--binarize", "0.5"));

    private static readonly Lazy<string> Resampled = new(() => Train("resampled.zip", "--binarize", "resampled", "--binarize-seed", "3"));

    private static string Train(string name, params string[] binarization)
    {
        string model = _workspace.PathOf(name);
        CliRun run = CliRun.Of(["train", _workspace.DataPath, "--label-column", "label", "--hidden", "4", "-k", "2", "-e", "1", "--threads", "1", "--out", model, .. binarization]);
        Assert.AreEqual(0, run.ExitCode, run.Error);
        return model;
    }

    private static CliRun Evaluate(string model, params string[] binarization) =>
        CliRun.Of(["evaluate", model, _workspace.DataPath, "--label-column", "label", .. binarization]);

    [TestMethod]
    public void InspectListsTheBinarizationAmongTheOptionsOfTheLastRun()
    {
        string stochastic = Train("stochastic.zip", "--binarize", "stochastic", "--binarize-seed", "4");
        string plain = Train("plain.zip");

        StringAssert.Matches(CliRun.Of("inspect", Thresholded.Value).Output, new Regex(@"\n  Binarization +--binarize +0\.5\n  Binarization\.Seed +--binarize-seed +not set\n"));
        StringAssert.Matches(CliRun.Of("inspect", stochastic).Output, new Regex(@"\n  Binarization +--binarize +stochastic\n  Binarization\.Seed +--binarize-seed +4\n"));
        StringAssert.Matches(CliRun.Of("inspect", plain).Output, new Regex(@"\n  Binarization +--binarize +none recorded\n  Binarization\.Seed +--binarize-seed +not set\n"));
    }

    [TestMethod]
    public void EvaluateWarnsOfRowsNotBinarizedAsTheModelsWereAndScoresThemAllTheSame()
    {
        CliRun gray = Evaluate(Thresholded.Value);
        CliRun otherThreshold = Evaluate(Thresholded.Value, "--binarize", "0.6");
        CliRun drawn = Evaluate(Thresholded.Value, "--binarize", "stochastic");
        CliRun same = Evaluate(Thresholded.Value, "--binarize", "0.5");

        string model = Thresholded.Value;
        string[] warnings =
        [
            $"vae: warning: {model} was trained on data binarized with --binarize 0.5, but {_workspace.DataPath} is read without --binarize, so the losses are not comparable "
                + "with those of the model's training history; --binarize 0.5 reads it as the model's training rows were read.\n",
            $"vae: warning: {model} was trained on data binarized with --binarize 0.5, but {_workspace.DataPath} is read with --binarize 0.6, so",
            $"vae: warning: {model} was trained on data binarized with --binarize 0.5, but {_workspace.DataPath} is read with --binarize stochastic --binarize-seed 0, so",
        ];
        foreach ((CliRun run, string warning) in new[] { gray, otherThreshold, drawn }.Zip(warnings))
        {
            Assert.AreEqual(0, run.ExitCode, run.Error);
            Assert.StartsWith(warning, run.Error);
            StringAssert.Contains(run.Output, "z ~ q (−ELBO)");
        }

        Assert.AreEqual(0, same.ExitCode, same.Error);
        Assert.AreEqual(string.Empty, same.Error);
    }

    [TestMethod]
    public void EvaluateWarnsOfBinarizedRowsScoredByAModelTrainedOnRowsThatWereNotBits()
    {
        string gray = Train("gray.zip");
        string bitsPath = _workspace.PathOf("bits.csv");
        File.WriteAllLines(bitsPath, ["a,b,c,d,label", .. Enumerable.Range(0, 20).Select(i => $"{i % 2},{i / 2 % 2},1,0,{i % 2}")]);
        string bits = _workspace.PathOf("bits.zip");
        CliRun training = CliRun.Of("train", bitsPath, "--label-column", "label", "--hidden", "4", "-k", "2", "-e", "1", "--threads", "1", "--out", bits);
        Assert.AreEqual(0, training.ExitCode, training.Error);

        CliRun drawn = Evaluate(gray, "--binarize", "stochastic", "--binarize-seed", "2");
        CliRun bitsThresholded = CliRun.Of("evaluate", bits, bitsPath, "--label-column", "label", "--binarize", "0.5");

        Assert.AreEqual(0, drawn.ExitCode, drawn.Error);
        Assert.AreEqual(
            $"vae: warning: {gray} records no binarization of the data it was trained on, but {_workspace.DataPath} is read with --binarize stochastic --binarize-seed 2, "
                + "and the model's training rows were not all 0 or 1, so the losses are not comparable with those of the model's training history, "
                + "nor a log p(x) with those of models trained on bits, as published ones are; train with --binarize for a model of binarized data.\n",
            drawn.Error);
        StringAssert.Contains(drawn.Output, "z ~ q (−ELBO)");

        // Binarizing bits leaves them as they are.
        Assert.AreEqual(0, bitsThresholded.ExitCode, bitsThresholded.Error);
        Assert.AreEqual(string.Empty, bitsThresholded.Error);
    }

    [TestMethod]
    public void AResampledModelIsEvaluatedWithoutWarningOnAnyStochasticDraw()
    {
        CliRun gray = Evaluate(Resampled.Value);
        CliRun drawn = Evaluate(Resampled.Value, "--binarize", "stochastic", "--binarize-seed", "9");

        StringAssert.Contains(gray.Error, "trained on data binarized with --binarize resampled --binarize-seed 3, but");
        StringAssert.EndsWith(gray.Error, "; --binarize stochastic --binarize-seed 3 draws it once, as each epoch drew the model's training rows.\n");
        Assert.AreEqual(0, drawn.ExitCode, drawn.Error);
        Assert.AreEqual(string.Empty, drawn.Error);
    }

    /// <summary>A manifest may record a binarization and no epoch, whose last one the warning once looked up and failed.</summary>
    [TestMethod]
    public void AResampledModelWithoutEpochsIsWarnedOfAsOneTrainedWithoutValidationRows()
    {
        string empty = _workspace.PathOf("resampled-no-epochs.zip");
        File.Copy(Resampled.Value, empty);
        ZippedManifest.Edit(empty, manifest =>
        {
            manifest["history"]!["epochs"] = new JsonArray();
            manifest["history"]!["runStartEpochs"] = new JsonArray();
        });

        CliRun gray = Evaluate(empty);

        Assert.AreEqual(0, gray.ExitCode, gray.Error);
        StringAssert.EndsWith(gray.Error, "; --binarize stochastic --binarize-seed 3 draws it once, as each epoch drew the model's training rows.\n");
    }

    /// <summary>The warning once pointed at the validation rows of every resampled model, those trained without any too.</summary>
    [TestMethod]
    public void TheWarningForAResampledModelWithValidationRowsPointsAtThem()
    {
        string validated = Train("resampled-validated.zip", "--binarize", "resampled", "--binarize-seed", "3", "--validation-fraction", "0.2");

        StringAssert.EndsWith(Evaluate(validated).Error, "; --binarize stochastic --binarize-seed 3 reads it as the model's validation rows were read.\n");
    }
    [TestMethod]
    public void TrainingFurtherNotesDataBinarizedOtherwiseThanTheModelsRows()
    {
        string plain = Train("plain-to-continue.zip");
        CliRun Continue(string model, params string[] binarization) => CliRun.Of(
            ["train", _workspace.DataPath, "--label-column", "label", "--init", model, "-e", "1", "--out", _workspace.PathOf("continued.zip"), .. binarization]);

        CliRun gray = Continue(Thresholded.Value);
        CliRun bits = Continue(plain, "--binarize", "0.5");

        Assert.AreEqual(0, gray.ExitCode, gray.Error);
        StringAssert.StartsWith(
            gray.Output,
            $"note: {Thresholded.Value} was trained on data binarized with --binarize 0.5, but {_workspace.DataPath} is read without --binarize, so this run trains "
                + "the model on values unlike those it learned from, and its losses are not comparable with those of its history; give --binarize 0.5 to read it as those rows were read.\n");
        Assert.AreEqual(0, bits.ExitCode, bits.Error);
        StringAssert.StartsWith(
            bits.Output,
            $"note: {plain} records no binarization of the data it was trained on, but {_workspace.DataPath} is read with --binarize 0.5, so this run trains the model on values unlike "
                + "those it learned from, and its losses are not comparable with those of its history; leave --binarize out to read it as before, or train a new model on the binarized data.\n");

        // Any drawn binarization reads as a resampled model's rows were read: bits of the same probabilities.
        foreach (CliRun alike in new[] { Continue(Thresholded.Value, "--binarize", "0.5"), Continue(Resampled.Value, "--binarize", "stochastic"), Continue(plain) })
        {
            Assert.AreEqual(0, alike.ExitCode, alike.Error);
            Assert.DoesNotContain("note:", alike.Output);
        }
    }
}
