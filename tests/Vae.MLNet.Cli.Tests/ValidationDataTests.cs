using System.Text.RegularExpressions;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Tests;

/// <summary><c>vae train --validation-data FILE</c>: rows measured after every epoch, never trained on.</summary>
[TestClass]
public sealed class ValidationDataTests
{
    private static Workspace _workspace = null!;

    private static string[] Train(string output) =>
        ["train", _workspace.DataPath, "--label-column", "label", "--hidden", "8", "--latent-dim", "2", "--epochs", "3", "--batch-size", "8", "--threads", "1", "--out", _workspace.PathOf(output)];

    [ClassInitialize]
    public static void WriteFiles(TestContext context)
    {
        _workspace = new Workspace();
        string[] lines = File.ReadAllLines(_workspace.DataPath);

        // Rows of DATA's kind, its columns in another order: they are read by DATA's names.
        File.WriteAllLines(_workspace.PathOf("validation.csv"), ["label,d,c,b,a", .. lines.Skip(1).Take(10).Select(line => string.Join(',', line.Split(',').Reverse()))]);
        string[] cells = lines[2].Split(',');
        cells[1] = "2.5";
        File.WriteAllLines(_workspace.PathOf("out-of-range.csv"), [lines[0], lines[1], string.Join(',', cells)]);
    }

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    private static VaeModel Load(string name) => VaeModel.Load(_workspace.PathOf(name));

    private static string[] ValidationLosses(CliRun run) =>
        [.. Regex.Matches(run.Output, @"^epoch \d+/3 .*  val (\S+)", RegexOptions.Multiline).Select(match => match.Groups[1].Value)];

    [TestMethod]
    public void EveryEpochShowsTheValidationFilesLossWhichTrainsNoWeight()
    {
        CliRun measured = CliRun.Of([.. Train("measured.zip"), "--validation-data", _workspace.PathOf("validation.csv")]);
        CliRun plain = CliRun.Of(Train("plain.zip"));

        Assert.AreEqual(0, measured.ExitCode, measured.Error);
        Assert.AreEqual(0, plain.ExitCode, plain.Error);
        string[] shown = ValidationLosses(measured);
        Assert.HasCount(3, shown, measured.Output);
        IReadOnlyList<VaeEpochReport> epochs = Load("measured.zip").History.Epochs;
        CollectionAssert.AreEqual(epochs.Select(epoch => NumberText.Of(epoch.ValidationLoss!.Value, 3)).ToArray(), shown);
        Assert.IsEmpty(ValidationLosses(plain));
        CollectionAssert.AreEqual(Load("plain.zip").Network.DecoderHead.Weights, Load("measured.zip").Network.DecoderHead.Weights);
    }

    [TestMethod]
    public void EarlyStoppingWatchesTheValidationFile()
    {
        CliRun run = CliRun.Of([.. Train("stopping.zip"), "--validation-data", _workspace.PathOf("validation.csv"), "--early-stopping", "1", "--learning-rate", "1"]);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        VaeModel model = Load("stopping.zip");
        Assert.IsNotNull(model.History.BestEpoch, run.Output);
        Assert.AreEqual(model.History.Epochs.Min(epoch => epoch.ValidationLoss!.Value), model.History.Epochs[model.History.BestEpoch.Value - 1].ValidationLoss);
    }

    [TestMethod]
    public void AValueTrainingWouldRefuseIsToldWithTheValidationFilesLineAndColumn()
    {
        string file = _workspace.PathOf("out-of-range.csv");

        CliRun run = CliRun.Of([.. Train("refused.zip"), "--validation-data", file]);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        StringAssert.StartsWith(run.Error, $"vae: {file}, line 3, column 2 (\"b\") is 2.5, but the Bernoulli likelihood needs every feature in [0, 1].");
    }

    [TestMethod]
    public void ValidationRowsFromBothAFileAndAFractionAreAUsageError()
    {
        CliRun run = CliRun.Of([.. Train("both.zip"), "--validation-data", _workspace.PathOf("validation.csv"), "--validation-fraction", "0.2"]);

        Assert.AreEqual(2, run.ExitCode);
        StringAssert.StartsWith(run.Error, "vae: --validation-data and --validation-fraction both give validation rows: measure the file with --validation-fraction 0 (its default), or leave --validation-data out to hold rows out.");
    }
}
