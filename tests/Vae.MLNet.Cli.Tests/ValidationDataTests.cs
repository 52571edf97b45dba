using System.Globalization;
using System.Text.RegularExpressions;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;

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
        File.WriteAllLines(_workspace.PathOf("one-row.csv"), [lines[0], lines[1]]);
        File.WriteAllLines(_workspace.PathOf("unlabelled.csv"), ["d,c,b,a", .. lines.Skip(1).Take(10).Select(line => string.Join(',', line.Split(',')[..4].Reverse()))]);
        string[] cells = lines[2].Split(',');
        cells[1] = "2.5";
        File.WriteAllLines(_workspace.PathOf("out-of-range.csv"), [lines[0], lines[1], string.Join(',', cells)]);
        cells[1] = "0.99";
        File.WriteAllLines(_workspace.PathOf("beyond-training-range.csv"), [lines[0], lines[1], string.Join(',', cells)]);

        // DATA's rows laid out otherwise: without the header, under a title, with other separators.
        File.WriteAllLines(_workspace.PathOf("headerless.csv"), lines.Skip(1));
        File.WriteAllLines(_workspace.PathOf("titled.csv"), ["Rows measured in 2024", .. lines.Skip(1)]);
        File.WriteAllLines(_workspace.PathOf("semicolons.csv"), lines.Select(line => line.Replace(',', ';')));
        File.WriteAllLines(_workspace.PathOf("without-d.csv"), lines.Select(line => string.Join(',', line.Split(',').Where((_, column) => column != 3))));
        File.WriteAllLines(_workspace.PathOf("headerless-wider.csv"), lines.Skip(1).Select(line => line + ",0.5"));

        string[] textCell = lines[2].Split(',');
        textCell[0] = "x";
        File.WriteAllLines(_workspace.PathOf("text-cell.csv"), [lines[0], lines[1], string.Join(',', textCell)]);

        // A column of text categories, and a validation file of DATA's columns in another order, with DATA's categories
        // in another order and a category DATA lacks.
        string[] colours = ["red", "green", "blue"];
        File.WriteAllLines(_workspace.PathOf("colours.csv"), ["x,colour", .. Enumerable.Range(0, 30).Select(row => $"0.{row % 10},{colours[row % 3]}")]);
        File.WriteAllLines(_workspace.PathOf("violet.csv"), ["colour,x", "blue,0.5", "violet,0.5"]);
        File.WriteAllLines(_workspace.PathOf("green-and-blue.csv"), ["colour,x", "green,0.3", "blue,0.7", "green,0.9", "blue,0.1"]);

        // Two 2×2 images and their labels.
        File.WriteAllBytes(_workspace.PathOf("images.idx"), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 64, 128, 255, 255, 128, 64, 0]);
        File.WriteAllBytes(_workspace.PathOf("labels.idx"), [0, 0, 8, 1, 0, 0, 0, 2, 3, 7]);
        File.WriteAllBytes(_workspace.PathOf("pixels.idx"), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 64, 128]);
        CliRun model = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", _workspace.PathOf("model.zip"));
        Assert.AreEqual(0, model.ExitCode, model.Error);
    }

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    private static VaeModel Load(string name) => VaeModel.Load(_workspace.PathOf(name));

    private static string[] TrainOnColours(string output) =>
        ["train", _workspace.PathOf("colours.csv"), "--categorical-columns", "colour", "--hidden", "8", "--latent-dim", "2", "--epochs", "2", "--batch-size", "8", "--threads", "1", "--out", _workspace.PathOf(output)];

    /// <summary>The validation loss of every epoch of the library's training with <paramref name="options"/> on CSV files whose <c>colour</c> column holds categories.</summary>
    private static double?[] LibraryValidationLosses(string data, string validation, VaeOptions options, bool unknownCategoriesAsNone)
    {
        VaeDataset rows = CsvDatasetReader.Read(data, new CsvDatasetOptions { CategoricalColumnNames = ["colour"] });
        VaeDataset validationRows = CsvDatasetReader.Read(
            validation,
            new CsvDatasetOptions { FeatureColumnNames = rows.FeatureNames, Categories = rows.CategoricalFeatures, UnknownCategoriesAsNone = unknownCategoriesAsNone });
        return [.. new VaeTrainer(options).Fit(rows, validationRows).History.Epochs.Select(epoch => epoch.ValidationLoss)];
    }

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
    public void EveryEpochShowsTheLatentDimensionsActiveOnTheValidationRowsAndInspectListsThem()
    {
        CliRun measured = CliRun.Of([.. Train("active.zip"), "--validation-data", _workspace.PathOf("validation.csv")]);
        CliRun plain = CliRun.Of(Train("inactive.zip"));

        Assert.AreEqual(0, measured.ExitCode, measured.Error);
        Assert.AreEqual(0, plain.ExitCode, plain.Error);
        string[] shown = [.. Regex.Matches(measured.Output, @"^epoch \d+/3 .*  val \S+  active (\d+/\d+)  ", RegexOptions.Multiline).Select(match => match.Groups[1].Value)];
        IReadOnlyList<VaeEpochReport> epochs = Load("active.zip").History.Epochs;
        CollectionAssert.AreEqual(epochs.Select(epoch => $"{epoch.ValidationActiveDimensions}/2").ToArray(), shown, measured.Output);
        StringAssert.DoesNotMatch(plain.Output, new Regex("active [0-9]"));

        // The history's table has the column only for a model that counted them.
        Assert.MatchesRegex(@"valid\. +active +seconds", CliRun.Of("inspect", _workspace.PathOf("active.zip")).Output);
        Assert.MatchesRegex(@"valid\. +seconds", CliRun.Of("inspect", _workspace.PathOf("inactive.zip")).Output);
    }

    /// <summary>A variance across one row is always 0, so every epoch showed none active, which told nothing.</summary>
    [TestMethod]
    public void ASingleValidationRowShowsItsLossButNoActiveDimensions()
    {
        CliRun measured = CliRun.Of([.. Train("one-row.zip"), "--validation-data", _workspace.PathOf("one-row.csv")]);

        Assert.AreEqual(0, measured.ExitCode, measured.Error);
        Assert.HasCount(3, ValidationLosses(measured), measured.Output);
        StringAssert.DoesNotMatch(measured.Output, new Regex("active [0-9]"));
        Assert.MatchesRegex(@"valid\. +seconds", CliRun.Of("inspect", _workspace.PathOf("one-row.zip")).Output);
    }

    [TestMethod]
    [DataRow("--label-column")]
    [DataRow("--exclude-columns")]
    public void AValidationFileWithAHeaderNeedsNoneOfDatasColumnsThatAreNoFeatures(string leftOut)
    {
        string[] options = ["train", _workspace.DataPath, leftOut, "label", "--hidden", "8", "--latent-dim", "2", "--epochs", "2", "--batch-size", "8", "--threads", "1"];

        CliRun unlabelled = CliRun.Of([.. options, "--validation-data", _workspace.PathOf("unlabelled.csv"), "--out", _workspace.PathOf("unlabelled.zip")]);
        CliRun labelled = CliRun.Of([.. options, "--validation-data", _workspace.PathOf("validation.csv"), "--out", _workspace.PathOf("labelled.zip")]);

        Assert.AreEqual(0, unlabelled.ExitCode, unlabelled.Error);
        Assert.AreEqual(0, labelled.ExitCode, labelled.Error);
        CollectionAssert.AreEqual(
            Load("labelled.zip").History.Epochs.Select(epoch => epoch.ValidationLoss).ToArray(),
            Load("unlabelled.zip").History.Epochs.Select(epoch => epoch.ValidationLoss).ToArray());
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
        StringAssert.Contains(run.Error, "scale the validation data as the training data was scaled (pixels: divide by 255), or leave such rows out; for measurements, set --likelihood to Gaussian and --scaling to Standardize.");
        Assert.DoesNotContain("MinMax", run.Error, "min-max scaling learned from the training data would not bring the value in");
    }

    [TestMethod]
    [DataRow("headerless.csv", "--no-header --label-column 4", "titled.csv",
        "If line 1 is a title or a note rather than the first row, remove it and the lines above it that DATA does not have. "
        + "--validation-data is read with DATA's options, so it must be laid out as DATA is: ',' between cells, no header line and no line above its first row.",
        "--skip-lines")]
    [DataRow("data.csv", "--label-column label", "semicolons.csv",
        "The header holds ';': if the file separates its cells with ';', put DATA's separator ',' between its cells instead.", "--separator")]
    [DataRow("data.csv", "--label-column label", "headerless.csv",
        "The header line holds only numbers: if the file has no header line, give it DATA's header line. "
        + "--validation-data is read with DATA's options, so it must be laid out as DATA is: ',' between cells, a header line and no line above it.",
        "--no-header")]
    [DataRow("headerless.csv", "--no-header --label-column 4", "data.csv",
        "Line 1 looks like a header, no cell of it being a number: if it names the columns, remove it, as DATA has no header line.", "--no-header")]
    public void AValidationFileLaidOutUnlikeDataIsToldDatasLayoutNotAnOptionThatWouldChangeDataToo(string data, string options, string validation, string told, string changingData)
    {
        CliRun run = CliRun.Of(["train", _workspace.PathOf(data), .. options.Split(' '), "--validation-data", _workspace.PathOf(validation), "--out", _workspace.PathOf("never.zip")]);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, told);
        Assert.DoesNotContain(changingData, run.Error);
    }

    [TestMethod]
    [DataRow("data.csv", "images.idx", "vae: {0} is an IDX file, but DATA {1} is a CSV file; --validation-data is read with DATA's options, so give a CSV file laid out as DATA is.")]
    [DataRow("images.idx", "data.csv", "vae: {0} is a CSV file, but DATA {1} is an IDX images file; --validation-data is read as DATA is, so give an IDX images file of DATA's image size.")]
    [DataRow("images.idx", "labels.idx",
        "vae: {0} is an IDX labels file, but DATA {1} is an IDX images file; --validation-data is read as DATA is, so give the images file (…-images-idx3-ubyte) of the validation rows, whose labels are not read.")]
    [DataRow("data.csv", "model.zip", "vae: {0} is a zip file, such as a model, not data; give a CSV or IDX file as --validation-data.")]
    public void AValidationFileOfAnotherFormatThanDatasIsToldSo(string data, string validation, string told)
    {
        string dataPath = _workspace.PathOf(data);
        string validationPath = _workspace.PathOf(validation);

        CliRun run = CliRun.Of("train", dataPath, "--validation-data", validationPath, "--epochs", "1", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, run.ExitCode, run.Error);
        Assert.AreEqual(string.Format(CultureInfo.InvariantCulture, told, validationPath, dataPath), run.Error.TrimEnd());
    }

    [TestMethod]
    [DataRow("data.csv", "--label-column label", "text-cell.csv", "vae: {0}, line 3, column 1 (\"a\"): the cell \"x\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, as DATA has in this column.")]
    [DataRow("colours.csv", "--categorical-columns colour", "violet.csv",
        "vae: {0}, line 3, column 1 (\"colour\"): the category \"violet\" is not among DATA's: \"blue\", \"green\", \"red\"; a model takes only the categories it was trained on, "
        + "so map it to one of these, leave the row out, or read it as none of them (--unknown-categories-as-none).")]
    public void AProblemWithACellOfTheValidationFileIsToldAgainstDatasColumnNotAsOneOfLayout(string data, string options, string validation, string told)
    {
        string validationPath = _workspace.PathOf(validation);

        CliRun run = CliRun.Of(["train", _workspace.PathOf(data), .. options.Split(' '), "--validation-data", validationPath, "--out", _workspace.PathOf("never.zip")]);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        Assert.AreEqual(string.Format(CultureInfo.InvariantCulture, told, validationPath), run.Error.TrimEnd());
    }

    [TestMethod]
    public void WithInitAValidationFileLackingColumnsIsToldDatasLayoutNotToChooseOtherColumns()
    {
        string model = _workspace.PathOf("model.zip");
        string headerlessModel = _workspace.PathOf("headerless-model.zip");
        CliRun headerless = CliRun.Of("train", _workspace.PathOf("headerless.csv"), "--no-header", "--label-column", "4", "--epochs", "1", "--out", headerlessModel);
        Assert.AreEqual(0, headerless.ExitCode, headerless.Error);

        CliRun byName = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--init", model, "--epochs", "1",
            "--validation-data", _workspace.PathOf("without-d.csv"), "--out", _workspace.PathOf("never.zip"));
        CliRun byPosition = CliRun.Of("train", _workspace.PathOf("headerless.csv"), "--no-header", "--label-column", "4", "--init", headerlessModel, "--epochs", "1",
            "--validation-data", _workspace.PathOf("headerless-wider.csv"), "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(1, byName.ExitCode, byName.Error);
        StringAssert.Contains(byName.Error, "there is no column named \"d\" to use as a feature");
        Assert.DoesNotContain("--feature-columns", byName.Error);
        Assert.AreEqual(1, byPosition.ExitCode, byPosition.Error);
        Assert.AreEqual(
            $"vae: {_workspace.PathOf("headerless-wider.csv")} has 5 feature columns where DATA {_workspace.PathOf("headerless.csv")} has 4: its features are DATA's columns, "
            + "taken by position, so it needs as many columns as DATA, those DATA leaves out of its features included. "
            + "--validation-data is read with DATA's options, so it must be laid out as DATA is: ',' between cells, no header line and no line above its first row.",
            byPosition.Error.TrimEnd());
    }

    /// <summary>Without --init these were told in the library's words: "The validation data has 1 features but the model takes 16."</summary>
    [TestMethod]
    [DataRow("headerless.csv", "--no-header --label-column 4", "headerless-wider.csv",
        "vae: {0} has 5 feature columns where DATA {1} has 4: its features are DATA's columns, taken by position, so it needs as many columns as DATA, "
        + "those DATA leaves out of its features included. --validation-data is read with DATA's options, so it must be laid out as DATA is: "
        + "',' between cells, no header line and no line above its first row.")]
    [DataRow("images.idx", "--epochs 1", "pixels.idx",
        "vae: {0} holds 1x1 images, but DATA {1} holds 2x2 images; --validation-data is read as DATA is, so give it images of DATA's size.")]
    public void AValidationFileOfOtherFeaturesThanDatasIsToldDatasLayout(string data, string options, string validation, string told)
    {
        string dataPath = _workspace.PathOf(data);
        string validationPath = _workspace.PathOf(validation);

        CliRun run = CliRun.Of(["train", dataPath, .. options.Split(' '), "--validation-data", validationPath, "--out", _workspace.PathOf("never.zip")]);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        Assert.AreEqual(string.Format(CultureInfo.InvariantCulture, told, validationPath, dataPath), run.Error.TrimEnd());
    }

    [TestMethod]
    public void AValidationFileHoldingSomeOfDatasCategoriesIsReadIntoDatasOneHotFeatures()
    {
        string data = _workspace.PathOf("colours.csv");
        string validation = _workspace.PathOf("green-and-blue.csv");

        CliRun run = CliRun.Of([.. TrainOnColours("green-and-blue.zip"), "--validation-data", validation]);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        CollectionAssert.AreEqual(
            LibraryValidationLosses(data, validation, Load("green-and-blue.zip").Options, unknownCategoriesAsNone: false),
            Load("green-and-blue.zip").History.Epochs.Select(epoch => epoch.ValidationLoss).ToArray());
    }

    [TestMethod]
    public void UnknownCategoriesAsNoneReadsACategoryOfTheValidationFileThatDataLacksAsNone()
    {
        string data = _workspace.PathOf("colours.csv");
        string validation = _workspace.PathOf("violet.csv");

        CliRun run = CliRun.Of([.. TrainOnColours("violet.zip"), "--validation-data", validation, "--unknown-categories-as-none"]);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        CollectionAssert.AreEqual(
            LibraryValidationLosses(data, validation, Load("violet.zip").Options, unknownCategoriesAsNone: true),
            Load("violet.zip").History.Epochs.Select(epoch => epoch.ValidationLoss).ToArray());
    }

    [TestMethod]
    public void UnknownCategoriesAsNoneIsRefusedWhenDataHasNoCategoriesForTheValidationFile()
    {
        string validation = _workspace.PathOf("validation.csv");

        CliRun run = CliRun.Of([.. Train("never.zip"), "--validation-data", validation, "--unknown-categories-as-none"]);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        Assert.AreEqual(
            $"vae: --unknown-categories-as-none reads categories of {validation} that DATA's categorical columns lack, but DATA {_workspace.DataPath} has no categorical columns; leave it out.",
            run.Error.TrimEnd());
    }

    [TestMethod]
    public void AValueWithinZeroToOneButBeyondTheTrainingRangeOfMinMaxScalingIsToldScaledWithWhatToChange()
    {
        string file = _workspace.PathOf("beyond-training-range.csv");
        float[] trained = [.. File.ReadLines(_workspace.DataPath).Skip(1).Select(line => float.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))];

        CliRun run = CliRun.Of([.. Train("beyond.zip"), "--scaling", "MinMax", "--validation-data", file]);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        StringAssert.StartsWith(run.Error, $"vae: {file}, line 3, column 2 (\"b\") is 0.99, which the model's min-max scaling maps to 1.");
        StringAssert.Contains(
            run.Error,
            FormattableString.Invariant($"(it maps the feature's training range, {trained.Min()} to {trained.Max()}, to [0, 1]), but the Bernoulli likelihood needs every feature in [0, 1] after scaling."));
        StringAssert.Contains(run.Error, "set --scaling to None, and the Bernoulli likelihood reads the data as it is; for other data, set --likelihood to Gaussian;");
    }

    [TestMethod]
    public void ValidationRowsFromBothAFileAndAFractionAreAUsageError()
    {
        CliRun run = CliRun.Of([.. Train("both.zip"), "--validation-data", _workspace.PathOf("validation.csv"), "--validation-fraction", "0.2"]);

        Assert.AreEqual(2, run.ExitCode);
        StringAssert.StartsWith(run.Error, "vae: --validation-data and --validation-fraction both give validation rows: measure the file with --validation-fraction 0 (its default), or leave --validation-data out to hold rows out.");
    }
}
