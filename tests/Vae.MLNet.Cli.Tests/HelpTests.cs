namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class HelpTests
{
    [TestMethod]
    [DataRow("train", "--latent-dim")]
    [DataRow("train", "validation loss each epoch, from 0 to 0.9; 0 with --validation-data.")]
    [DataRow("train", "--validation-data <FILE>")]
    [DataRow("train", "--keep-optimizer-state")]
    [DataRow("train", "Write --out as a checkpoint, with Adam's step count and moments beside the model")]
    [DataRow("train", "Fixed variance σ² of the Gaussian likelihood, in the units of the features after --scaling")]
    [DataRow("train", "with under 16 million multiply-adds a step for each, trains on fewer")]
    [DataRow("inspect", "<MODEL>")]
    [DataRow("encode", "--feature-columns")]
    [DataRow("reconstruct", "--out")]
    [DataRow("decode", "<LATENTS>")]
    [DataRow("decode", "whose mean_0… columns are read by name and its other columns (the input row, the label, logvar_0…) left out, or one of K numbers a row")]
    [DataRow("decode", "--sample-observations")]
    [DataRow("decode", "--image-shape")]
    [DataRow("generate", "--temperature")]
    [DataRow("interpolate", "--steps")]
    [DataRow("evaluate", "--positive-label")]
    [DataRow("evaluate", "row (the 0-based index among the data rows; messages count a CSV file's lines from 1, header included)")]
    [DataRow("evaluate", "without it the option is accepted and changes nothing")]
    [DataRow("pictures", "--image-shape")]
    [DataRow("pictures", "Images per row of reconstructions.png and samples.png.")]
    [DataRow("export-onnx", "<DIR>")]
    [DataRow("export-onnx", "manifest.json (featureNames, categoricalFeatures)")]
    public void EveryCommandHasHelp(string command, string mentioned)
    {
        CliRun run = CliRun.Of(command, "--help");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, $"vae {command}");
        StringAssert.Contains(run.Output, mentioned);
    }

    [TestMethod]
    public void EveryCommandScoringWithAModelTakesThreads()
    {
        foreach (string command in new[] { "encode", "reconstruct", "decode", "generate", "interpolate", "evaluate", "pictures" })
        {
            StringAssert.Contains(CliRun.Of(command, "--help").Output, "--threads", command);
        }
    }

    [TestMethod]
    public void RootHelpListsEveryCommand()
    {
        CliRun run = CliRun.Of("--help");

        Assert.AreEqual(0, run.ExitCode);
        foreach (string command in new[] { "train", "inspect", "encode", "reconstruct", "decode", "generate", "interpolate", "evaluate", "pictures", "export-onnx" })
        {
            StringAssert.Contains(run.Output, $"  {command} ");
        }
    }
}
