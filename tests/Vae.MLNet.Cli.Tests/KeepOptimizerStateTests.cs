using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.Cli.Tests;

/// <summary>
/// train --keep-optimizer-state: --out written as a checkpoint, so that a user who trains in stages, looking at the
/// model between them, gets the model of one longer run, where the plain zip starts Adam's moments afresh.
/// </summary>
[TestClass]
public sealed class KeepOptimizerStateTests
{
    private static Workspace _workspace = null!;

    [ClassInitialize]
    public static void CreateWorkspace(TestContext context) => _workspace = new Workspace();

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    /// <summary>
    /// The KL warm-up and the rows held out span the two runs, as with the interrupted run's NAME.interrupted.zip; the
    /// same stages through the plain zip must come out otherwise, or this data could not tell the two apart.
    /// </summary>
    [TestMethod]
    public void TrainingInStagesWithTheOptimizerStateKeptGivesTheModelOfOneLongerRun()
    {
        string[] train = ["train", _workspace.DataPath, "--label-column", "label", "--validation-fraction", "0.25", "--kl-warmup", "3", "--keep-optimizer-state"];
        string whole = _workspace.PathOf("staged-whole.zip");
        string first = _workspace.PathOf("staged-first.zip");
        string continued = _workspace.PathOf("staged-continued.zip");

        CliRun longer = CliRun.Of([.. train, "--epochs", "4", "--out", whole]);
        CliRun firstStage = CliRun.Of([.. train, "--epochs", "2", "--out", first]);
        CliRun secondStage = CliRun.Of([.. train, "--init", first, "--epochs", "2", "--out", continued]);

        Assert.AreEqual((0, 0, 0), (longer.ExitCode, firstStage.ExitCode, secondStage.ExitCode), longer.Error + firstStage.Error + secondStage.Error);
        Assert.AreEqual(
            $"wrote {first} with Adam's state, so --init from it with this run's options goes on as one longer run would",
            firstStage.Output.TrimEnd().Split('\n')[^1]);
        StringAssert.Contains(CliRun.Of("inspect", first).Output, "Adam, step ");
        OneLongerRun.AssertMatches(whole, continued);

        string[] plain = [.. train[..^1]];
        string plainFirst = _workspace.PathOf("staged-plain-first.zip");
        string plainContinued = _workspace.PathOf("staged-plain-continued.zip");
        Assert.AreEqual(0, CliRun.Of([.. plain, "--epochs", "2", "--out", plainFirst]).ExitCode);
        Assert.AreEqual(0, CliRun.Of([.. plain, "--init", plainFirst, "--epochs", "2", "--out", plainContinued]).ExitCode);
        StringAssert.Contains(
            CliRun.Of("inspect", plainFirst).Output, "none (--init starts Adam's moments afresh; train keeps it in --out with --keep-optimizer-state,");
        CollectionAssert.AreNotEqual(
            ModelZip.Entries(File.ReadAllBytes(whole))["encoder.onnx"], ModelZip.Entries(File.ReadAllBytes(plainContinued))["encoder.onnx"], "the plain zip's stages start Adam afresh");
    }

    /// <summary>A checkpoint is the plain zip with Adam's state beside its entries, so every command reads the same model from it.</summary>
    [TestMethod]
    public void AnOutKeepingTheOptimizerStateLoadsWhereverThePlainZipDoes()
    {
        string[] train = ["train", _workspace.DataPath, "--label-column", "label", "--epochs", "2"];
        string checkpoint = _workspace.PathOf("loaded-checkpoint.zip");
        string plain = _workspace.PathOf("loaded-plain.zip");
        Assert.AreEqual(0, CliRun.Of([.. train, "--keep-optimizer-state", "--out", checkpoint]).ExitCode);
        Assert.AreEqual(0, CliRun.Of([.. train, "--out", plain]).ExitCode);

        Assert.IsGreaterThan(new FileInfo(plain).Length * 3 / 2, new FileInfo(checkpoint).Length, "Adam's two moments beside the weights");
        Assert.IsTrue(VaeModel.Load(checkpoint).HasOptimizerState);
        foreach (string[] command in new[]
        {
            new[] { "encode", "MODEL", _workspace.DataPath, "--label-column", "label" },
            ["reconstruct", "MODEL", _workspace.DataPath, "--label-column", "label"],
            ["evaluate", "MODEL", _workspace.DataPath, "--label-column", "label"],
            ["generate", "MODEL", "--count", "5"],
        })
        {
            CliRun fromCheckpoint = CliRun.Of([.. command.Select(word => word == "MODEL" ? checkpoint : word)]);
            CliRun fromPlain = CliRun.Of([.. command.Select(word => word == "MODEL" ? plain : word)]);
            Assert.AreEqual(0, fromCheckpoint.ExitCode, fromCheckpoint.Error);
            Assert.AreEqual(fromPlain.Output.Replace(plain, checkpoint, StringComparison.Ordinal), fromCheckpoint.Output, command[0]);
        }

        foreach (string model in new[] { checkpoint, plain })
        {
            Assert.AreEqual(0, CliRun.Of("export-onnx", model, $"{model}.onnx").ExitCode, model);
        }

        foreach (string graph in new[] { "encoder.onnx", "decoder.onnx", "autoencoder.onnx" })
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine($"{plain}.onnx", graph)), File.ReadAllBytes(Path.Combine($"{checkpoint}.onnx", graph)), graph);
        }

        using VaeOnnxModel onnxFromCheckpoint = VaeOnnxModel.Load(checkpoint);
        using VaeOnnxModel onnxFromPlain = VaeOnnxModel.Load(plain);
        CollectionAssert.AreEqual(onnxFromPlain.Generate(5, seed: 3), onnxFromCheckpoint.Generate(5, seed: 3), "ONNX Runtime");
        CliRun inspect = CliRun.Of("inspect", checkpoint);
        Assert.AreEqual(0, inspect.ExitCode, inspect.Error);
        StringAssert.Contains(inspect.Output, "Adam, step 2 (optimizer-state.bin: --init goes on from it exactly)", "40 rows in one batch of 128 an epoch, two epochs");
    }

    /// <summary>
    /// The weights of an epoch before the last come without Adam's state, which belongs to the last epoch's: the plain zip
    /// is written, and its line says so, as a kept file's does, since the user asked for a run to go on from exactly.
    /// </summary>
    [TestMethod]
    public void AnOutWhoseEarlyStoppingKeptAnEarlierEpochIsWrittenPlainAndSaysSo()
    {
        string model = _workspace.PathOf("stopped-early.zip");

        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--epochs", "40", "--learning-rate", "0.02", "--validation-fraction", "0.25", "--early-stopping", "2",
            "--keep-optimizer-state", "--out", model);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.IsTrue(VaeModel.Load(model).History.StoppedEarly, "two epochs after the best follow it");
        Assert.AreEqual(
            $"wrote {model} without Adam's state, as early stopping kept an earlier epoch's weights, whose state training does not keep; --init from it starts Adam's moments afresh",
            run.Output.TrimEnd().Split('\n')[^1]);
        Assert.IsFalse(VaeModel.Load(model).HasOptimizerState);
    }

    /// <summary>
    /// Weights from a plain zip that early stopping kept, as none of the run's epochs bettered them, have no state either;
    /// those from a checkpoint have its state, but the run's epoch stays in the history, so going on from them is not the
    /// longer run from the checkpoint. A learning rate of 0.05 throws the weights out, though not so far as to stop
    /// training: the epoch's validation loss is a hundred times the start's, which is kept.
    /// </summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AnOutWhoseEarlyStoppingKeptTheWeightsItStartedFromSaysWhatTheyCarry(bool startIsCheckpoint)
    {
        string start = _workspace.PathOf(startIsCheckpoint ? "checkpoint-start.zip" : "plain-start.zip");
        string[] keep = startIsCheckpoint ? ["--keep-optimizer-state"] : [];
        Assert.AreEqual(0, CliRun.Of(["train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", .. keep, "--out", start]).ExitCode);
        string model = _workspace.PathOf(startIsCheckpoint ? "kept-checkpoint-start.zip" : "kept-plain-start.zip");

        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--init", start, "--epochs", "1", "--learning-rate", "0.05", "--validation-fraction", "0.25", "--early-stopping", "1",
            "--keep-optimizer-state", "--out", model);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "kept the weights it started from");
        Assert.AreEqual(
            startIsCheckpoint
                ? $"wrote {model} with the Adam state of the weights it started from, which early stopping kept; --init from it goes on from those weights and that state, "
                    + "but not as one longer run would, as this run's epochs stay in its history"
                : $"wrote {model} without Adam's state, as the weights early stopping kept, those it started from, came without it; --init from it starts Adam's moments afresh",
            run.Output.TrimEnd().Split('\n')[^1]);
        Assert.AreEqual(startIsCheckpoint, VaeModel.Load(model).HasOptimizerState);
    }

    /// <summary>
    /// With early stopping the run going on chooses among its own epochs and the weights it starts from, not the longer
    /// run's earlier epochs, so the line promises no more than the interrupted message does.
    /// </summary>
    [TestMethod]
    public void AnOutKeepingTheOptimizerStateWithEarlyStoppingSaysWhatGoesOnAfresh()
    {
        string model = _workspace.PathOf("early-stopping-state.zip");

        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--validation-fraction", "0.25", "--early-stopping", "3", "--keep-optimizer-state", "--out", model);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"wrote {model} with Adam's state, so --init from it with this run's options goes on as one longer run would, but --early-stopping starts its patience afresh "
                + "and keeps the best of the weights it starts from and the epochs it trains, not of this run's earlier epochs",
            run.Output.TrimEnd().Split('\n')[^1]);
        Assert.IsTrue(VaeModel.Load(model).HasOptimizerState);
    }
}
