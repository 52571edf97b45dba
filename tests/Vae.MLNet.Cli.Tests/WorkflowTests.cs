using System.Globalization;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.Onnx;
using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Imaging;
using Vae.MLNet.Tests.Persistence;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class WorkflowTests
{
    private static Workspace _workspace = null!;
    private static string _model = null!;
    private static CliRun _training = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        _workspace = new Workspace();
        _model = _workspace.PathOf("model.zip");
        _training = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--hidden", "8", "--latent-dim", "2",
            "--epochs", "3", "--batch-size", "8", "--threads", "1", "--validation-fraction", "0.25",
            "--out", _model, "--plots", _workspace.PathOf("plots"));
    }

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    /// <summary>
    /// The notes of a run but those of its few optimizer steps and of a latent code as wide as its features, which nearly
    /// every run of a test gets, training a few narrow rows for an epoch or so.
    /// </summary>
    private static string[] NotesBesideSizing(CliRun run) =>
        [.. run.Output.Split('\n').Where(line => line.StartsWith("note:", StringComparison.Ordinal)
            && !line.Contains(" optimizer step", StringComparison.Ordinal) && !line.StartsWith("note: the latent dimension", StringComparison.Ordinal))];

    /// <summary>The values of a command's CSV output after its header, row by row, leaving out each row's first <paramref name="skipColumns"/>.</summary>
    private static float[] CsvValues(CliRun run, int skipColumns = 0) =>
        [.. run.Output.TrimEnd('\n').Split('\n').Skip(1).SelectMany(line => line.Split(',').Skip(skipColumns)).Select(value => float.Parse(value, CultureInfo.InvariantCulture))];

    /// <summary>A Gaussian model of 60 households (children: whole numbers 0–4, income: 20–100), beside its data households.csv.</summary>
    private static readonly Lazy<string> HouseholdsModel = new(() =>
    {
        string data = _workspace.PathOf("households.csv");
        var random = new Random(5);
        File.WriteAllLines(data, ["children,income", .. Enumerable.Range(0, 60).Select(_ => $"{random.Next(0, 5)},{(20 + (random.NextDouble() * 80)).ToString("0.##", CultureInfo.InvariantCulture)}")]);
        string model = _workspace.PathOf("households.zip");
        Assert.AreEqual(0, CliRun.Of("train", data, "--likelihood", "Gaussian", "--scaling", "Standardize", "--latent-dim", "2", "--hidden", "8", "--epochs", "2", "--out", model).ExitCode);
        return model;
    });

    [TestMethod]
    public void TrainWritesTheModelAndOneLinePerEpoch()
    {
        Assert.AreEqual(0, _training.ExitCode, _training.Error);
        Assert.IsTrue(File.Exists(_model));
        Assert.AreEqual(3, _training.Output.Split('\n').Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)), _training.Output);
        StringAssert.Contains(_training.Output, "eta ");
        Assert.IsTrue(File.Exists(_workspace.PathOf("plots/training-curves.png")));
    }

    [TestMethod]
    public void ReconstructTakesThreadsOfItsOwnAndWritesTheSameRows()
    {
        string[] reconstruct = ["reconstruct", _model, _workspace.DataPath, "--label-column", "label"];

        CliRun own = CliRun.Of(reconstruct);
        CliRun more = CliRun.Of([.. reconstruct, "--threads", "2"]);

        Assert.AreEqual(0, more.ExitCode, more.Error);
        Assert.AreEqual(own.Output, more.Output);
    }

    [TestMethod]
    public void TrainOnATerminalKeepsEveryEpochsLossesBesideTheBar()
    {
        string model = _workspace.PathOf("terminal.zip");
        var output = new StringWriter();
        var error = new StringWriter();

        int code = VaeCli.Run(["train", _workspace.DataPath, "--label-column", "label", "-e", "3", "--out", model], output, error, interactive: true);

        Assert.AreEqual(0, code, error.ToString());
        foreach (int epoch in new[] { 1, 2, 3 })
        {
            StringAssert.Contains(output.ToString(), $"epoch {epoch}/3  loss ");
        }
    }

    [TestMethod]
    public void TrainingFurtherNotesAnObjectiveSettingLeftAtItsDefault()
    {
        string betaVae = _workspace.PathOf("beta-vae.zip");
        // A warm-up of 1 epoch weighs every epoch with the whole beta, as none does: no note for it.
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "-e", "1", "--beta", "2", "--kl-warmup", "1", "--out", betaVae).ExitCode);

        CliRun defaulted = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "-e", "1", "--init", betaVae, "--out", _workspace.PathOf("beta-1.zip"));
        CliRun given = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "-e", "1", "--init", betaVae, "--beta", "1", "--out", _workspace.PathOf("beta-1-given.zip"));

        Assert.AreEqual(0, defaulted.ExitCode, defaulted.Error);
        StringAssert.Contains(defaulted.Output, $"note: --beta is 1, its default, where {betaVae} was trained with 2; give --beta 2 to keep that.");
        Assert.DoesNotContain("--kl-warmup", defaulted.Output, "the warm-up gives the same weights in both runs");
        Assert.AreEqual(0, given.ExitCode, given.Error);
        Assert.DoesNotContain("note:", given.Output, "--beta 1 was chosen");
    }

    [TestMethod]
    public void TrainingFurtherNotesDataThatTheKeptScalingPutsOutsideTheFirstData()
    {
        // A rare flag: set in one row of the first data. Set to 5 in a quarter of the rows, its spread is many of the first
        // data's, while most of its values are where they were; set in every row, it lies far out, but as the rows of
        // one category would, spread over no range at all. Heights a hundredth as far apart lie within the first data's
        // bulk. A setting constant in the first data is measured in its own units. A share from 0 to 1 spans a range of
        // exactly 1, which min-max scaling leaves as it is. Min-max scaling takes a score's maximum, 1.7, to 1.0000001:
        // most scores at the maximum are still within the range.
        string Table(
            string name,
            int rows = 24,
            double heightScale = 1,
            double heightStep = 0.05,
            double weightShift = 0,
            double ageScale = 1,
            int rareFlagEvery = 24,
            int rareFlag = 1,
            double setting = 20,
            double settingStep = 0,
            double shareScale = 1,
            bool scoresCapped = false)
        {
            string path = _workspace.PathOf(name);
            File.WriteAllLines(path, ["height,weight,age,rare,setting,share,score", .. Enumerable.Range(0, rows).Select(i => string.Create(
                CultureInfo.InvariantCulture,
                $"{(1.5 + (i % 7) * heightStep) * heightScale},{60 + (i % 5) * 4 + weightShift},{(20 + i) * ageScale},{(i % rareFlagEvery == rareFlagEvery / 2 ? rareFlag : 0)},{setting + (i % 3) * settingStep},{i % 5 / 4.0 * shareScale},{(scoresCapped ? (i < 22 ? 1.7 : 1.65) : i % 18 * 0.1)}"))]);
            return path;
        }

        string metres = Table("metres.csv");
        string[] training = ["--likelihood", "Gaussian", "-e", "1", "--hidden", "4", "-k", "2"];
        string standardized = _workspace.PathOf("standardized.zip");
        string minMax = _workspace.PathOf("min-max.zip");
        string unscaled = _workspace.PathOf("unscaled.zip");
        Assert.AreEqual(0, CliRun.Of(["train", metres, .. training, "--scaling", "Standardize", "--out", standardized]).ExitCode);
        Assert.AreEqual(0, CliRun.Of(["train", metres, .. training, "--scaling", "MinMax", "--out", minMax]).ExitCode);
        Assert.AreEqual(0, CliRun.Of(["train", metres, .. training, "--out", unscaled]).ExitCode);
        string Continue(string model, string data)
        {
            CliRun run = CliRun.Of("train", data, "-e", "1", "--init", model, "--out", _workspace.PathOf("continued.zip"));
            Assert.AreEqual(0, run.ExitCode, run.Error);
            return run.Output;
        }

        string Note(string model, string features, string which, string distance, string deviation) =>
            $"note: most values of {features} of this data ({which}) lie outside the data {model} was first trained on, as its scaling, kept by --init, "
            + $"measures them: {which.Split(", ")[0]} averages {distance}, and its standard deviation is {deviation} of those. Data in other units, or of "
            + "another kind (another class, a later period), does this, and such features train at values unlike any the model learned from: convert them "
            + "to the first data's units, or train a new model.\n";
        const string Height = "column 1 (\"height\")";
        const string Age = "column 3 (\"age\")";

        Assert.DoesNotContain("note:", Continue(standardized, metres));
        Assert.DoesNotContain("note:", Continue(minMax, metres));
        Assert.DoesNotContain("note:", Continue(minMax, Table("capped.csv", scoresCapped: true)), "scores at the maximum are within the range");
        Assert.DoesNotContain("note:", Continue(standardized, Table("more-flags.csv", rareFlagEvery: 4, rareFlag: 5)), "three quarters of the flags are where they were");
        Assert.DoesNotContain("note:", Continue(standardized, Table("every-flag.csv", rareFlagEvery: 1)), "a constant is no unit");
        Assert.DoesNotContain("note:", Continue(standardized, Table("similar-heights.csv", heightStep: 0.0001)), "squeezed, but within the first data's bulk");
        Assert.DoesNotContain("note:", Continue(standardized, Table("new-setting.csv", setting: 23, settingStep: 0.001)), "three of the setting's own units out");
        Assert.DoesNotContain("note:", Continue(standardized, Table("few-centimetres.csv", rows: 9, heightScale: 100)), "too few rows to tell units from rows");
        Assert.DoesNotContain("note:", Continue(unscaled, Table("centimetres.csv", heightScale: 100)), "a model without scaling keeps no units to compare with");

        const string OneFeature = "1 of the 7 features";
        StringAssert.StartsWith(Continue(standardized, _workspace.PathOf("centimetres.csv")), Note(standardized, OneFeature, Height, "1617 standard deviations above that data's mean", "100"));
        StringAssert.StartsWith(Continue(standardized, Table("decades.csv", ageScale: 0.1)), Note(standardized, OneFeature, Age, "4.096 standard deviations below that data's mean", "0.1"));
        StringAssert.StartsWith(Continue(standardized, Table("millennia.csv", ageScale: 0.001)), Note(standardized, OneFeature, Age, "4.546 standard deviations below that data's mean", "0.001"));
        StringAssert.StartsWith(Continue(standardized, Table("both.csv", heightScale: 100, ageScale: 0.001)), Note(standardized, "2 of the 7 features", $"{Height}, {Age}", "1617 standard deviations above that data's mean", "100"));
        StringAssert.StartsWith(
            Continue(standardized, Table("all.csv", heightScale: 100, weightShift: 500, ageScale: 0.001, setting: 35, settingStep: 1)),
            Note(standardized, "4 of the 7 features", $"{Height}, column 2 (\"weight\"), {Age}, …", "1617 standard deviations above that data's mean", "100"));
        StringAssert.StartsWith(Continue(minMax, Table("heavier.csv", weightShift: 500)), Note(minMax, OneFeature, "column 2 (\"weight\")", "31.73 ranges above that data's minimum", "0.3455"));
        StringAssert.StartsWith(Continue(minMax, _workspace.PathOf("millennia.csv")), Note(minMax, OneFeature, Age, "0.8682 ranges below that data's minimum", "0.000301"), "squeezed below the range");
        string oneColumn = _workspace.PathOf("one-column.csv");
        string oneColumnModel = _workspace.PathOf("one-column.zip");
        File.WriteAllLines(oneColumn, ["height", .. File.ReadLines(metres).Skip(1).Select(line => line.Split(',')[0])]);
        Assert.AreEqual(0, CliRun.Of(["train", oneColumn, .. training, "--scaling", "Standardize", "--out", oneColumnModel]).ExitCode);
        File.WriteAllLines(oneColumn, ["height", .. File.ReadLines(_workspace.PathOf("centimetres.csv")).Skip(1).Select(line => line.Split(',')[0])]);
        StringAssert.StartsWith(Continue(oneColumnModel, oneColumn), $"note: most values of this data's one feature ({Height}) lie outside the data {oneColumnModel} was first trained on");
        StringAssert.StartsWith(Continue(minMax, Table("percent.csv", shareScale: 100)), Note(minMax, OneFeature, "column 6 (\"share\")", "47.92 ranges above that data's minimum", "34.55"), "a range of 1 is scaled too");
    }

    [TestMethod]
    public void ScoringNotesDataThatTheModelsScalingPutsOutsideItsTrainingData()
    {
        // Read with --no-header, the columns are the model's by position: weight where height was lies hundreds of
        // height's standard deviations out, and height where age was is squeezed far below it; age where weight was
        // lies only six of weight's out. Heights in centimetres lie far out under the header's own names.
        IEnumerable<(double Height, double Weight, double Age)> Rows(double heightScale = 1) =>
            Enumerable.Range(0, 24).Select(i => ((1.5 + (i % 7) * 0.05) * heightScale, 60.0 + (i % 5) * 4, 20.0 + i));
        string Csv(string name, string? header, Func<(double Height, double Weight, double Age), string> line)
        {
            string path = _workspace.PathOf(name);
            File.WriteAllLines(path, [.. header is null ? [] : new[] { header }, .. Rows().Select(line)]);
            return path;
        }

        string metres = Csv("scored-metres.csv", "height,weight,age", row => string.Create(CultureInfo.InvariantCulture, $"{row.Height},{row.Weight},{row.Age}"));
        string reordered = Csv("scored-reordered.csv", null, row => string.Create(CultureInfo.InvariantCulture, $"{row.Weight},{row.Age},{row.Height}"));
        string centimetres = _workspace.PathOf("scored-centimetres.csv");
        File.WriteAllLines(centimetres, ["height,weight,age", .. Rows(heightScale: 100).Select(row => string.Create(CultureInfo.InvariantCulture, $"{row.Height},{row.Weight},{row.Age}"))]);
        string model = _workspace.PathOf("scored.zip");
        Assert.AreEqual(0, CliRun.Of("train", metres, "--likelihood", "Gaussian", "--scaling", "Standardize", "-e", "1", "--hidden", "4", "-k", "2", "--out", model).ExitCode);

        const string Finding = "lie outside the data {0} was first trained on, as its scaling measures them: column 1{1} averages {2} standard deviations above that data's mean";
        string byPosition = $"{reordered} was read with --no-header, so its columns are matched to the model's features by position, and columns in another order than the model's do this. "
            + "Data in other units, or of another kind (another class, a later period), does this, and such features are scored at values unlike any the model learned from: "
            + $"give the columns in the order 'vae inspect {model}' lists, convert them to the first data's units, or train a new model.\n";
        const string OtherUnits = "standard deviation is 100 of those. Data in other units, or of another kind (another class, a later period), does this, and such features are "
            + "scored at values unlike any the model learned from: convert them to the first data's units, or train a new model.\n";
        foreach (string command in new[] { "encode", "reconstruct", "evaluate" })
        {
            CliRun clean = CliRun.Of(command, model, metres);
            CliRun shuffled = CliRun.Of(command, model, reordered, "--no-header");
            CliRun otherUnits = CliRun.Of(command, model, centimetres);

            Assert.AreEqual(0, clean.ExitCode, clean.Error);
            Assert.DoesNotContain("note:", clean.Error, command);
            Assert.AreEqual(0, shuffled.ExitCode, shuffled.Error);
            Assert.AreEqual(1, shuffled.ErrorLines.Length, $"{command} notes once: {shuffled.Error}");
            StringAssert.StartsWith(shuffled.Error, "note: most values of 2 of the 3 features of this data (column 1 (index 0), column 3 (index 2)) " + string.Format(CultureInfo.InvariantCulture, Finding, model, " (index 0)", "658.6"), command);
            StringAssert.EndsWith(shuffled.Error, byPosition, command);
            Assert.AreEqual(0, otherUnits.ExitCode, otherUnits.Error);
            StringAssert.StartsWith(otherUnits.Error, "note: most values of 1 of the 3 features of this data (column 1 (\"height\")) " + string.Format(CultureInfo.InvariantCulture, Finding, model, " (\"height\")", "1617"), command);
            StringAssert.EndsWith(otherUnits.Error, OtherUnits, command);
            Assert.DoesNotContain("--no-header", otherUnits.Error, command);
        }

        // Scoring, unlike training, takes a Bernoulli model's features beyond the range its min-max scaling learned.
        string bernoulli = _workspace.PathOf("scored-bernoulli.zip");
        Assert.AreEqual(0, CliRun.Of("train", metres, "--scaling", "MinMax", "-e", "1", "--hidden", "4", "-k", "2", "--out", bernoulli).ExitCode);
        CliRun bernoulliShuffled = CliRun.Of("encode", bernoulli, reordered, "--no-header");
        Assert.AreEqual(0, bernoulliShuffled.ExitCode, bernoulliShuffled.Error);
        StringAssert.Contains(bernoulliShuffled.Error, "ranges above that data's minimum");
    }

    [TestMethod]
    public void TrainingFurtherNotesHeldOutRowsThatAreNotTheOnesTheModelHeldOut()
    {
        string heldOut = _workspace.PathOf("held-out.zip");
        string everyRow = _workspace.PathOf("every-row.zip");
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "-e", "1", "--seed", "5", "--validation-fraction", "0.25", "--out", heldOut).ExitCode);
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "-e", "1", "--out", everyRow).ExitCode);
        CliRun Continue(string model, params string[] options) =>
            CliRun.Of(["train", _workspace.DataPath, "--label-column", "label", "-e", "1", "--init", model, .. options, "--out", _workspace.PathOf("continued.zip")]);

        CliRun otherSeed = Continue(heldOut, "--validation-fraction", "0.25");
        CliRun otherFraction = Continue(heldOut, "--seed", "5", "--validation-fraction", "0.5");
        CliRun sameRows = Continue(heldOut, "--seed", "5", "--validation-fraction", "0.25");
        CliRun noneHeldOut = Continue(heldOut);
        CliRun fromEveryRow = Continue(everyRow, "--validation-fraction", "0.25");

        string advice = $"note: {heldOut} held out its validation rows with --seed 5 --validation-fraction 0.25; on the same data, other settings hold out rows it trained on";
        StringAssert.Contains(otherSeed.Output, advice);
        StringAssert.Contains(otherFraction.Output, advice);
        Assert.DoesNotContain("note:", sameRows.Output);

        // Left out, the fraction and the seed are their defaults, and the run would train on the rows the model held out.
        StringAssert.Contains(noneHeldOut.Output, $"note: --validation-fraction is 0, its default, where {heldOut} was trained with 0.25; give --validation-fraction 0.25 to keep that.\n");
        StringAssert.Contains(noneHeldOut.Output, $"note: --seed is 0, its default, where {heldOut} was trained with 5; give --seed 5 to keep that.\n");
        StringAssert.Contains(otherSeed.Output, $"note: --seed is 0, its default, where {heldOut} was trained with 5;");
        StringAssert.Contains(fromEveryRow.Output, $"note: {everyRow} was trained on every row, so on the same data the rows held out now were trained on");
    }

    [TestMethod]
    public void TrainingOnRowsMuchAlikeHedgesNoActiveDimensionAsEvaluateDoes()
    {
        // Rows a thousandth apart give latent means that hardly vary, which train once called posterior collapse outright.
        string path = _workspace.PathOf("much-alike.csv");
        File.WriteAllLines(path, ["a,b,c", .. Enumerable.Range(0, 24).Select(i => string.Create(CultureInfo.InvariantCulture, $"1,{i * 1e-4},1"))]);

        string model = _workspace.PathOf("much-alike.zip");
        CliRun run = CliRun.Of("train", path, "--hidden", "4", "-k", "3", "-e", "1", "--out", model);
        CliRun evaluate = CliRun.Of("evaluate", model, path);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        const string MuchAlike = "active latent dimensions: 0 of 3 (those whose mean varies across the rows with a variance above 0.01): "
            + "none on these rows, as under posterior collapse, unless the rows are much alike\n";
        StringAssert.Contains(run.Output, MuchAlike);
        StringAssert.Contains(evaluate.Output, MuchAlike);
    }

    [TestMethod]
    [DataRow("1,0,1")]
    [DataRow("0,0,0")]
    public void RowsThatAllLookTheSameAreSaidToGiveNoActiveDimensionNotPosteriorCollapse(string row)
    {
        // Once train called this posterior collapse, blaming the model for rows that could give it no spread.
        string path = _workspace.PathOf("same-rows.csv");
        File.WriteAllLines(path, ["a,b,c", .. Enumerable.Repeat(row, 24)]);

        string model = _workspace.PathOf("same-rows.zip");
        CliRun run = CliRun.Of("train", path, "--hidden", "4", "-k", "3", "-e", "1", "--out", model);
        CliRun evaluate = CliRun.Of("evaluate", model, path);
        CliRun evaluateOne = CliRun.Of("evaluate", model, path, "--max-rows", "1");
        CliRun trainOne = CliRun.Of("train", path, "--hidden", "4", "-k", "3", "-e", "1", "--max-rows", "1", "--out", _workspace.PathOf("one-row.zip"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        const string SameRows = "active latent dimensions: 0 of 3 (those whose mean varies across the rows with a variance above 0.01): "
            + "none, as every row is the same: rows that do not vary give each latent mean one value, whatever the model\n";
        StringAssert.Contains(run.Output, SameRows);
        StringAssert.Contains(evaluate.Output, SameRows);
        Assert.DoesNotContain("collapse", run.Output + evaluate.Output);
        Assert.AreEqual(0, evaluateOne.ExitCode, evaluateOne.Error);
        Assert.DoesNotContain("active latent dimensions", evaluateOne.Output, "one row has no spread to measure");
        Assert.AreEqual(0, trainOne.ExitCode, trainOne.Error);
        Assert.DoesNotContain("active latent dimensions:", trainOne.Output, "one row has no spread to measure");
    }

    [TestMethod]
    public void EvaluateNamesTheActiveLatentDimensionsAndTabulatesEachOnesVarianceAndKl()
    {
        string path = _workspace.PathOf("two-bits.csv");
        var random = new Random(3);
        File.WriteAllLines(path, ["a,b,c,d,e,f", .. Enumerable.Range(0, 200).Select(_ => (random.Next(2), random.Next(2))).Select(bits => $"{bits.Item1},{bits.Item1},{bits.Item1},{bits.Item2},{bits.Item2},{bits.Item2}")]);
        string model = _workspace.PathOf("two-bits.zip");
        // At β = 1 some seeds (7 of 0 to 7) left every dimension inactive, so the active ones asked for came by the
        // seed's luck, which another kernel's order of sums may not share; at β = 0.5 every seed tried (0 to 11) keeps
        // between one and five active on each kernel.
        Assert.AreEqual(0, CliRun.Of("train", path, "-k", "6", "--hidden", "16", "--epochs", "30", "--beta", "0.5", "--seed", "2", "--out", model).ExitCode);

        CliRun run = CliRun.Of("evaluate", model, path, "--latent-table");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        VaeLatentActivity activity = VaeModel.Load(model).MeasureLatentActivity(CsvDatasetReader.Read(path));
        int[] active = [.. Enumerable.Range(0, 6).Where(activity.IsActive)];
        Assert.IsTrue(active.Length is > 0 and < 6, "two bits need some of the six dimensions, not all");
        StringAssert.Contains(
            run.Output,
            $"active latent dimensions: {active.Length} of 6 (those whose mean varies across the rows with a variance above 0.01): {string.Join(", ", active.Select(u => $"z{u}"))}\n");
        string[] lines = run.Output.Split('\n');
        int heading = Array.FindIndex(lines, line => line.StartsWith("latent ", StringComparison.Ordinal));
        CollectionAssert.AreEqual(new[] { "latent", "mean", "variance", "mean", "KL", "active" }, lines[heading].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        for (int u = 0; u < 6; u++)
        {
            string[] cells = lines[heading + 1 + u].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.AreEqual($"z{u}", cells[0]);
            Assert.AreEqual(activity.MeanVariances[u], double.Parse(cells[1], CultureInfo.InvariantCulture), 5e-5, $"z{u}'s variance");
            Assert.AreEqual(activity.MeanKullbackLeibler[u], double.Parse(cells[2], CultureInfo.InvariantCulture), 5e-5, $"z{u}'s KL");
            Assert.AreEqual(activity.IsActive(u) ? "yes" : "no", cells[3]);
        }

        Assert.DoesNotContain("\nlatent ", CliRun.Of("evaluate", model, path).Output, "the table only when asked for");
        StringAssert.Contains(CliRun.Of("evaluate", model, path, "--latent-table", "--max-rows", "1").Output, "latent table skipped: one row has no spread to measure");
    }

    [TestMethod]
    public void AGaussianModelOfUnscaledFeaturesFarWiderThanItsNoiseGetsANote()
    {
        string path = _workspace.PathOf("wide-spread.csv");
        File.WriteAllLines(path, ["a,b", .. Enumerable.Range(0, 24).Select(i => $"{i * 100},{i % 2}")]);

        CliRun unscaled = CliRun.Of("train", path, "--likelihood", "Gaussian", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("wide-unscaled.zip"));
        CliRun scaled = CliRun.Of(
            "train", path, "--likelihood", "Gaussian", "--scaling", "Standardize", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("wide-scaled.zip"));

        Assert.AreEqual(0, unscaled.ExitCode, unscaled.Error);
        StringAssert.StartsWith(
            unscaled.Output,
            "note: with --scaling None the Gaussian likelihood measures each feature in its own units: column 1 (\"a\") spreads with a standard deviation of 692.2");
        StringAssert.Contains(
            unscaled.Output,
            "far beyond the noise σ = 1 it assumes, and column 2 (\"b\") with 0.5, so the widest features dominate the loss; --scaling Standardize puts every feature on one scale.");
        Assert.AreEqual(0, scaled.ExitCode, scaled.Error);
        Assert.IsEmpty(NotesBesideSizing(scaled));
    }

    [TestMethod]
    public void TheFeaturesOfACategoricalColumnAreNoScaleToMeasureUnscaledFeaturesAgainst()
    {
        // The one numeric feature, centred on zero, has no other to be scales apart from; the rare colour's feature, which a
        // softmax models, does not count.
        string path = _workspace.PathOf("wide-and-colour.csv");
        File.WriteAllLines(path, ["a,colour", .. Enumerable.Range(0, 24).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(i * 100) - 1150},{(i == 5 ? "green" : "red")}"))]);

        CliRun run = CliRun.Of("train", path, "--categorical-columns", "colour", "--likelihood", "Gaussian", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("wide-colour.zip"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.IsEmpty(NotesBesideSizing(run));
    }

    [TestMethod]
    public void ALearnedVarianceModelOfFeaturesAllFarWiderThanItsNoiseCanReachGetsANote()
    {
        string path = _workspace.PathOf("all-wide.csv");
        File.WriteAllLines(path, ["price,value", .. Enumerable.Range(0, 24).Select(i => $"{i * 20000},{i * 10000 + (i % 3 * 500)}")]);

        CliRun run = CliRun.Of("train", path, "--likelihood", "GaussianLearnedVariance", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("all-wide.zip"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.StartsWith(run.Output, "note: with --scaling None the Gaussian likelihood measures each feature in its own units: column 1 (\"price\") spreads with a standard deviation of 1.384E+05, beyond the largest noise σ (about 90) it can learn");
    }

    [TestMethod]
    public void ALearnedVarianceModelOfAFeatureSpreadWiderThanItsLargestNoiseGetsANote()
    {
        // Standard deviations of about 300, as raw wine.csv's proline has, and of 60, both centred on zero: only the first
        // lies beyond the σ of about 90 that a log-variance of +9 gives.
        string[] options = ["--likelihood", "GaussianLearnedVariance", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("beyond-sigma.zip")];
        string wide = _workspace.PathOf("beyond-sigma.csv");
        File.WriteAllLines(wide, ["proline", .. Enumerable.Range(0, 24).Select(i => (((i % 3) - 1) * 367).ToString(CultureInfo.InvariantCulture))]);
        string narrow = _workspace.PathOf("within-sigma.csv");
        File.WriteAllLines(narrow, ["proline", .. Enumerable.Range(0, 24).Select(i => (((i % 3) - 1) * 73).ToString(CultureInfo.InvariantCulture))]);

        CliRun beyond = CliRun.Of(["train", wide, .. options]);
        CliRun within = CliRun.Of(["train", narrow, .. options]);

        Assert.AreEqual((0, 0), (beyond.ExitCode, within.ExitCode), beyond.Error + within.Error);
        StringAssert.StartsWith(
            beyond.Output,
            "note: with --scaling None the Gaussian likelihood measures each feature in its own units: column 1 (\"proline\") spreads with a standard deviation of 299.7, beyond the largest noise σ (about 90) it can learn, so the widest features dominate the loss");
        Assert.DoesNotContain("spreads with", within.Output);
    }

    [TestMethod]
    public void AGaussianModelOfUnscaledFeaturesCentredFarFromZeroGetsANote()
    {
        // Ages centred on 49 and a 1/2 code, as diabetes.csv has: neither spreads ten times σ = 1, nor a hundred times the other.
        string centred = _workspace.PathOf("centred.csv");
        File.WriteAllLines(centred, ["age,sex", .. Enumerable.Range(0, 24).Select(i => $"{40 + (i % 7 * 3)},{1 + (i % 2)}")]);
        // Iris-like lengths centred on 5.5 and a share in [0, 1].
        string nearZero = _workspace.PathOf("near-zero.csv");
        File.WriteAllLines(nearZero, ["length,share", .. Enumerable.Range(0, 24).Select(i => string.Create(CultureInfo.InvariantCulture, $"{4 + (i % 4 * 0.9)},{i / 23.0}"))]);
        string[] options = ["-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("centred.zip")];

        CliRun fixedVariance = CliRun.Of(["train", centred, "--likelihood", "Gaussian", .. options]);
        CliRun learned = CliRun.Of(["train", centred, "--likelihood", "GaussianLearnedVariance", .. options]);
        CliRun scaled = CliRun.Of(["train", centred, "--likelihood", "Gaussian", "--scaling", "Standardize", .. options]);
        CliRun unitScale = CliRun.Of(["train", nearZero, "--likelihood", "Gaussian", .. options]);

        Assert.AreEqual((0, 0, 0, 0), (fixedVariance.ExitCode, learned.ExitCode, scaled.ExitCode, unitScale.ExitCode), fixedVariance.Error + learned.Error + scaled.Error + unitScale.Error);
        string note = "note: with --scaling None the network takes each feature in its own units: column 1 (\"age\") has a mean of 48.25, far from the values of about one "
            + "its initial weights give, so it learns slowly where such features lie, and rows it generates can fall far from the data; --scaling Standardize centres every feature on 0 with a spread of 1.\n";
        StringAssert.StartsWith(fixedVariance.Output, note);
        StringAssert.StartsWith(
            learned.Output,
            note + "note: 1 of the 2 features takes only two values (column 2 (\"sex\")); a learned variance shrinks to its floor around such features",
            "the learned variance's note on the two-valued feature follows");
        Assert.IsEmpty(NotesBesideSizing(scaled));
        Assert.IsEmpty(NotesBesideSizing(unitScale));
    }

    [TestMethod]
    public void ALearnedVarianceModelOfTwoValuedFeaturesGetsANoteCountingThem()
    {
        // A flag, a one-hot pair and a rare flag take two values; a constant, a measurement and a grade do not.
        string path = _workspace.PathOf("flags.csv");
        File.WriteAllLines(
            path,
            ["flag,red,blue,rare,one,size,grade", .. Enumerable.Range(0, 24).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 2},{(i % 3 == 0 ? 1 : 0)},{(i % 3 == 0 ? 0 : 1)},{(i == 5 ? 7 : 0)},1,{i * 0.37},{i % 3}"))]);
        string[] options = ["--scaling", "Standardize", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("flags.zip")];

        CliRun learned = CliRun.Of(["train", path, "--likelihood", "GaussianLearnedVariance", .. options]);
        CliRun fixedVariance = CliRun.Of(["train", path, "--likelihood", "Gaussian", .. options]);
        CliRun otherColumns = CliRun.Of(["train", path, "--feature-columns", "one,size,grade", "--likelihood", "GaussianLearnedVariance", .. options]);
        CliRun oneFlag = CliRun.Of(["train", path, "--feature-columns", "flag,size", "--likelihood", "GaussianLearnedVariance", .. options]);
        string categories = _workspace.PathOf("flag-and-colour.csv");
        File.WriteAllLines(categories, ["flag,colour,size", .. Enumerable.Range(0, 24).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 2},{(i % 3 == 0 ? "red" : "blue")},{i * 0.37}"))]);
        CliRun categorical = CliRun.Of(["train", categories, "--categorical-columns", "colour", "--likelihood", "GaussianLearnedVariance", .. options]);

        Assert.AreEqual((0, 0, 0), (learned.ExitCode, fixedVariance.ExitCode, otherColumns.ExitCode), learned.Error + fixedVariance.Error + otherColumns.Error);
        StringAssert.StartsWith(
            learned.Output,
            "note: 4 of the 7 features take only two values (column 1 (\"flag\"), column 2 (\"red\"), column 3 (\"blue\"), …); a learned variance shrinks "
            + "to its floor around such features, which lowers the loss far below zero without modelling them better, and rows drawn from the model can "
            + "spread far wider than the data; --likelihood Gaussian, a fixed variance, suits binary and one-hot features.\n");
        Assert.IsEmpty(NotesBesideSizing(fixedVariance));
        Assert.IsEmpty(NotesBesideSizing(otherColumns));
        StringAssert.StartsWith(oneFlag.Output, "note: 1 of the 2 features takes only two values (column 1 (\"flag\")); a learned variance");
        StringAssert.StartsWith(categorical.Output, "note: 1 of the 4 features takes only two values (column 1 (\"flag\")); a learned variance", "a softmax models the colours");
    }

    [TestMethod]
    public void ACategoricalColumnWithACategoryForEveryOtherRowIsWarnedOfAsAnIdentifier()
    {
        // 40 rows: a name per row, a code per two rows, a code per three rows, and a colour.
        string path = _workspace.PathOf("named-rows.csv");
        File.WriteAllLines(path, ["name,pair,triple,colour,size", .. Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"n{i},p{i / 2},t{i / 3},{(i % 3 == 0 ? "red" : "blue")},{i * 0.37}"))]);
        string[] options = ["--likelihood", "Gaussian", "--scaling", "Standardize", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("named-rows.zip")];

        CliRun named = CliRun.Of(["train", path, "--categorical-columns", "name,pair,triple,colour", .. options]);
        CliRun unnamed = CliRun.Of(["train", path, "--categorical-columns", "triple,colour", "--exclude-columns", "name,pair", .. options]);

        Assert.AreEqual((0, 0), (named.ExitCode, unnamed.ExitCode), named.Error + unnamed.Error);
        Assert.AreEqual(
            "vae: warning: among 40 rows, column 1 (\"name\") holds 40 categories, column 2 (\"pair\") holds 20 categories: a category for every other row or more, "
            + "as an identifier or a name has, which no other row shares, so the model can only remember them, and each adds a feature to every row. "
            + "Leave such a column out with --exclude-columns; encode, reconstruct and evaluate carry it into their output with --id-column.",
            named.Error.TrimEnd());
        Assert.AreEqual(string.Empty, unnamed.Error, "14 categories among 40 rows, and a colour, are categories");
    }

    [TestMethod]
    public void ANewModelOfWineSizedDataAtTheDefaultEpochsAndBatchSizeIsToldItsFewSteps()
    {
        string path = _workspace.PathOf("wine-sized.csv");
        File.WriteAllLines(path, ["a,b,c,d", .. Enumerable.Range(0, 142).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 7},{i % 5 * 0.3},{i % 11},{i * 0.01}"))]);
        string[] options = ["--likelihood", "Gaussian", "--scaling", "Standardize", "--out", _workspace.PathOf("wine-sized.zip")];

        CliRun defaults = CliRun.Of(["train", path, .. options]);
        CliRun enoughEpochs = CliRun.Of(["train", path, "--epochs", "250", "--hidden", "8", "-k", "2", .. options]);

        Assert.AreEqual((0, 0), (defaults.ExitCode, enoughEpochs.ExitCode), defaults.Error + enoughEpochs.Error);
        StringAssert.Contains(defaults.Output, "note: 142 rows trained on in batches of 128 make 2 steps an epoch, so 10 epochs give the new model 20 optimizer steps");
        Assert.DoesNotContain("optimizer step", enoughEpochs.Output);
    }

    [TestMethod]
    public void TheNotesOnTheActiveCountFollowItAndARefusedRunGetsNone()
    {
        string path = _workspace.PathOf("measurements.csv");
        File.WriteAllLines(path, ["a,b,c,d", .. Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 7 + 2},{i % 5 * 0.3},{i % 11},{i * 0.01}"))]);

        CliRun trained = CliRun.Of("train", path, "--likelihood", "Gaussian", "--scaling", "Standardize", "--out", _workspace.PathOf("measurements.zip"));
        CliRun refused = CliRun.Of("train", path, "--out", _workspace.PathOf("measurements-bernoulli.zip"));

        Assert.AreEqual((0, 1), (trained.ExitCode, refused.ExitCode), trained.Error);
        string[] lines = trained.Output.Split('\n');
        int count = Array.FindIndex(lines, line => line.StartsWith("active latent dimensions:", StringComparison.Ordinal));
        int wide = Array.FindIndex(lines, line => line.StartsWith("note: the latent dimension, 20, is at least the 4 features", StringComparison.Ordinal));
        int steps = Array.FindIndex(lines, line => line.StartsWith("note: 40 rows trained on in batches of 128", StringComparison.Ordinal));
        Assert.IsTrue(count >= 0 && wide == count + 1 && steps == count + 2, trained.Output);
        StringAssert.Contains(refused.Error, "the Bernoulli likelihood needs every feature in [0, 1]");
        Assert.DoesNotContain("note:", refused.Output, "a run the data refuses has no count of active dimensions to read");
    }

    [TestMethod]
    public void ImagesGetNoNoteHoweverTheirPixelsSpread()
    {
        CliRun run = CliRun.Of(
            "train", TwoPixelImages(), "--likelihood", "Gaussian", "--gaussian-variance", "0.000001", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("two-pixels.zip"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.IsEmpty(NotesBesideSizing(run), "pixels share their units");
    }

    [TestMethod]
    public void ImagesUnderANoiseAsWideAsPixelsSpreadGetANote()
    {
        CliRun defaultVariance = CliRun.Of(
            "train", TwoPixelImages(), "--likelihood", "Gaussian", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("two-pixels-noisy.zip"));
        CliRun narrower = CliRun.Of(
            "train", TwoPixelImages(), "--likelihood", "Gaussian", "--gaussian-variance", "0.2", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("two-pixels-narrower.zip"));

        Assert.AreEqual(0, defaultVariance.ExitCode, defaultVariance.Error);
        StringAssert.StartsWith(
            defaultVariance.Output,
            "note: the Gaussian likelihood assumes noise of σ = 1 around each pixel, while pixels in [0, 1] spread by at most 0.5, so the model can put the images' detail down to noise");
        Assert.AreEqual(0, narrower.ExitCode, narrower.Error);
        Assert.IsEmpty(NotesBesideSizing(narrower), "σ ≈ 0.45 is narrower than the widest spread of a pixel");
    }

    // Pixel 0 takes every tenth gray level, pixel 1 is lit in one image only: spreads 300 times apart in one unit.
    private static string TwoPixelImages()
    {
        string path = _workspace.PathOf("two-pixels.idx");
        byte[] pixels = [.. Enumerable.Range(0, 24).SelectMany(i => new[] { (byte)(i * 10), (byte)(i == 0 ? 1 : 0) })];
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0, 0, 24, 0, 0, 0, 1, 0, 0, 0, 2, .. pixels]);
        return path;
    }

    [TestMethod]
    public void AnEpochLineShowsTheBetaItsKlWasWeightedByWhenItIsNotOne()
    {
        string model = _workspace.PathOf("warmed-up.zip");
        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--hidden", "4", "-k", "2", "--epochs", "3", "--kl-warmup", "2", "--out", model);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        IReadOnlyList<VaeEpochReport> epochs = VaeModel.Load(model).History.Epochs;
        string Losses(VaeEpochReport epoch) =>
            $"epoch {epoch.Epoch}/3  loss {NumberText.Of(epoch.Loss, 3)}  recon {NumberText.Of(epoch.Reconstruction, 3)}  kl {NumberText.Of(epoch.KullbackLeibler, 3)}";
        StringAssert.Contains(run.Output, $"{Losses(epochs[0])} (β 0.5)  ", "halfway through the warm-up");
        StringAssert.Contains(run.Output, $"{Losses(epochs[1])}  ", "at β 1 the KL is followed by the next column, not a β");
    }

    [TestMethod]
    public void ResampledBitsTrainAsTheLibraryTrainsThem()
    {
        // The CLI's view of the file's rows, and the notes it reads them for, must leave the draws training takes as they are.
        const int Seed = 3;
        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--binarize", "resampled", "--binarize-seed", "3", "--likelihood", "Gaussian",
            "-e", "1", "--hidden", "4", "-k", "2", "--threads", "1", "--out", _workspace.PathOf("resampled.zip"));
        VaeDataset rows = BinarizedDataset.Resampled(CsvDatasetReader.Read(_workspace.DataPath, new CsvDatasetOptions { LabelColumnName = "label" }), Seed);
        var options = new VaeOptions { Likelihood = VaeLikelihood.Gaussian, Epochs = 1, HiddenLayerSizes = [4], LatentDimension = 2, NumberOfThreads = 1 };
        double loss = new VaeTrainer(options).Fit(rows).History.Epochs[0].Loss;

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, $"epoch 1/1  loss {NumberText.Of(loss, 3)}  ");
    }

    [TestMethod]
    public void FeaturesOnOneScaleGetNoNoteHoweverSmallTheNoise()
    {
        // Centred near zero, where the network starts, so that only their spread is in question.
        string path = _workspace.PathOf("one-scale.csv");
        File.WriteAllLines(path, ["a,b", .. Enumerable.Range(0, 24).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(i * 100) - 1150},{(i % 5 * 100) - 200}"))]);

        CliRun run = CliRun.Of(
            "train", path, "--likelihood", "Gaussian", "--gaussian-variance", "0.000001", "-e", "1", "--hidden", "4", "-k", "2", "--out", _workspace.PathOf("one-scale.zip"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.IsEmpty(NotesBesideSizing(run), "standardizing would change nothing the variance does not");
    }

    [TestMethod]
    public void TrainingThatEndsInsideTheKlWarmUpSaysEarlyStoppingWatchedNoEpoch()
    {
        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "-e", "2", "--kl-warmup", "5", "--validation-fraction", "0.25",
            "--early-stopping", "1", "--out", _workspace.PathOf("warming-up.zip"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(
            run.Output,
            "note: the KL warm-up outlasts this run, ending at epoch 5: β reached only 0.4 of --beta 1, and early stopping, which starts then, watched no epoch; give more --epochs or a shorter --kl-warmup.");
    }

    /// <summary>The warm-up counts the model's whole history, so a continued run is told where in its own epochs the full β comes.</summary>
    [TestMethod]
    public void TrainingThatNeverReachesTheFullBetaSaysHowFarItGot()
    {
        string first = _workspace.PathOf("warm-up-first.zip");
        CliRun start = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--hidden", "4", "-k", "2", "-e", "1", "--kl-warmup", "10", "--beta", "4", "--out", first);
        CliRun continued = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--init", first, "-e", "2", "--kl-warmup", "10", "--beta", "4", "--out", _workspace.PathOf("warm-up-continued.zip"));
        CliRun warmedUp = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--init", first, "-e", "9", "--kl-warmup", "10", "--beta", "4", "--out", _workspace.PathOf("warm-up-ended.zip"));

        Assert.AreEqual(0, start.ExitCode, start.Error);
        StringAssert.Contains(start.Output, "note: the KL warm-up outlasts this run, ending at epoch 10: β reached only 0.4 of --beta 4; give more --epochs or a shorter --kl-warmup.");
        Assert.AreEqual(0, continued.ExitCode, continued.Error);
        StringAssert.Contains(
            continued.Output,
            "note: the KL warm-up outlasts this run, ending at this run's epoch 9 (epoch 10 of the model's history): β reached only 1.2 of --beta 4; give more --epochs or a shorter --kl-warmup.");
        Assert.AreEqual(0, warmedUp.ExitCode, warmedUp.Error);
        Assert.DoesNotContain("note: the KL warm-up", warmedUp.Output, "the run's last epoch trained at the full --beta");
    }

    [TestMethod]
    public void InspectShowsDimensionsHistoryAndFiles()
    {
        CliRun run = CliRun.Of("inspect", _model);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "Vae.MLNet");
        StringAssert.Contains(run.Output, "latent dimension   2");
        StringAssert.Contains(run.Output, "feature ranges     feature-ranges.json (0 of 4 features in whole numbers)");
        StringAssert.Contains(run.Output, "options of the run that trained the weights");
        StringAssert.Contains(run.Output, "HiddenLayerSizes          --hidden                8");
        StringAssert.Contains(run.Output, "autoencoder.onnx");
        Assert.MatchesRegex(@"β +valid\. +", run.Output, "the history's column of validation losses");

        // A screen reader at its default punctuation reads no en dash, so a value shown as one was heard as nothing.
        Assert.DoesNotContain("–", run.Output);
        StringAssert.Contains(run.Output, "EarlyStoppingPatience     --early-stopping        not set");
        StringAssert.Contains(run.Output, "image shape        none recorded (");
    }

    /// <summary>
    /// A consumer of the exported graphs fetches their tensors by name; a zip saved with names of its own gives them,
    /// and only a learned variance's graphs have a reconstruction log-variance.
    /// </summary>
    [TestMethod]
    [DataRow("Bernoulli")]
    [DataRow("GaussianLearnedVariance")]
    public void InspectShowsTheNamesOfTheGraphsInputsAndOutputs(string likelihood)
    {
        string trained = _workspace.PathOf($"names-{likelihood}.zip");
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--likelihood", likelihood, "--hidden", "3", "-k", "2", "-e", "1", "--out", trained).ExitCode);
        string named = _workspace.PathOf($"named-{likelihood}.zip");
        VaeModel.Load(trained).Save(named, new OnnxTensorNames { Features = "input:0", LatentMean = "z/mean", Latent = "z", ReconstructionLogVar = "x/log_var", AnomalyScore = "score" });

        CliRun run = CliRun.Of("inspect", named);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        string logVariance = likelihood == "GaussianLearnedVariance" ? ", x/log_var float[N, 4]" : string.Empty;
        StringAssert.Contains(run.Output, "ONNX graphs (the names of their inputs and outputs, as export-onnx writes them)");
        StringAssert.Matches(run.Output, new Regex(@"\n +encoder\.onnx +input:0 float\[N, 4\] +z/mean float\[N, 2\], LatentLogVar float\[N, 2\] *\n"));
        StringAssert.Matches(run.Output, new Regex($@"\n +decoder\.onnx +z float\[N, 2\] +Reconstruction float\[N, 4\]{Regex.Escape(logVariance)} *\n"));
        StringAssert.Matches(
            run.Output,
            new Regex($@"\n +autoencoder\.onnx +input:0 float\[N, 4\] +z/mean float\[N, 2\], LatentLogVar float\[N, 2\], Reconstruction float\[N, 4\]{Regex.Escape(logVariance)}, ReconstructionError float\[N\], score float\[N\] *\n"));
    }

    /// <summary>
    /// Entries beside the model's files are listed up to eight and summed beyond: a zip of a million empty entries
    /// had a row laid out for each, which took gigabytes.
    /// </summary>
    [TestMethod]
    public void InspectSumsTheFilesBeyondTheFirstOthersOnOneRow()
    {
        string cluttered = _workspace.PathOf("cluttered.zip");
        File.Copy(_model, cluttered, overwrite: true);
        using (ZipArchive zip = ZipFile.Open(cluttered, ZipArchiveMode.Update))
        {
            for (int i = 0; i < 20; i++)
            {
                using Stream entry = zip.CreateEntry($"x{i}").Open();
                entry.Write(new byte[i]);
            }
        }

        CliRun run = CliRun.Of("inspect", cluttered);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        foreach (string file in new[] { "manifest.json", "encoder.onnx", "decoder.onnx", "autoencoder.onnx", "feature-ranges.json", "x0 ", "x7 " })
        {
            StringAssert.Contains(run.Output, file);
        }

        Assert.DoesNotContain("x8", run.Output);
        StringAssert.Matches(run.Output, new Regex(@"and 12 other entries +162 +\d+"), "x8 to x19 hold 8 + … + 19 bytes");
    }

    /// <summary>
    /// Every train option inspect lists with a value trains the model again when pasted back: a setting the model does not
    /// use, which train refuses, is listed as not used, without an option; early stopping that watched a file of validation
    /// rows, which the model does not keep, lists --validation-data with FILE in place of the file to give again.
    /// </summary>
    [TestMethod]
    [DataRow("Bernoulli", "Relu", false)]
    [DataRow("GaussianLearnedVariance", "Tanh", false)]
    [DataRow("Gaussian", "LeakyRelu", false)]
    [DataRow("Bernoulli", "Relu", true)]
    public void TheOptionsInspectListsTrainTheModelAgain(string likelihood, string activation, bool validationData)
    {
        string name = $"{likelihood}-{activation}{(validationData ? "-validated" : string.Empty)}";
        string model = _workspace.PathOf($"pasted-{name}.zip");
        string[] validation = validationData ? ["--early-stopping", "2", "--validation-data", _workspace.DataPath] : [];
        CliRun trained = CliRun.Of(
            ["train", _workspace.DataPath, "--label-column", "label", "--likelihood", likelihood, "--activation", activation, "-k", "2", "-e", "1", .. validation, "--out", model]);
        Assert.AreEqual(0, trained.ExitCode, trained.Error);

        string inspected = CliRun.Of("inspect", model).Output;
        string[] pasted =
        [
            .. Regex.Matches(inspected, @"^ +\w+ +(--[\w-]+) +(\S+)(?: \(.*\))? *$", RegexOptions.Multiline)
                .Where(row => row.Groups[1].Value != "--binarize")
                .SelectMany(row => new[] { row.Groups[1].Value, row.Groups[2].Value == "FILE" ? _workspace.DataPath : row.Groups[2].Value }),
        ];
        CliRun again = CliRun.Of(["train", _workspace.DataPath, "--label-column", "label", .. pasted, "--out", _workspace.PathOf($"again-{name}.zip")]);

        Assert.AreEqual(0, again.ExitCode, $"{string.Join(' ', pasted)}: {again.Error}");
        CollectionAssert.Contains(pasted, "--likelihood");
        Assert.AreEqual(likelihood == "Gaussian", pasted.Contains("--gaussian-variance"), inspected);
        Assert.AreEqual(activation == "LeakyRelu", pasted.Contains("--leaky-relu-slope"), inspected);
        Assert.AreEqual(validationData, pasted.Contains("--validation-data"), inspected);
        if (likelihood != "Gaussian")
        {
            StringAssert.Matches(inspected, new Regex(@"\n +GaussianVariance +none +not used *\n"));
        }
    }

    /// <summary>
    /// Redirected, Spectre padded every cell to its column's widest and inspect centred each title over its table, so
    /// most of what it wrote was spaces at the ends of lines (the model table's long "columns" row set the width).
    /// </summary>
    [TestMethod]
    public void RedirectedInspectEndsNoLineInSpaces()
    {
        CliRun run = CliRun.Of("inspect", _model);
        string[] lines = run.Output.Split('\n');

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual(_model, lines[0], "the title starts its line");
        Assert.IsFalse(lines.Any(line => line.EndsWith(' ')), run.Output);
    }

    /// <summary>
    /// Spectre squeezed a history or options table wider than the console by splitting cells, so 357.8267 read as
    /// "357.826" over "7", --latent-dim as "--latent-d" over "im", and β printed as a float's 0.33333334. Every number
    /// and option name now stays whole on a line at every width.
    /// </summary>
    [TestMethod]
    [DoNotParallelize] // COLUMNS is the process's, which the other tests' tables read.
    public void InspectNeverSplitsANumberOrAnOptionOverLines()
    {
        string first = _workspace.PathOf("unsplit-first.zip");
        string model = _workspace.PathOf("unsplit.zip");
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--latent-dim", "3", "--kl-warmup", "3", "-e", "2", "--validation-fraction", "0.25", "--out", first).ExitCode);
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--init", first, "-e", "1", "--validation-fraction", "0.25", "--out", model).ExitCode);
        VaeTrainingHistory history = VaeModel.Load(model).History;
        string[] words =
        [
            "--latent-dim", "--decoder-hidden", "--validation-fraction", "0.3333", "0.6667",
            .. history.Epochs.SelectMany(epoch => new[] { epoch.Loss, epoch.Reconstruction, epoch.KullbackLeibler, epoch.ValidationLoss!.Value })
                .Select(value => NumberText.Of(value, 4)),
        ];

        string? columns = Environment.GetEnvironmentVariable("COLUMNS");
        try
        {
            foreach (int width in new[] { 40, 60, 80, 200 })
            {
                Environment.SetEnvironmentVariable("COLUMNS", width.ToString(CultureInfo.InvariantCulture));
                string inspected = CliRun.Of("inspect", model).Output;
                string[][] lineWords = [.. inspected.Split('\n').Select(line => line.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))];

                foreach (string word in words)
                {
                    Assert.IsTrue(lineWords.Any(line => line.Contains(word)), $"{word} whole at {width} columns:\n{inspected}");
                }

                Assert.DoesNotContain("0.3333333", inspected, "β rounded as the other columns are");
                if (width < 80)
                {
                    AssertReadableRecords(inspected, width, history);
                }
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("COLUMNS", columns);
        }
    }

    // Tables too wide for the console are written as records, which once wrapped a heading away from its value ("recon."
    // ending one line, its number starting the next), ran together unindented, and followed a title or another table's
    // records with no line between.
    private static void AssertReadableRecords(string inspected, int width, VaeTrainingHistory history)
    {
        string[] lines = inspected.Split('\n');
        foreach (VaeEpochReport epoch in history.Epochs)
        {
            StringAssert.Contains(inspected, $"recon. {NumberText.Of(epoch.Reconstruction, 4)}", $"a heading on its value's line at {width} columns:\n{inspected}");
        }

        StringAssert.Contains(inspected, "train option --latent-dim", $"a heading on its value's line at {width} columns:\n{inspected}");
        int firstRecord = Array.FindIndex(lines, line => line.StartsWith("run 1, epoch 1,", StringComparison.Ordinal));
        Assert.IsGreaterThan(0, firstRecord, $"the history as records at {width} columns:\n{inspected}");
        StringAssert.StartsWith(lines[firstRecord + 1], "    ", $"a record's further lines indented at {width} columns:\n{inspected}");
        foreach (string recordStart in (string[])["setting HiddenLayerSizes,", "run 1, epoch 1,", "file manifest.json,"])
        {
            int at = Array.FindIndex(lines, line => line.StartsWith(recordStart, StringComparison.Ordinal));
            if (at >= 0)
            {
                Assert.AreEqual(string.Empty, lines[at - 1], $"a blank line before the records of '{recordStart}' at {width} columns:\n{inspected}");
            }
        }

        int lastRecord = Array.FindLastIndex(lines, line => line.StartsWith("run ", StringComparison.Ordinal));
        Assert.AreEqual(string.Empty, lines.Skip(lastRecord + 1).First(line => !line.StartsWith("    ", StringComparison.Ordinal)), $"a blank line after the records at {width} columns:\n{inspected}");
    }

    /// <summary>The library trains without hidden layers, so the command line can ask for that, and inspect prints it back as it is typed.</summary>
    [TestMethod]
    public void NoneTrainsWithoutHiddenLayersAndInspectPrintsItBack()
    {
        string model = _workspace.PathOf("no-hidden.zip");

        CliRun train = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--hidden", "none", "--decoder-hidden", "NONE", "-k", "2", "-e", "1", "--out", model);
        CliRun empty = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--hidden", "", "--out", _workspace.PathOf("unwritten.zip"));

        Assert.AreEqual(0, train.ExitCode, train.Error);
        VaeOptions options = VaeModel.Load(model).Options;
        Assert.IsEmpty(options.HiddenLayerSizes);
        Assert.IsNotNull(options.DecoderHiddenLayerSizes);
        Assert.IsEmpty(options.DecoderHiddenLayerSizes);
        string inspected = CliRun.Of("inspect", model).Output;
        StringAssert.Matches(inspected, new Regex(@"HiddenLayerSizes +--hidden +none\b"));
        StringAssert.Matches(inspected, new Regex(@"DecoderHiddenLayerSizes +--decoder-hidden +none\b"));
        Assert.AreEqual(2, empty.ExitCode);
        StringAssert.Contains(empty.Error, "--hidden '': '' is not a positive integer; give sizes like 400,200, or none for no hidden layers.");
    }

    /// <summary>The history's title names what decided the weights' last bits, or that the zip predates their record.</summary>
    [TestMethod]
    public void InspectNamesTheKernelAndThreadsThatTrainedTheModel()
    {
        VaeTrainingHistory history = VaeModel.Load(_model).History;
        string kernel = history.GemmKernel is { } name ? $" on {name}" : string.Empty;
        string older = _workspace.PathOf("threads-not-recorded.zip");
        File.Copy(_model, older);
        ZippedManifest.Edit(older, manifest =>
        {
            JsonObject recorded = manifest["history"]!.AsObject();
            Assert.IsTrue(recorded.Remove("numberOfThreadsUsed") && recorded.Remove("gemmKernel"));
        });

        StringAssert.Contains(CliRun.Of("inspect", _model).Output, $"history ({history.GemmBackend} GEMM{kernel}, 1 thread)", "trained with --threads 1");
        StringAssert.Contains(CliRun.Of("inspect", older).Output, $"history ({history.GemmBackend} GEMM, threads not recorded)");
    }

    /// <summary>A model trained further holds epochs trained with other settings than those listed, so inspect says which run each was.</summary>
    [TestMethod]
    public void InspectNumbersTheRunsOfAModelTrainedFurther()
    {
        int trained = VaeModel.Load(_model).History.Epochs.Count;
        string continued = _workspace.PathOf("runs-continued.zip");
        CliRun train = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--init", _model, "-e", "2", "--out", continued);
        Assert.AreEqual(0, train.ExitCode, train.Error);

        string once = CliRun.Of("inspect", _model).Output;
        string twice = CliRun.Of("inspect", continued).Output;

        Assert.DoesNotMatchRegex(new Regex(@"\n +run +epoch"), once, "a model trained once has no runs to tell apart");
        // A screen reader at its default punctuation read an en dash's span as two numbers, "epochs 4 5".
        StringAssert.Contains(twice, $"options of run 2 (epochs {trained + 1} to {trained + 2}), which trained the weights");
        Assert.DoesNotContain("–", twice);
        StringAssert.Matches(twice, new Regex(@"\n +run +epoch +loss"));
        StringAssert.Matches(twice, new Regex($@"\n +1 +{trained} +\d"));
        StringAssert.Matches(twice, new Regex($@"\n +2 +{trained + 1} +\d"));
        StringAssert.Matches(twice, new Regex($@"\n +2 +{trained + 2} +\d"));
    }

    /// <summary>A run that stopped before its first epoch completed, as a fresh run diverging in it does, holds no epoch to name.</summary>
    [TestMethod]
    public void InspectSaysARunThatStoppedWithoutAnEpochStoppedBeforeEpochOneOfThoseItAskedFor()
    {
        string stopped = _workspace.PathOf("stopped-before-epoch-1.zip");
        File.Copy(_model, stopped);
        ZippedManifest.Edit(stopped, manifest =>
        {
            manifest["history"]!["epochs"] = new JsonArray();
            manifest["history"]!["runStartEpochs"] = new JsonArray();
            manifest["history"]!["interrupted"] = true;
            manifest["options"]!["epochs"] = 7;
        });

        StringAssert.Contains(CliRun.Of("inspect", stopped).Output, ", interrupted before epoch 1 of 7)");
    }

    [TestMethod]
    public void EncodeWritesInputLabelMeansAndLogVariancesPerRow()
    {
        CliRun run = CliRun.Of("encode", _model, _workspace.DataPath, "--label-column", "label");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        string[] lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.AreEqual("a,b,c,d,label,mean_0,mean_1,logvar_0,logvar_1", lines[0]);
        Assert.AreEqual(41, lines.Length);
        Assert.IsTrue(lines[1..].All(l => l.Split(',').Length == 9));
        Assert.IsTrue(float.IsFinite(float.Parse(lines[1].Split(',')[5], CultureInfo.InvariantCulture)));
    }

    [TestMethod]
    public void NoFeaturesLeavesOutTheInputFeaturesButKeepsTheIdAndTheLabel()
    {
        string identified = _workspace.PathOf("rows-with-ids.csv");
        File.WriteAllLines(identified, File.ReadAllLines(_workspace.DataPath).Select((line, i) => i == 0 ? $"{line},key" : $"{line},K{i}"));

        CliRun full = CliRun.Of("encode", _model, identified, "--label-column", "label", "--id-column", "key");
        CliRun latent = CliRun.Of("encode", _model, identified, "--label-column", "label", "--id-column", "key", "--no-features");
        CliRun reconstruction = CliRun.Of("reconstruct", _model, _workspace.DataPath, "--label-column", "label", "--no-features");

        Assert.AreEqual(0, latent.ExitCode, latent.Error);
        Assert.AreEqual(0, reconstruction.ExitCode, reconstruction.Error);
        string[] fullLines = full.Output.TrimEnd('\n').Split('\n');
        Assert.AreEqual("key,a,b,c,d,label,mean_0,mean_1,logvar_0,logvar_1", fullLines[0]);
        CollectionAssert.AreEqual(
            fullLines.Select(line => line.Split(',') is [var key, _, _, _, _, .. var rest] ? string.Join(',', [key, .. rest]) : line).ToArray(),
            latent.Output.TrimEnd('\n').Split('\n'));
        StringAssert.StartsWith(reconstruction.Output, "label,recon_a,recon_b,recon_c,recon_d\n");
    }

    /// <summary>Rows are scored and written a chunk at a time: every row, label and value lands where one pass over all of them would put it.</summary>
    [TestMethod]
    public void EncodeAndReconstructOfRowsSpanningSeveralChunksMatchTheLibrary()
    {
        string[] source = File.ReadAllLines(_workspace.DataPath);
        string many = _workspace.PathOf("many.csv");
        // Labels 0 to 6, so that a label taken from a row a whole number of chunks away would differ.
        File.WriteAllLines(many, [source[0], .. Enumerable.Range(0, 2600).Select(row => $"{source[1 + (row % 40)][..^1]}{row % 7}")]);
        string encoded = _workspace.PathOf("many-encoded.csv");
        string reconstructed = _workspace.PathOf("many-reconstructed.csv");

        CliRun encode = CliRun.Of("encode", _model, many, "--label-column", "label", "--out", encoded);
        CliRun reconstruct = CliRun.Of("reconstruct", _model, many, "--label-column", "label", "--out", reconstructed);

        Assert.AreEqual(0, encode.ExitCode, encode.Error);
        Assert.AreEqual(0, reconstruct.ExitCode, reconstruct.Error);
        VaeModel model = VaeModel.Load(_model);
        VaeDataset rows = CsvDatasetReader.Read(many, new CsvDatasetOptions { LabelColumnName = "label" });
        float[] features = rows.ToArray();
        var means = new float[2600 * 2];
        var logVariances = new float[2600 * 2];
        var reconstructions = new float[features.Length];
        model.Encode(features, means, logVariances);
        model.Reconstruct(features, reconstructions);
        string[] encodedLines = File.ReadAllLines(encoded);
        string[] reconstructedLines = File.ReadAllLines(reconstructed);
        Assert.HasCount(2601, encodedLines);
        Assert.HasCount(2601, reconstructedLines);
        Assert.AreEqual("a,b,c,d,label,recon_a,recon_b,recon_c,recon_d", reconstructedLines[0]);
        for (int row = 0; row < 2600; row++)
        {
            float[] expectedEncoded = [.. features.AsSpan(row * 4, 4), rows.Labels![row], .. means.AsSpan(row * 2, 2), .. logVariances.AsSpan(row * 2, 2)];
            float[] expectedReconstructed = [.. features.AsSpan(row * 4, 4), rows.Labels![row], .. reconstructions.AsSpan(row * 4, 4)];
            CollectionAssert.AreEqual(expectedEncoded, Cells(encodedLines[row + 1]), $"encoded row {row}");
            CollectionAssert.AreEqual(expectedReconstructed, Cells(reconstructedLines[row + 1]), $"reconstructed row {row}");
        }

        static float[] Cells(string line) => [.. line.Split(',').Select(cell => float.Parse(cell, CultureInfo.InvariantCulture))];
    }

    [TestMethod]
    [DataRow("utf-16")]
    [DataRow("utf-32BE")]
    [DataRow("utf-32")]
    public void ACsvFileInAnotherUnicodeEncodingWithItsByteOrderMarkEncodesAsItsUtf8Self(string encodingName)
    {
        // UTF-32BE's byte order mark begins with two zero bytes, as an IDX file does.
        var encoding = System.Text.Encoding.GetEncoding(encodingName);
        string converted = _workspace.PathOf($"data.{encodingName}.csv");
        File.WriteAllBytes(converted, [.. encoding.GetPreamble(), .. encoding.GetBytes(File.ReadAllText(_workspace.DataPath))]);

        CliRun utf8 = CliRun.Of("encode", _model, _workspace.DataPath, "--label-column", "label");
        CliRun other = CliRun.Of("encode", _model, converted, "--label-column", "label");

        Assert.AreEqual(0, other.ExitCode, other.Error);
        Assert.AreEqual(utf8.Output, other.Output);
    }

    [TestMethod]
    public void ACsvFileSeparatedBySemicolonsEncodesAsItsCommaSeparatedSelfUnderSeparator()
    {
        string semicolons = _workspace.PathOf("data.semicolons.csv");
        File.WriteAllText(semicolons, File.ReadAllText(_workspace.DataPath).Replace(',', ';'));

        CliRun commas = CliRun.Of("encode", _model, _workspace.DataPath, "--label-column", "label");
        CliRun other = CliRun.Of("encode", _model, semicolons, "--label-column", "label", "--separator", ";");

        Assert.AreEqual(0, other.ExitCode, other.Error);
        Assert.AreEqual(commas.Output, other.Output);
    }

    [TestMethod]
    public void EarlyStoppingAfterInitNamesTheEpochAsTheProgressLinesCountIt()
    {
        int before = VaeModel.Load(_model).History.Epochs.Count;

        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--init", _model, "--epochs", "300", "--validation-fraction", "0.25",
            "--early-stopping", "1", "--learning-rate", "0.05", "--out", _workspace.PathOf("stopped-early.zip"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Match stopped = Regex.Match(run.Output, @"stopped early; kept the weights of this run's epoch (\d+) \(epoch (\d+) of the model's history\)");
        Assert.IsTrue(stopped.Success, run.Output);
        int runEpoch = int.Parse(stopped.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.AreEqual(before, int.Parse(stopped.Groups[2].Value, CultureInfo.InvariantCulture) - runEpoch);
        StringAssert.Contains(run.Output, $"epoch {runEpoch}/300 ", "the kept epoch is numbered as a progress line counts it");
    }

    [TestMethod]
    [DataRow("5", "2", "0", "stopped early; ", "")]
    [DataRow("2", "5", "0", "", "")]
    [DataRow("5", "2", "5", "stopped early; ", " after the KL warm-up")]
    public void EarlyStoppingAfterInitThatImprovesNothingKeepsTheStartingWeightsAndSaysSo(string epochs, string patience, string warmup, string stopped, string afterWarmup)
    {
        int before = VaeModel.Load(_model).History.Epochs.Count;
        string output = _workspace.PathOf($"kept-start-{epochs}-{warmup}.zip");

        // A learning rate far too high for the trained weights leaves them worse held out after every epoch.
        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--init", _model, "--epochs", epochs, "--validation-fraction", "0.25",
            "--early-stopping", patience, "--learning-rate", "1", "--kl-warmup", warmup, "--threads", "2", "--out", output);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        VaeModel started = VaeModel.Load(_model);
        VaeModel kept = VaeModel.Load(output);
        double wonBy = kept.History.BestValidationLoss!.Value;
        StringAssert.Contains(
            run.Output,
            $"\n{stopped}kept the weights it started from (epoch {before} of the model's history), as no epoch of this run{afterWarmup} had a lower validation loss "
            + $"than their {NumberText.Of(wonBy, 3)} on this run's validation rows\n");
        Assert.DoesNotContain("KL warm-up outlasts", run.Output);
        StringAssert.Contains(CliRun.Of("inspect", output).Output, $", best epoch {before}, kept by validation loss {NumberText.Of(wonBy, 4)})", "the history's title, on one line");
        float[] row = Enumerable.Repeat(0.5f, started.InputDimension).ToArray();
        CollectionAssert.AreEqual(Reconstruction(started, row), Reconstruction(kept, row));
        Assert.AreEqual(before, kept.History.BestEpoch);
        Assert.AreEqual((started.Options.LearningRate, started.Options.NumberOfThreads), (kept.Options.LearningRate, kept.Options.NumberOfThreads), "the options that trained the weights");
    }

    private static float[] Reconstruction(VaeModel model, float[] row)
    {
        var reconstruction = new float[row.Length];
        model.Reconstruct(row, reconstruction);
        return reconstruction;
    }

    [TestMethod]
    public void ACancelledPicturesRunStopsWithoutWritingAnything()
    {
        string pictures = _workspace.PathOf("cancelled-pictures");
        var output = new StringWriter();
        var error = new StringWriter();

        int exitCode = VaeCli.Run(
            ["pictures", _model, _workspace.DataPath, "--label-column", "label", "--image-shape", "2x2", "--out", pictures],
            output,
            error,
            cancellationToken: new CancellationToken(canceled: true));

        Assert.AreEqual(130, exitCode, error.ToString());
        StringAssert.Contains(error.ToString(), "cancelled; no output file was written.");
        Assert.IsFalse(Directory.Exists(pictures));
    }

    [TestMethod]
    public void AnAtSignStartsAFileNameNotAResponseFile()
    {
        string missing = "@rows-" + Guid.NewGuid().ToString("N") + ".csv";

        CliRun run = CliRun.Of("encode", _model, missing);

        Assert.AreEqual(1, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, $"{missing}: no such file.");
    }

    [TestMethod]
    public void LabelsBeyondFloatPrecisionAreWrittenExactly()
    {
        string bigLabels = _workspace.PathOf("big-labels.csv");
        File.WriteAllText(bigLabels, "a,b,c,d,label\n0.1,0.2,0.3,0.4,16777217\n0.5,0.6,0.7,0.8,2147483647\n");

        CliRun run = CliRun.Of("encode", _model, bigLabels, "--label-column", "label");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        string[] lines = run.Output.TrimEnd('\n').Split('\n');
        CollectionAssert.AreEqual(new[] { "16777217", "2147483647" }, lines[1..].Select(line => line.Split(',')[4]).ToArray());
    }

    [TestMethod]
    public void AnInterpolationEndBeyondTheRowsReadNamesThemAsRead()
    {
        CliRun oneRow = CliRun.Of("interpolate", _model, _workspace.DataPath, "--label-column", "label", "--max-rows", "1", "--from", "0", "--to", "1");
        CliRun all = CliRun.Of("interpolate", _model, _workspace.DataPath, "--label-column", "label", "--from", "40", "--to", "1");

        Assert.AreEqual(1, oneRow.ExitCode);
        Assert.AreEqual($"vae: --to 1 is not a row of {_workspace.DataPath} (the first 1, --max-rows), which has only row 0.", oneRow.Error.TrimEnd());
        Assert.AreEqual($"vae: --from 40 is not a row of {_workspace.DataPath}, which has rows 0 to 39.", all.Error.TrimEnd());
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void DataFromAFifoIsReadOnceAndWhole()
    {
        // A FIFO gives its content once: data opened a second time after a look at its first bytes would lose them,
        // or wait forever for a writer that has gone.
        string fifo = _workspace.MakeFifo("rows.fifo");

        string csv = File.ReadAllText(_workspace.DataPath);
        Task writer = Task.Run(() => File.WriteAllText(fifo, csv));
        Task<CliRun> fromFifo = Task.Run(() => CliRun.Of("encode", _model, fifo, "--label-column", "label"));
        CliRun fromFile = CliRun.Of("encode", _model, _workspace.DataPath, "--label-column", "label");

        Assert.IsTrue(fromFifo.Wait(TimeSpan.FromSeconds(60)), "encode of a FIFO did not finish");
        Assert.IsTrue(writer.Wait(TimeSpan.FromSeconds(10)), "the FIFO's writer did not finish");
        Assert.AreEqual(0, fromFifo.Result.ExitCode, fromFifo.Result.Error);
        Assert.AreEqual(fromFile.Output, fromFifo.Result.Output);
    }

    [TestMethod]
    public void TrainingWarnsThatAHeaderWithARepeatedNameLeavesTheModelWithoutNames()
    {
        string repeated = _workspace.PathOf("repeated-names.csv");
        string[] lines = File.ReadAllLines(_workspace.DataPath);
        File.WriteAllLines(repeated, ["a,a,c,d,label", .. lines[1..]]);
        string model = _workspace.PathOf("unnamed.zip");

        CliRun run = CliRun.Of("train", repeated, "--label-column", "label", "--epochs", "1", "--threads", "1", "--out", model);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, $"vae: warning: the header line of {repeated} cannot name the features (Features 0 and 1 are both named \"a\"; feature names must differ), so the model keeps no feature names");
        Assert.IsNull(VaeModel.Load(model).FeatureNames);
    }

    [TestMethod]
    public void SkipLinesPassesOverATitleAndTrainingOnARowIndexIsRefusedInCommandLineTerms()
    {
        string titled = _workspace.PathOf("titled.csv");
        File.WriteAllLines(titled, File.ReadAllLines(_workspace.DataPath).Prepend("|1x3 Cross validator"));
        string indexed = _workspace.PathOf("indexed.csv");
        File.WriteAllLines(indexed, File.ReadAllLines(_workspace.DataPath).Select((line, i) => i == 0 ? $",{line}" : $"{i - 1},{line}"));

        CliRun skipped = CliRun.Of("encode", _model, titled, "--skip-lines", "1", "--label-column", "label");
        CliRun unskipped = CliRun.Of("encode", _model, titled, "--label-column", "label");
        string noted = _workspace.PathOf("noted.csv");
        File.WriteAllLines(noted, File.ReadAllLines(_workspace.DataPath).Prepend("Iris data, from UCI"));
        CliRun notedRun = CliRun.Of("encode", _model, noted, "--label-column", "label");
        CliRun index = CliRun.Of("train", indexed, "--label-column", "label", "--epochs", "1", "--out", _workspace.PathOf("indexed.zip"));
        CliRun byModelColumns = CliRun.Of("encode", _model, indexed, "--label-column", "label");
        CliRun negative = CliRun.Of("encode", _model, titled, "--skip-lines", "-1");
        string trailing = _workspace.PathOf("trailing.csv");
        File.WriteAllText(trailing, "a,b,\n0.1,0.2,\n0.3,0.4,\n");
        CliRun trailingRun = CliRun.Of("train", trailing, "--epochs", "1", "--out", _workspace.PathOf("trailing.zip"));

        Assert.AreEqual(0, skipped.ExitCode, skipped.Error);
        Assert.AreEqual(1 + 40, skipped.Output.TrimEnd('\n').Split('\n').Length);
        Assert.AreEqual(1, unskipped.ExitCode);
        StringAssert.Contains(unskipped.Error, "If line 1 is a title or a note rather than the header, pass over the lines up to it with --skip-lines 1.");
        Assert.AreEqual(1, notedRun.ExitCode);
        StringAssert.Contains(notedRun.Error, "the 2 columns are \"Iris data\", \"from UCI\". Names are case-sensitive. If line 1 is a title or a note rather than the header, pass over the lines up to it with --skip-lines 1.");
        Assert.AreEqual(0, byModelColumns.ExitCode, "the model's columns are read by name, leaving the index out");
        Assert.AreEqual(1, index.ExitCode);
        StringAssert.Contains(index.Error, "holds a different whole number in every row, as the row index pandas writes (DataFrame.to_csv without index=False) does; it is no feature. Leave it out of the features with --exclude-columns '\"\"', choose the other columns with --feature-columns, or write the file without the index.");
        StringAssert.Contains(trailingRun.Error, "the file has no column there: choose the other columns with --feature-columns, or remove the trailing separator; otherwise impute or drop missing values first.");
        Assert.AreEqual(2, negative.ExitCode);
        StringAssert.Contains(negative.Error, "--skip-lines -1 must be at least 0.");
    }

    [TestMethod]
    public void AColumnTheHeaderLeavesUnnamedIsLeftOutByAQuotedEmptyName()
    {
        string indexed = _workspace.PathOf("indexed.csv");
        File.WriteAllLines(indexed, File.ReadAllLines(_workspace.DataPath).Select((line, i) => i == 0 ? $",{line}" : $"{i - 1},{line}"));
        string twice = _workspace.PathOf("twice.csv");
        File.WriteAllLines(twice, File.ReadAllLines(indexed).Select(line => $"{line},{line.Split(',')[0]}"));

        CliRun train = CliRun.Of("train", indexed, "--label-column", "label", "--exclude-columns", "\"\"", "--epochs", "1", "--out", _workspace.PathOf("indexed.zip"));
        CliRun none = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--exclude-columns", "\"\"", "--epochs", "1", "--out", _workspace.PathOf("none.zip"));
        CliRun ambiguous = CliRun.Of("train", twice, "--label-column", "label", "--exclude-columns", "\"\"", "--epochs", "1", "--out", _workspace.PathOf("twice.zip"));
        CliRun asFeature = CliRun.Of("train", indexed, "--feature-columns", "\"\"", "--epochs", "1", "--out", _workspace.PathOf("feature.zip"));

        Assert.AreEqual(0, train.ExitCode, train.Error);
        Assert.AreEqual(1, none.ExitCode);
        StringAssert.Contains(none.Error, "line 1 (header): there is no column named \"\" to exclude; the 5 columns are \"a\", \"b\", \"c\", \"d\", \"label\".");
        Assert.AreEqual(1, ambiguous.ExitCode);
        StringAssert.Contains(ambiguous.Error, "the excluded column name \"\" is ambiguous: columns 1 and 7 both have it. Rename one.");
        Assert.AreEqual(2, asFeature.ExitCode, "only a column left out is named so");
    }

    [TestMethod]
    public void NumbersOfASemicolonFileThatLookGroupedIntoThousandsAreWarnedAboutWhereverTheFileIsRead()
    {
        string path = _workspace.PathOf("gemeinden.csv");
        File.WriteAllLines(path, ["Gemeinde;Einwohner;Fläche_ha", .. Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? $"G{i};221.560;6.361" : $"G{i};987;7")]);
        string model = _workspace.PathOf("gemeinden.zip");
        string[] reading = ["--separator", ";", "--exclude-columns", "Gemeinde"];

        CliRun train = CliRun.Of(["train", path, .. reading, "--likelihood", "Gaussian", "--scaling", "Standardize", "-e", "1", "--hidden", "4", "-k", "1", "--out", model]);
        CliRun encode = CliRun.Of(["encode", model, path, .. reading]);

        string warning = $"vae: warning: {path}, column 2 (\"Einwohner\"): \"221.560\" is read as 221.56, but the column's numbers look like digits grouped into thousands by '.',";
        Assert.AreEqual(0, train.ExitCode, train.Error);
        StringAssert.StartsWith(train.Error, warning);
        StringAssert.EndsWith(train.Error.TrimEnd(), "remove the grouping (write 221560).");
        Assert.AreEqual(0, encode.ExitCode, encode.Error);
        StringAssert.StartsWith(encode.Error, warning);
    }

    [TestMethod]
    public void AHeaderOfNumbersIsWarnedAboutAndNoHeaderKeepsTheFirstRow()
    {
        string headerless = _workspace.PathOf("headerless.csv");
        File.WriteAllLines(headerless, File.ReadAllLines(_workspace.DataPath).Skip(1).Select(line => line[..line.LastIndexOf(',')]));

        CliRun withHeader = CliRun.Of("train", headerless, "--epochs", "1", "--threads", "1", "--out", _workspace.PathOf("numbered.zip"));
        CliRun scoredWithHeader = CliRun.Of("encode", _model, headerless);
        CliRun withoutHeader = CliRun.Of("encode", _model, headerless, "--no-header");

        Assert.AreEqual(0, withHeader.ExitCode, withHeader.Error);
        Assert.AreEqual(
            $"vae: warning: the header line of {headerless} holds only numbers, which were taken as column names; if the file has no header line, pass --no-header, or its first row is left out.",
            withHeader.Error.TrimEnd());
        StringAssert.Contains(withHeader.Output, "39 rows × 4 features");
        Assert.AreEqual(1, scoredWithHeader.ExitCode, "the model's columns a, b, c, d are not among the numbers");
        StringAssert.Contains(scoredWithHeader.Error, "The header line holds only numbers: if the file has no header line, pass --no-header and choose columns by 0-based index.");
        Assert.AreEqual(0, withoutHeader.ExitCode, withoutHeader.Error);
        Assert.AreEqual(string.Empty, withoutHeader.Error);
        Assert.AreEqual(1 + 40, withoutHeader.Output.TrimEnd('\n').Split('\n').Length);
    }

    [TestMethod]
    public void InterpolateReadsTheFileNoFurtherThanItsLaterRow()
    {
        string path = _workspace.PathOf("interpolate-bad-tail.csv");
        File.WriteAllText(path, string.Join('\n', File.ReadAllLines(_workspace.DataPath).Take(6)) + "\nthis,line,is,not,numbers\n");

        CliRun run = CliRun.Of("interpolate", _model, path, "--label-column", "label", "--from", "4", "--to", "1", "--steps", "3");
        CliRun beyond = CliRun.Of("interpolate", _model, path, "--label-column", "label", "--from", "0", "--to", "5", "--steps", "3");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual(4, run.Output.TrimEnd('\n').Split('\n').Length, "a header and three steps");
        Assert.AreEqual(1, beyond.ExitCode);
        StringAssert.Contains(beyond.Error, "line 7");
    }

    [TestMethod]
    public void MaxRowsReadsACsvFileNoFurther()
    {
        string path = _workspace.PathOf("bad-tail.csv");
        File.WriteAllText(path, string.Join('\n', File.ReadAllLines(_workspace.DataPath).Take(6)) + "\nthis,line,is,not,numbers\n");

        CliRun run = CliRun.Of("encode", _model, path, "--label-column", "label", "--max-rows", "5");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual(1 + 5, run.Output.TrimEnd('\n').Split('\n').Length);
    }

    [TestMethod]
    public void ReconstructWritesTheOutFileAndReportsItOnStandardOutput()
    {
        string path = _workspace.PathOf("recon.csv");
        CliRun run = CliRun.Of("reconstruct", _model, _workspace.DataPath, "--label-column", "label", "--out", path);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual($"wrote {path} (40 rows)\n", run.Output);
        string[] lines = File.ReadAllLines(path);
        Assert.AreEqual("a,b,c,d,label,recon_a,recon_b,recon_c,recon_d", lines[0]);
        float recon = float.Parse(lines[1].Split(',')[5], CultureInfo.InvariantCulture);
        Assert.IsTrue(recon is > 0 and < 1, "Bernoulli reconstructions are probabilities.");
        Assert.AreEqual(0, Directory.GetFiles(_workspace.Directory, "*.tmp").Length);
    }

    [TestMethod]
    public void GenerateIsReproducibleForASeedAndDrawsAPng()
    {
        CliRun first = CliRun.Of("generate", _model, "--count", "5", "--seed", "3");
        CliRun second = CliRun.Of("generate", _model, "--count", "5", "--seed", "3");
        CliRun other = CliRun.Of("generate", _model, "--count", "5", "--seed", "4");
        string png = _workspace.PathOf("samples.png");
        CliRun picture = CliRun.Of("generate", _model, "-n", "4", "--image-shape", "2x2", "--columns", "2", "--out", png);

        Assert.AreEqual(0, first.ExitCode, first.Error);
        Assert.AreEqual(6, first.Output.TrimEnd('\n').Split('\n').Length);
        Assert.AreEqual(first.Output, second.Output);
        Assert.AreNotEqual(first.Output, other.Output);
        Assert.AreEqual(0, picture.ExitCode, picture.Error);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
    }

    [TestMethod]
    public void InterpolationStripOfAGaussianModelIsOnTheGrayScaleOfItsTwoRows()
    {
        string model = _workspace.PathOf("gaussian-strip.zip");
        string png = _workspace.PathOf("gaussian-strip.png");
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--likelihood", "Gaussian", "--epochs", "3", "--out", model).ExitCode);
        string[] interpolate = ["interpolate", model, _workspace.DataPath, "--label-column", "label", "--from", "0", "--to", "1", "--steps", "4"];
        CliRun decoded = CliRun.Of(interpolate);
        CliRun strip = CliRun.Of([.. interpolate, "--image-shape", "2x2", "--out", png]);

        Assert.AreEqual(0, strip.ExitCode, strip.Error);
        float[] rows = File.ReadLines(_workspace.DataPath).Skip(1).Take(2).SelectMany(line => line.Split(',')[..4]).Select(Parse).ToArray();
        float black = rows.Min();
        float white = rows.Max();
        int[] expected = decoded.Output.TrimEnd('\n').Split('\n').Skip(1).SelectMany(line => line.Split(',')[2..])
            .Select(value => (int)MathF.Round(Math.Clamp((Parse(value) - black) * (1f / (white - black)), 0f, 1f) * 255f))
            .Distinct().Order().ToArray();
        PngTestDecoder.Decoded picture = PngTestDecoder.Decode(File.ReadAllBytes(png));
        int[] grays = picture.Pixels.Chunk(3).Where(pixel => pixel[0] == pixel[1] && pixel[1] == pixel[2]).Select(pixel => (int)pixel[0]).Distinct().Order().ToArray();
        CollectionAssert.AreEqual(expected, grays, "the decoded means drawn on the two rows' range, not stretched to black and white");

        static float Parse(string value) => float.Parse(value, CultureInfo.InvariantCulture);
    }

    [TestMethod]
    public void GeneratedRowsOfANamedModelReadBackAsItsData()
    {
        string data = _workspace.PathOf("quoted-names.csv");
        File.WriteAllLines(data, ["\"a,b\",\"say \"\"hi\"\"\",c", .. Enumerable.Range(0, 24).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 2},{i % 3 / 2.0},{i % 4 / 3.0}"))]);
        string model = _workspace.PathOf("quoted-names.zip");
        string generated = _workspace.PathOf("quoted-names-generated.csv");
        Assert.AreEqual(0, CliRun.Of("train", data, "-e", "1", "--hidden", "4", "-k", "2", "--out", model).ExitCode);

        CliRun generate = CliRun.Of("generate", model, "-n", "3", "--out", generated);
        CliRun evaluate = CliRun.Of("evaluate", model, generated);

        Assert.AreEqual(0, generate.ExitCode, generate.Error);
        Assert.AreEqual("\"a,b\",\"say \"\"hi\"\"\",c", File.ReadLines(generated).First());
        Assert.AreEqual(0, evaluate.ExitCode, evaluate.Error);
        StringAssert.Contains(evaluate.Output, "rows: 3");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void GenerateWritesTheLibrarysRowsPastItsFirstBlockOfRows(bool sampleObservations)
    {
        float[] expected = VaeModel.Load(_model).Generate(2500, seed: 9, sampleObservations: sampleObservations);

        CliRun run = CliRun.Of(["generate", _model, "--count", "2500", "--seed", "9", .. sampleObservations ? new[] { "--sample-observations" } : []]);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        float[] written = CsvValues(run);
        CollectionAssert.AreEqual(expected, written);
    }

    [TestMethod]
    public void DecodingTheLatentMeansEncodeWritesGivesTheRowsReconstructWrites()
    {
        // One model of numbers, and one of a categorical column, whose decoded rows name its category.
        string pets = _workspace.PathOf("decoded-pets.csv");
        File.WriteAllLines(pets, ["kind,weight", .. Enumerable.Range(0, 30).Select(i => $"{(i % 3 == 0 ? "cat" : "\"hamster, dwarf\"")},{(i % 7) + 2}")]);
        string petsModel = _workspace.PathOf("decoded-pets.zip");
        Assert.AreEqual(0, CliRun.Of("train", pets, "--categorical-columns", "kind", "--likelihood", "Gaussian", "-k", "2", "--hidden", "4", "-e", "2", "--out", petsModel).ExitCode);

        foreach ((string model, string[] data, string header) in new[]
        {
            (_model, new[] { _workspace.DataPath, "--label-column", "label" }, "a,b,c,d"),
            (petsModel, [pets], "kind,weight"),
        })
        {
            string encoded = _workspace.PathOf($"{Path.GetFileNameWithoutExtension(model)}-encoded.csv");
            Assert.AreEqual(0, CliRun.Of(["encode", model, .. data, "--out", encoded]).ExitCode);
            CliRun reconstruct = CliRun.Of(["reconstruct", model, .. data]);

            // Beside the means, the encoded file holds the input row, its label, if any, and the log-variances, all left out.
            CliRun decode = CliRun.Of("decode", model, encoded);

            Assert.AreEqual(0, decode.ExitCode, decode.Error);
            int columns = header.Split(',').Length;
            string[] reconstructions = [.. reconstruct.Output.TrimEnd('\n').Split('\n').Skip(1).Select(line => string.Join(',', SplitCells(line)[^columns..]))];
            CollectionAssert.AreEqual(new[] { header }.Concat(reconstructions).ToArray(), decode.Output.TrimEnd('\n').Split('\n'), model);
        }

        // The means alone, K numbers a row, decode to the same rows, with a header of any names or with none.
        string[] means = [.. File.ReadLines(_workspace.PathOf("model-encoded.csv")).Skip(1).Select(line => string.Join(',', line.Split(',')[5..7]))];
        string named = _workspace.PathOf("means-named.csv");
        string bare = _workspace.PathOf("means-bare.csv");
        File.WriteAllLines(named, ["z first,z second", .. means]);
        File.WriteAllLines(bare, means);
        string fromEncoded = CliRun.Of("decode", _model, _workspace.PathOf("model-encoded.csv")).Output;
        Assert.AreEqual(fromEncoded, CliRun.Of("decode", _model, named).Output);
        Assert.AreEqual(fromEncoded, CliRun.Of("decode", _model, bare, "--no-header").Output);

        static string[] SplitCells(string line) => [.. Regex.Matches(line, "(\"(?:[^\"]|\"\")*\"|[^,]*)(?:,|$)").Select(match => match.Groups[1].Value).SkipLast(1)];
    }

    /// <summary>
    /// A model trained on another's encoded means has features named as its own latent columns, so encode numbers its
    /// header and writes the means mean_0_…; decode read only mean_0…, and refused the file as one of 7 columns, or of the
    /// means of 1 dimension where only mean_1 was a feature's name. A header with names keeps the means' own names, beside
    /// which a feature named mean_0_ is no mean.
    /// </summary>
    [TestMethod]
    [DataRow("mean_0,mean_1,logvar_0", "mean_0_,mean_1_")]
    [DataRow("a,mean_1,b", "mean_0,mean_1_")]
    [DataRow("mean_0_,b,c", "mean_0_,b,c,mean_0,mean_1,", DisplayName = "named, beside a feature named as a numbered mean")]
    public void DecodeReadsTheMeansEncodeWritesForAModelWithFeaturesNamedAsLatentColumns(string header, string encodedMeans)
    {
        string name = header.Replace(',', '-');
        string data = _workspace.PathOf($"{name}.csv");
        File.WriteAllLines(data, [header, .. Enumerable.Range(0, 30).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 5},{i % 7 * 0.5},{i % 3}"))]);
        string model = _workspace.PathOf($"{name}.zip");
        CliRun train = CliRun.Of("train", data, "--likelihood", "Gaussian", "-k", "2", "--hidden", "4", "-e", "2", "--out", model);
        Assert.AreEqual(0, train.ExitCode, train.Error);
        string[] reconstructions = [.. CliRun.Of("reconstruct", model, data, "--no-features").Output.TrimEnd('\n').Split('\n').Skip(1)];

        foreach (string[] features in new[] { Array.Empty<string>(), ["--no-features"] })
        {
            string encoded = _workspace.PathOf($"{name}-encoded{features.Length}.csv");
            Assert.AreEqual(0, CliRun.Of(["encode", model, data, "--out", encoded, .. features]).ExitCode);
            CliRun decode = CliRun.Of("decode", model, encoded);

            Assert.AreEqual(0, decode.ExitCode, decode.Error);
            CollectionAssert.AreEqual(new[] { header }.Concat(reconstructions).ToArray(), decode.Output.TrimEnd('\n').Split('\n'));
        }

        StringAssert.Contains(File.ReadLines(_workspace.PathOf($"{name}-encoded0.csv")).First(), encodedMeans, "the header encode numbers");
    }

    [TestMethod]
    public void DecodeWritesWhatGenerateWritesForTheSameLatentPoints()
    {
        // At temperature 0 generate decodes z = 0 for every row, and draws observations from the stream its --seed starts, as decode does.
        string zeros = _workspace.PathOf("zeros.csv");
        File.WriteAllLines(zeros, Enumerable.Repeat("0,0", 2500));
        foreach ((string model, string[] options) in new[]
        {
            (_model, Array.Empty<string>()),
            (_model, ["--sample-observations", "--seed", "5"]),
            (HouseholdsModel.Value, ["--sample-observations", "--clip-and-round"]),
        })
        {
            CliRun generate = CliRun.Of(["generate", model, "-n", "2500", "-t", "0", .. options]);

            CliRun decode = CliRun.Of(["decode", model, zeros, "--no-header", .. options]);

            Assert.AreEqual(0, decode.ExitCode, decode.Error);
            Assert.AreEqual(generate.Output, decode.Output, string.Join(' ', options));
        }

        string[] pictures = [_workspace.PathOf("generated-zeros.png"), _workspace.PathOf("decoded-zeros.png")];
        string[] picture = ["--sample-observations", "--image-shape", "2x2", "--columns", "3", "--out"];
        Assert.AreEqual(0, CliRun.Of(["generate", _model, "-n", "2500", "-t", "0", .. picture, pictures[0]]).ExitCode);
        CliRun drawn = CliRun.Of(["decode", _model, zeros, "--no-header", .. picture, pictures[1]]);
        Assert.AreEqual(0, drawn.ExitCode, drawn.Error);
        Assert.AreEqual($"wrote {pictures[1]} (16×4171)\n", drawn.Output);
        CollectionAssert.AreEqual(File.ReadAllBytes(pictures[0]), File.ReadAllBytes(pictures[1]));
    }

    [TestMethod]
    public void DecodeDrawsTheRowsTheLibrarysSampleObservationsDrawsForTheSameLatentPointsAndSeed()
    {
        // More rows than a chunk of 1024, so that the command's draws go on from chunk to chunk as one call's do.
        const int rows = 2500;
        var random = new Random(11);
        float[] latent = [.. Enumerable.Range(0, rows * 2).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        string latents = _workspace.PathOf("drawn-latents.csv");
        File.WriteAllLines(latents, Enumerable.Range(0, rows).Select(row => string.Join(',', latent[(2 * row)..((2 * row) + 2)].Select(value => value.ToString("R", CultureInfo.InvariantCulture)))));
        string learned = _workspace.PathOf("households-learned.zip");
        string households = HouseholdsModel.Value;
        Assert.AreEqual(0, CliRun.Of("train", _workspace.PathOf("households.csv"), "--likelihood", "GaussianLearnedVariance", "-k", "2", "--hidden", "8", "-e", "2", "--out", learned).ExitCode);

        foreach (string model in new[] { _model, households, learned })
        {
            VaeModel loaded = VaeModel.Load(model);
            float[] expected = new float[rows * loaded.InputDimension];
            loaded.SampleObservations(latent, expected, seed: 7);

            CliRun decode = CliRun.Of("decode", model, latents, "--no-header", "--sample-observations", "--seed", "7");

            Assert.AreEqual(0, decode.ExitCode, decode.Error);
            CollectionAssert.AreEqual(expected, CsvValues(decode), model);
        }
    }

    [TestMethod]
    public void GenerateClipsAndRoundsToTheTrainingDatasRangesAsTheLibraryDoes()
    {
        string model = HouseholdsModel.Value;
        VaeModel loaded = VaeModel.Load(model);
        float[] expected = loaded.Generate(300, seed: 4, sampleObservations: true);
        float[] unclipped = expected.ToArray();
        loaded.FeatureRanges!.Apply(expected);

        CliRun run = CliRun.Of("generate", model, "--count", "300", "--seed", "4", "--sample-observations", "--clip-and-round");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        float[] written = CsvValues(run);
        CollectionAssert.AreEqual(expected, written);
        float[] children = [.. written.Where((_, i) => i % 2 == 0)];
        Assert.IsTrue(children.All(value => value is 0 or 1 or 2 or 3 or 4), string.Join(",", children.Distinct()));
        Assert.IsTrue(written.Where((_, i) => i % 2 == 1).All(value => value >= loaded.FeatureRanges.Minimum[1] && value <= loaded.FeatureRanges.Maximum[1]));
        Assert.IsTrue(unclipped.Where((_, i) => i % 2 == 0).Any(value => !float.IsInteger(value) || value is < 0 or > 4), "the draws need clipping and rounding");
        string[] pictures = [_workspace.PathOf("households.png"), _workspace.PathOf("households-clipped.png")];
        Assert.AreEqual(0, CliRun.Of("generate", model, "-n", "300", "--seed", "4", "--sample-observations", "--image-shape", "2x1", "--out", pictures[0]).ExitCode);
        Assert.AreEqual(0, CliRun.Of("generate", model, "-n", "300", "--seed", "4", "--sample-observations", "--image-shape", "2x1", "--clip-and-round", "--out", pictures[1]).ExitCode);
        CollectionAssert.AreNotEqual(File.ReadAllBytes(pictures[0]), File.ReadAllBytes(pictures[1]), "a picture shows the clipped rows too");
    }

    [TestMethod]
    public void LineBreaksInQuotedCellsAreReadFromTheTrainingFileAndFromTheRowsGeneratedFromIt()
    {
        // As a spreadsheet exports a free-text column, with "\r\n" inside cells and "\n" ending rows.
        string data = _workspace.PathOf("coats.csv");
        string[] coats = ["\"long\r\nhair\"", "\"short\nhair\"", "bald"];
        File.WriteAllText(data, "coat,\"weight\nkg\"\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{coats[i % 3]},{2 + (i % 7)}\n")));
        string model = _workspace.PathOf("coats.zip");
        string generated = _workspace.PathOf("coats-generated.csv");

        CliRun training = CliRun.Of("train", data, "--categorical-columns", "coat", "--likelihood", "Gaussian", "--latent-dim", "2", "--hidden", "8", "--epochs", "2", "--out", model);
        CliRun generate = CliRun.Of("generate", model, "-n", "20", "--seed", "6", "--sample-observations", "--out", generated);
        CliRun readBack = CliRun.Of("evaluate", model, generated);

        Assert.AreEqual(0, training.ExitCode, training.Error);
        CollectionAssert.AreEqual(new[] { "bald", "long\r\nhair", "short\nhair" }, VaeModel.Load(model).CategoricalFeatures!.Single().Categories.ToArray());
        Assert.AreEqual(0, generate.ExitCode, generate.Error);
        StringAssert.StartsWith(File.ReadAllText(generated), "coat,\"weight\nkg\"\n", "a name holding a line break is read back, so it is written");
        Assert.AreEqual(0, readBack.ExitCode, readBack.Error);
        StringAssert.Contains(readBack.Output, "rows: 20");
    }

    [TestMethod]
    public void ACategoricalColumnIsTrainedOnAsCategoriesAndGeneratedAsTheLibraryDrawsThem()
    {
        string data = _workspace.PathOf("pets.csv");
        var random = new Random(8);
        string[] kinds = ["cat", "dog", "\"hamster, dwarf\""];
        File.WriteAllLines(data, ["kind,weight,colour", .. Enumerable.Range(0, 60).Select(i => $"{kinds[i % 3]}, {(2 + (random.NextDouble() * 30)).ToString("0.#", CultureInfo.InvariantCulture)}, {(i % 4 == 0 ? "white" : "black")}")]);
        string model = _workspace.PathOf("pets.zip");
        string generated = _workspace.PathOf("pets-generated.csv");
        string unseen = _workspace.PathOf("pets-unseen.csv");
        File.WriteAllLines(unseen, ["kind,weight,colour", "cat,3,black", "parrot,1,white"]);

        CliRun training = CliRun.Of("train", data, "--categorical-columns", "kind,colour", "--likelihood", "Gaussian", "--latent-dim", "2", "--hidden", "8", "--epochs", "2", "--out", model);
        CliRun generate = CliRun.Of("generate", model, "-n", "40", "--seed", "6", "--sample-observations", "--out", generated);
        CliRun readBack = CliRun.Of("evaluate", model, generated);
        CliRun refused = CliRun.Of("encode", model, unseen);
        CliRun fewer = CliRun.Of("encode", model, data, "--categorical-columns", "kind");
        CliRun labelled = CliRun.Of("encode", model, data, "--label-column", "kind");
        CliRun unknownAsNone = CliRun.Of("encode", model, unseen, "--unknown-categories-as-none");
        CliRun trainingWithUnknown = CliRun.Of("train", data, "--categorical-columns", "kind,colour", "--unknown-categories-as-none", "--out", _workspace.PathOf("never.zip"));

        Assert.AreEqual(0, training.ExitCode, training.Error);
        Assert.AreEqual(0, generate.ExitCode, generate.Error);
        VaeModel loaded = VaeModel.Load(model);
        float[] rows = loaded.Generate(40, seed: 6, sampleObservations: true);
        string[] expected =
        [
            "kind,weight,colour",
            .. Enumerable.Range(0, 40).Select(row => rows.AsSpan(row * loaded.InputDimension, loaded.InputDimension).ToArray()).Select(row =>
                $"{CsvFormat.Quoted(loaded.CategoricalFeatures![0].CategoryOf(row))},{row[3].ToString("R", CultureInfo.InvariantCulture)},{loaded.CategoricalFeatures[1].CategoryOf(row)}"),
        ];
        CollectionAssert.AreEqual(expected, File.ReadAllLines(generated));
        CollectionAssert.AreEqual(new[] { "kind=cat", "kind=dog", "kind=hamster, dwarf", "weight", "colour=black", "colour=white" }, loaded.FeatureNames!.ToArray());
        Assert.AreEqual(0, readBack.ExitCode, readBack.Error);
        StringAssert.Contains(readBack.Output, "rows: 40");
        IReadOnlyList<VaeCategoryAccuracy> kept = loaded.MeasureCategoryAccuracy(CsvDatasetReader.Read(generated, new CsvDatasetOptions { Categories = loaded.CategoricalFeatures }));
        string[] keptTable =
        [
            "categorical column       rows  kept at z = μ  most common",
            .. kept.Select(column => $"{column.Column.ColumnName,-18} {40,10} {column.Accuracy!.Value.ToString("F4", CultureInfo.InvariantCulture),14} {column.MostCommonCategoryShare!.Value.ToString("F4", CultureInfo.InvariantCulture),12}"),
        ];
        CollectionAssert.AreEqual(keptTable, readBack.Output.Split('\n').SkipWhile(line => !line.StartsWith("categorical column", StringComparison.Ordinal)).Take(3).ToArray());
        Assert.AreEqual("colour", kept[1].Column.ColumnName);
        string inspected = CliRun.Of("inspect", model).Output;
        StringAssert.Contains(inspected, "categories         \"kind\" (features 0 to 2, 3 categories), \"colour\"");
        StringAssert.Contains(inspected, "; a softmax each");
        Assert.AreEqual(1, refused.ExitCode);
        Assert.AreEqual($"vae: --categorical-columns lists 1 column, but {model} was trained on 2 categorical columns; leave out --categorical-columns to read the model's, or list the same columns.", fewer.Error.TrimEnd());
        StringAssert.StartsWith(labelled.Error, $"vae: --label-column kind names a column {model} takes as a feature, so it cannot also be the label");
        StringAssert.Contains(refused.Error, "line 3, column 1 (\"kind\"): the category \"parrot\" is not among those the model was trained on: \"cat\", \"dog\", \"hamster, dwarf\"");
        StringAssert.Contains(refused.Error, "or read it as none of them (--unknown-categories-as-none).");
        Assert.AreEqual(0, unknownAsNone.ExitCode, unknownAsNone.Error);
        string[] encoded = unknownAsNone.Output.TrimEnd().Split('\n');
        Assert.AreEqual("kind,weight,colour,mean_0,mean_1,logvar_0,logvar_1", encoded[0]);
        StringAssert.StartsWith(encoded[1], "cat,3,black,", "the cat, as known");
        StringAssert.StartsWith(encoded[2], ",1,white,", "the parrot is none of the kinds");
        Assert.AreEqual(2, trainingWithUnknown.ExitCode, "refused from the command line alone, as other options with no effect are");
        StringAssert.StartsWith(
            trainingWithUnknown.Error,
            "vae: --unknown-categories-as-none reads categories a model's categorical columns lack, but no model reads this data (training learns every category the file holds); leave it out.");
    }

    /// <summary>
    /// Gaussian models of 30 rows of size (0–4), colour (categorical: red or <paramref name="otherColour"/>) and a 0/1
    /// column named weight, and in the clashing one <paramref name="clashingName"/>; each beside its data.
    /// </summary>
    private static ((string Data, string Model) Named, (string Data, string Model) Clashing) SizeModels(string name, string otherColour, string clashingName)
    {
        string[] rows = [.. Enumerable.Range(0, 30).Select(i => $"{i % 5},{(i % 3 == 0 ? "red" : otherColour)},{i % 2}")];
        return (Train(name, "weight"), Train($"{name}-with-{clashingName}", clashingName));

        (string Data, string Model) Train(string file, string third)
        {
            string data = _workspace.PathOf($"{file}.csv");
            string model = _workspace.PathOf($"{file}.zip");
            File.WriteAllLines(data, [$"size,colour,{third}", .. rows]);
            Assert.AreEqual(0, CliRun.Of("train", data, "--categorical-columns", "colour", "--likelihood", "Gaussian", "--latent-dim", "2", "--hidden", "4", "--epochs", "2", "--out", model).ExitCode);
            return (data, model);
        }
    }

    [TestMethod]
    public void ACategoricalColumnRenamedInTheFileIsReadByListingItInPlaceOfTheModels()
    {
        ((string data, string model), _) = SizeModels("renamed-sizes", "blue", "t");
        string renamed = _workspace.PathOf("renamed-sizes-color.csv");
        File.WriteAllLines(renamed, ["size,color,weight", .. File.ReadAllLines(data).Skip(1)]);

        CliRun byModel = CliRun.Of("encode", model, renamed);
        CliRun featuresOnly = CliRun.Of("encode", model, renamed, "--feature-columns", "size,color,weight");
        CliRun mapped = CliRun.Of("encode", model, renamed, "--feature-columns", "size,color,weight", "--categorical-columns", "color");
        CliRun original = CliRun.Of("encode", model, data);

        Assert.AreEqual(1, byModel.ExitCode);
        StringAssert.EndsWith(
            byModel.Error.TrimEnd(),
            $"{model} was trained on the feature columns \"size\", \"colour\", \"weight\", which are read by name; give a file that has them, "
            + "or choose its columns, in that order, with --feature-columns, and its categorical ones with --categorical-columns.");
        Assert.AreEqual(1, featuresOnly.ExitCode);
        StringAssert.Contains(featuresOnly.Error, "there is no column named \"colour\" to read as categories; did you mean \"color\"?");
        StringAssert.EndsWith(
            featuresOnly.Error.TrimEnd(),
            "The model reads its categories from the columns of the names it was trained on; to read them from columns named otherwise, list those with --categorical-columns.");
        Assert.AreEqual(0, mapped.ExitCode, mapped.Error);
        StringAssert.StartsWith(mapped.Error, "vae: warning: --feature-columns chooses other columns than");
        Assert.AreEqual(0, original.ExitCode, original.Error);
        CollectionAssert.AreEqual(original.Output.Split('\n')[1..], mapped.Output.Split('\n')[1..], "the same rows, encoded the same");
    }

    [TestMethod]
    public void AModelWithCategoricalFeaturesWithoutAColumnNameReadsTheirOneHotColumnsByTheModelsNames()
    {
        // As an ML.NET feature column's one-hot ranges come: named by slot, with no column of text categories behind them.
        string[] names = ["Age", "WorkclassOH.Private", "WorkclassOH.State-gov", "SexOH.Male", "SexOH.Female"];
        float[] rows = [39, 0, 1, 0, 1, 50, 1, 0, 1, 0, 38, 1, 0, 1, 0, 53, 0, 1, 0, 1];
        string model = _workspace.PathOf("one-hot-slots.zip");
        new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Likelihood = VaeLikelihood.Gaussian, Epochs = 1, BatchSize = 4, NumberOfThreads = 1 })
            .Fit(VaeDataset.FromArray(rows, 5, null, names, [new VaeCategoricalFeature(null, 1, ["Private", "State-gov"]), new VaeCategoricalFeature(null, 3, ["Male", "Female"])]))
            .Save(model);
        string slots = _workspace.PathOf("one-hot-slots.csv");
        string notOneHot = _workspace.PathOf("one-hot-slots-two-ones.csv");
        string text = _workspace.PathOf("one-hot-slots-text.csv");
        File.WriteAllLines(slots, [string.Join(',', names), "39,0,1,0,1", "50,1,0,1,0"]);
        File.WriteAllLines(notOneHot, [string.Join(',', names), "39,0,1,0,1", "50,1,1,1,0"]);
        File.WriteAllLines(text, ["Age,Workclass,Sex", "39,State-gov,Female", "50,Private,Male"]);

        CliRun bySlots = CliRun.Of("encode", model, slots);
        CliRun twoOnes = CliRun.Of("encode", model, notOneHot);
        CliRun textByModel = CliRun.Of("encode", model, text);
        CliRun textChosen = CliRun.Of("encode", model, text, "--feature-columns", "Age,Workclass,Sex", "--categorical-columns", "Workclass,Sex");

        Assert.AreEqual(0, bySlots.ExitCode, bySlots.Error);
        Assert.AreEqual(string.Empty, bySlots.Error);
        Assert.HasCount(3, bySlots.Output.TrimEnd().Split('\n'), "a header and the two rows");
        Assert.AreEqual(1, twoOnes.ExitCode);
        StringAssert.Contains(
            twoOnes.Error,
            $"{notOneHot}, line 3, column 3 (\"WorkclassOH.State-gov\"): the cell holds a 1, as column 2 (\"WorkclassOH.Private\") does, but it is the one-hot column of category \"State-gov\"");
        Assert.AreEqual(1, textByModel.ExitCode);
        StringAssert.EndsWith(
            textByModel.Error.TrimEnd(),
            "Its categorical features without a column name (as an ML.NET feature column's one-hot ranges have) are read from one column of 0s and 1s per category, named as the model names the features.");
        Assert.AreEqual(0, textChosen.ExitCode, textChosen.Error);
        CollectionAssert.AreEqual(bySlots.Output.Split('\n')[1..], textChosen.Output.Split('\n')[1..], "the same rows, encoded the same");
    }

    [TestMethod]
    public void AHeaderlessCategoricalModelGivenOtherColumnsIsToldTheirNumberBeforeAnyIsReadAsCategories()
    {
        string[] rows = [.. Enumerable.Range(0, 30).Select(i => $"{i % 5},{(i % 3 == 0 ? "red" : "blue")},{i % 2},{i % 2}")];
        string data = _workspace.PathOf("headerless-sizes.csv");
        string fewer = _workspace.PathOf("headerless-sizes-fewer.csv");
        string more = _workspace.PathOf("headerless-sizes-more.csv");
        string model = _workspace.PathOf("headerless-sizes.zip");
        File.WriteAllLines(data, rows);
        File.WriteAllLines(fewer, rows.Select(row => row[(row.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        File.WriteAllLines(more, rows.Select((row, i) => $"{i},{row}"));
        string semicolons = _workspace.PathOf("headerless-sizes-semicolons.csv");
        File.WriteAllLines(semicolons, rows.Select(row => row.Replace(',', ';')));

        CliRun training = CliRun.Of(
            "train", data, "--no-header", "--label-column", "3", "--categorical-columns", "1", "--likelihood", "Gaussian", "--latent-dim", "2", "--hidden", "4", "--epochs", "2", "--out", model);
        CliRun withFewer = CliRun.Of("encode", model, fewer, "--no-header", "--label-column", "2");
        CliRun withMore = CliRun.Of("encode", model, more, "--no-header", "--label-column", "4");
        CliRun shifted = CliRun.Of("encode", model, more, "--no-header", "--label-column", "4", "--feature-columns", "0,1,2");
        CliRun unsplit = CliRun.Of("encode", model, semicolons, "--no-header");

        Assert.AreEqual(0, training.ExitCode, training.Error);
        Assert.AreEqual($"vae: {fewer} has 2 feature columns but {model} takes 3; choose the same columns as in training (--feature-columns, --exclude-columns).", withFewer.Error.TrimEnd());
        Assert.AreEqual($"vae: {more} has 4 feature columns but {model} takes 3; choose the same columns as in training (--feature-columns, --exclude-columns).", withMore.Error.TrimEnd());
        Assert.AreEqual(
            $"vae: {semicolons} has 1 feature column but {model} takes 3; choose the same columns as in training (--feature-columns, --exclude-columns). "
            + "The first row holds ';': if the file separates its cells with ';', pass --separator ';'.",
            unsplit.Error.TrimEnd());
        Assert.AreEqual(1, shifted.ExitCode);
        StringAssert.Contains(shifted.Error, "line 1, column 2 (index 1): the cell \"0\" is a number, but the column is read with categories that are all text (the model's): \"blue\", \"red\";");
        Assert.DoesNotContain("--unknown-categories-as-none", shifted.Error);
    }

    /// <summary>
    /// A headerless model names its columns x_N by their place among the columns it takes, which inspect says, and lists
    /// each categorical column's categories under that name: the first few by default, every one with --all-categories.
    /// </summary>
    [TestMethod]
    public void InspectListsTheCategoriesOfAHeaderlessModelUnderTheNumbersItsColumnsAreWrittenBy()
    {
        string data = _workspace.PathOf("headerless-inspect.csv");
        string model = _workspace.PathOf("headerless-inspect.zip");
        File.WriteAllLines(data, Enumerable.Range(0, 30).Select(i => $"{i % 4},{i},c{i % 10},{i % 3}"));

        CliRun training = CliRun.Of(
            "train", data, "--no-header", "--exclude-columns", "1", "--categorical-columns", "2", "--likelihood", "Gaussian", "--latent-dim", "2", "--hidden", "4", "--epochs", "1", "--out", model);
        CliRun inspect = CliRun.Of("inspect", model);
        CliRun all = CliRun.Of("inspect", model, "--all-categories");

        // Spectre wraps a long value onto lines of its own, so the text is compared with its runs of spaces as one.
        string shown = Regex.Replace(inspect.Output, @"\s+", " ");
        string shownAll = Regex.Replace(all.Output, @"\s+", " ");
        Assert.AreEqual(0, training.ExitCode, training.Error);
        Assert.AreEqual(0, inspect.ExitCode, inspect.Error);
        StringAssert.Contains(shown, "columns 3, written and read back as x_0…x_2: numbered in the order the model takes them (each categorical column one), not by the training file's column indices");
        StringAssert.Contains(shown, "categories x_1 (features 1 to 10, 10 categories); a softmax each", "file column 2 is x_1, column 1 being excluded");
        StringAssert.Contains(shown, "x_1 features 1 to 10 10: \"c0\", \"c1\", \"c2\", \"c3\", \"c4\", \"c5\", \"c6\", \"c7\" and 2 more");
        Assert.AreEqual(0, all.ExitCode, all.Error);
        StringAssert.Contains(shownAll, "x_1 features 1 to 10 10: \"c0\", \"c1\", \"c2\", \"c3\", \"c4\", \"c5\", \"c6\", \"c7\", \"c8\", \"c9\"");
    }

    [TestMethod]
    public void ReconstructWritesTheInputAndItsReconstructionInTheModelsColumnsWithCategoriesAsText()
    {
        ((string data, string model), (string clashingData, string clashingModel)) = SizeModels("recon-sizes", "\"blue, dark\"", "recon_size");

        CliRun named = CliRun.Of("reconstruct", model, data, "--max-rows", "4");
        CliRun clashing = CliRun.Of("reconstruct", clashingModel, clashingData, "--max-rows", "1");

        Assert.AreEqual(0, named.ExitCode, named.Error);
        VaeModel loaded = VaeModel.Load(model);
        VaeDataset read = CsvDatasetReader.Read(data, new CsvDatasetOptions { Categories = loaded.CategoricalFeatures, MaxRows = 4 });
        float[] inputs = read.ToArray();
        var reconstructions = new float[inputs.Length];
        loaded.Reconstruct(inputs, reconstructions);
        VaeCategoricalFeature colour = loaded.CategoricalFeatures!.Single();
        string Cells(float[] values, int row) =>
            $"{values[row * 4].ToString("R", CultureInfo.InvariantCulture)},{CsvFormat.Quoted(colour.CategoryOf(values.AsSpan(row * 4, 4)))},{values[(row * 4) + 3].ToString("R", CultureInfo.InvariantCulture)}";
        string[] expected = ["size,colour,weight,recon_size,recon_colour,recon_weight", .. Enumerable.Range(0, 4).Select(row => $"{Cells(inputs, row)},{Cells(reconstructions, row)}")];
        CollectionAssert.AreEqual(expected, named.Output.TrimEnd().Split('\n'));
        StringAssert.StartsWith(expected[2], "1,\"blue, dark\",1,", "the input row as the file has it");
        Assert.AreEqual(0, clashing.ExitCode, clashing.Error);
        StringAssert.StartsWith(clashing.Output, "x_0,x_1,x_2,recon_0,recon_1,recon_2\n", "the reconstruction of size would be named as the feature recon_size");
    }

    [TestMethod]
    public void InterpolateWritesTheModelsColumnsWithEachCategoricalColumnAsItsMostLikelyCategory()
    {
        ((string data, string model), (string clashingData, string clashingModel)) = SizeModels("sizes", "blue", "t");

        CliRun named = CliRun.Of("interpolate", model, data, "--from", "0", "--to", "3", "--steps", "3");
        CliRun clashing = CliRun.Of("interpolate", clashingModel, clashingData, "--from", "0", "--to", "3", "--steps", "3");

        Assert.AreEqual(0, named.ExitCode, named.Error);
        VaeModel loaded = VaeModel.Load(model);
        var means = new float[4];
        loaded.Encode([0, 0, 1, 0, 3, 0, 1, 1], means, default);
        float[] decoded = loaded.Interpolate(means.AsSpan(0, 2), means.AsSpan(2), 3);
        string[] expected =
        [
            "step,t,size,colour,weight",
            .. Enumerable.Range(0, 3).Select(step => decoded.AsSpan(step * 4, 4).ToArray()).Select((row, step) =>
                $"{step},{(step / 2f).ToString("R", CultureInfo.InvariantCulture)},{row[0].ToString("R", CultureInfo.InvariantCulture)},"
                + $"{loaded.CategoricalFeatures![0].CategoryOf(row)},{row[3].ToString("R", CultureInfo.InvariantCulture)}"),
        ];
        CollectionAssert.AreEqual(expected, named.Output.TrimEnd().Split('\n'));
        Assert.AreEqual(0, clashing.ExitCode, clashing.Error);
        StringAssert.StartsWith(clashing.Output, "step,t_,x_0,x_1,x_2\n", "a feature named t would clash with the column t, and the numbered header names no feature");
    }

    [TestMethod]
    public void ReconstructClipsAndRoundsTheReconstructionsAsTheLibraryDoesAndLeavesTheInputAsRead()
    {
        string model = HouseholdsModel.Value;
        string data = Path.ChangeExtension(model, ".csv");
        string[] reconstruct = ["reconstruct", model, data];

        CliRun plain = CliRun.Of(reconstruct);
        CliRun clipped = CliRun.Of([.. reconstruct, "--clip-and-round"]);

        Assert.AreEqual(0, plain.ExitCode, plain.Error);
        Assert.AreEqual(0, clipped.ExitCode, clipped.Error);
        float[] rows = CsvValues(plain);
        float[] reconstructions = [.. rows.Where((_, i) => i % 4 >= 2)];
        Assert.IsTrue(reconstructions.Where((_, i) => i % 2 == 0).Any(children => !float.IsInteger(children)), "the reconstructions need rounding");
        VaeModel.Load(model).FeatureRanges!.Apply(reconstructions);
        float[] expected = [.. rows.Select((value, i) => i % 4 >= 2 ? reconstructions[((i / 4) * 2) + (i % 4) - 2] : value)];
        CollectionAssert.AreEqual(expected, CsvValues(clipped));
        StringAssert.StartsWith(clipped.Output, "children,income,recon_children,recon_income\n");
    }

    [TestMethod]
    public void InterpolateAndTheExportedDecoderClipAndRoundAsTheLibraryDoes()
    {
        string model = HouseholdsModel.Value;
        VaeModel loaded = VaeModel.Load(model);
        string data = Path.ChangeExtension(model, ".csv");
        string[] interpolate = ["interpolate", model, data, "--from", "0", "--to", "7", "--steps", "50"];
        string[] directories = [_workspace.PathOf("households-onnx"), _workspace.PathOf("households-onnx-clipped")];

        CliRun decoded = CliRun.Of(interpolate);
        CliRun clipped = CliRun.Of([.. interpolate, "--clip-and-round"]);
        CliRun export = CliRun.Of("export-onnx", model, directories[0]);
        CliRun exportClipped = CliRun.Of("export-onnx", model, directories[1], "--clip-and-round");

        Assert.AreEqual(0, clipped.ExitCode, clipped.Error);
        float[] expected = CsvValues(decoded, skipColumns: 2);
        float[] unclipped = expected.ToArray();
        loaded.FeatureRanges!.Apply(expected);
        CollectionAssert.AreEqual(expected, CsvValues(clipped, skipColumns: 2));
        Assert.IsTrue(unclipped.Where((_, i) => i % 2 == 0).Any(value => !float.IsInteger(value)), "the points need rounding");

        Assert.AreEqual(0, exportClipped.ExitCode, exportClipped.Error);
        Assert.AreEqual(0, export.ExitCode, export.Error);
        float[] latent = [.. Enumerable.Range(0, 400).Select(i => (float)Math.Sin(i) * 3f)];
        float[] plainRows = DecodeWith(Path.Combine(directories[0], "decoder.onnx"), latent);
        loaded.FeatureRanges.Apply(plainRows);
        CollectionAssert.AreEqual(plainRows, DecodeWith(Path.Combine(directories[1], "decoder.onnx"), latent));
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(directories[0], "encoder.onnx")), File.ReadAllBytes(Path.Combine(directories[1], "encoder.onnx")), "only the decoder changes");

        static float[] DecodeWith(string decoder, float[] latent)
        {
            using var session = new OnnxSession(File.ReadAllBytes(decoder));
            var rows = new float[latent.Length];
            session.Run(latent.Length / 2, OnnxTensorNames.Default.Latent, latent, OnnxTensorNames.Default.Reconstruction, rows);
            return rows;
        }
    }

    [TestMethod]
    public void GenerateDrawsObservationsOfABernoulliModelAsBits()
    {
        CliRun means = CliRun.Of("generate", _model, "--count", "20", "--seed", "3");
        CliRun draws = CliRun.Of("generate", _model, "--count", "20", "--seed", "3", "--sample-observations");

        Assert.AreEqual(0, draws.ExitCode, draws.Error);
        string[] values = [.. draws.Output.TrimEnd('\n').Split('\n').Skip(1).SelectMany(line => line.Split(','))];
        Assert.HasCount(20 * 4, values);
        Assert.IsTrue(values.All(value => value is "0" or "1"), string.Join(",", values.Distinct()));
        Assert.AreNotEqual(means.Output, draws.Output);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    [DataRow("/dev/stdout")]
    [DataRow("/dev/fd/1")]
    [DataRow("../../../../../../../../../../../../dev/stdout")]
    public void CsvToANameOfStandardOutputIsStandardOutputWithoutAReport(string path)
    {
        CliRun plain = CliRun.Of("generate", _model, "--count", "3");

        CliRun named = CliRun.Of("generate", _model, "--count", "3", "--out", path);

        Assert.AreEqual(0, named.ExitCode, named.Error);
        Assert.AreEqual(plain.Output, named.Output, "the table alone, with no 'wrote' line after it");
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void ALinkToStandardOutputIsStandardOutput()
    {
        string link = _workspace.PathOf("stdout-link.csv");
        File.CreateSymbolicLink(link, "/dev/stdout");
        CliRun plain = CliRun.Of("generate", _model, "--count", "3");

        CliRun table = CliRun.Of("generate", _model, "--count", "3", "--out", link);
        CliRun zip = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", link);

        Assert.AreEqual(0, table.ExitCode, table.Error);
        Assert.AreEqual(plain.Output, table.Output, "the table alone, with no 'wrote' line after it");
        Assert.AreEqual(2, zip.ExitCode);
        StringAssert.Contains(zip.Error, $"--out {link}: the model zip cannot go to standard output; give a file name.");
        Assert.AreEqual("/dev/stdout", new FileInfo(link).LinkTarget);
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void AModelZipToANameOfStandardOutputIsRefusedAsForADash()
    {
        CliRun run = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--epochs", "1", "--out", "/dev/stdout");

        Assert.AreEqual(2, run.ExitCode);
        StringAssert.Contains(run.Error, "--out /dev/stdout: the model zip cannot go to standard output; give a file name.");
    }

    [TestMethod]
    public void InterpolateStartsAtTZeroAndEndsAtTOne()
    {
        CliRun run = CliRun.Of("interpolate", _model, _workspace.DataPath, "--label-column", "label", "--from", "0", "--to", "1", "--steps", "4");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        string[] lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.AreEqual(5, lines.Length);
        StringAssert.StartsWith(lines[1], "0,0,");
        StringAssert.StartsWith(lines[4], "3,1,");
    }

    [TestMethod]
    public void EvaluateReportsBothLossesTheLikelihoodScoresAndAuc()
    {
        string scores = _workspace.PathOf("scores.csv");
        CliRun run = CliRun.Of(
            "evaluate", _model, _workspace.DataPath, "--label-column", "label", "--binarize", "0.5",
            "--samples", "4", "--scores", scores, "--positive-label", "1");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "z ~ q (−ELBO)");
        VaeEvaluation atMean = VaeModel.Load(_model).Evaluate(BinarizedDataset.Threshold(CsvDatasetReader.Read(_workspace.DataPath, new CsvDatasetOptions { LabelColumnName = "label" })));
        StringAssert.Contains(
            run.Output,
            $"{"z = μ",-14} {NumberText.Of(atMean.NegativeElbo, 4),15} {NumberText.Of(atMean.Reconstruction, 4),15} {NumberText.Of(atMean.KullbackLeibler, 4),11}\n");
        VaeLogLikelihoodEstimate estimate = VaeModel.Load(_model).EstimateLogLikelihood(
            BinarizedDataset.Threshold(CsvDatasetReader.Read(_workspace.DataPath, new CsvDatasetOptions { LabelColumnName = "label" })), samples: 4, seed: 0);
        StringAssert.Contains(
            run.Output,
            $"log p(x) (importance-weighted, 4 samples): {NumberText.Of(estimate.Mean, 4)} ± {NumberText.Of(estimate.StandardError!.Value, 4)}\n");
        StringAssert.Matches(run.Output, new Regex(@"active latent dimensions: [0-2] of 2 \(those whose mean varies across the rows with a variance above 0\.01\)"));
        StringAssert.Contains(run.Output, "ROC AUC, label 1 anomalous: anomaly score ");
        string[] lines = File.ReadAllLines(scores);
        Assert.AreEqual("row,anomaly_score,reconstruction_error,label,log_likelihood", lines[0]);
        Assert.AreEqual(41, lines.Length);
        StringAssert.EndsWith(lines[2], $",1,{estimate.PerRow[1].ToString("R", CultureInfo.InvariantCulture)}");
        Assert.IsEmpty(Directory.GetFiles(_workspace.Directory, ".*.tmp"), "the writability probe and the atomic write left no temporary file");
    }

    [TestMethod]
    public void LabelsThatAreTextAreWrittenBackAsTheyAreAndNameTheAnomalousClass()
    {
        string[] original = File.ReadAllLines(_workspace.DataPath);
        string[] labels = [.. original.Skip(1).Select(line => line.EndsWith(",1", StringComparison.Ordinal) ? "\"odd, rare\"" : "usual")];
        string named = _workspace.PathOf("named-labels.csv");
        File.WriteAllLines(named, [original[0], .. original.Skip(1).Select((line, row) => line[..^1] + labels[row])]);
        string scores = _workspace.PathOf("named-scores.csv");
        // Rows a whole number of chunks (1 024 rows) apart have other labels.
        string many = _workspace.PathOf("named-labels-many.csv");
        string[] manyLabels = [.. Enumerable.Range(0, 2600).Select(row => row % 7 == 0 ? "\"none, or seven\"" : $"class {row % 7}")];
        File.WriteAllLines(many, [original[0], .. manyLabels.Select((label, row) => original[1 + (row % 40)][..^1] + label)]);

        CliRun encode = CliRun.Of("encode", _model, many, "--label-column", "label");
        CliRun evaluate = CliRun.Of("evaluate", _model, named, "--label-column", "label", "--positive-label", "odd, rare", "--scores", scores);
        CliRun byId = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label", "--positive-label", "1.0");
        CliRun unknown = CliRun.Of("evaluate", _model, named, "--label-column", "label", "--positive-label", "Usual");

        Assert.AreEqual(0, encode.ExitCode, encode.Error);
        string[] encoded = encode.Output.TrimEnd().Split('\n');
        Assert.HasCount(2601, encoded);
        for (int row = 0; row < 2600; row++)
        {
            StringAssert.StartsWith(encoded[row + 1], $"{original[1 + (row % 40)][..^2]},{manyLabels[row]},", $"row {row}");
        }

        Assert.AreEqual(0, evaluate.ExitCode, evaluate.Error);
        // The id 1.0 is read as the data's labels are, and shown so.
        string idAuc = byId.Output.Split('\n').Single(line => line.StartsWith("ROC AUC", StringComparison.Ordinal));
        Assert.AreEqual(idAuc.Replace("label 1 anomalous", "label odd, rare anomalous", StringComparison.Ordinal), evaluate.Output.Split('\n').Single(line => line.StartsWith("ROC AUC", StringComparison.Ordinal)));
        CollectionAssert.AreEqual(labels, File.ReadAllLines(scores).Skip(1).Select(line => line.Split(',', 4)[3]).ToArray());
        Assert.AreEqual(1, unknown.ExitCode);
        Assert.AreEqual($"vae: --positive-label Usual: no row read from {named} has that label; their labels are \"odd, rare\", \"usual\" (names are case-sensitive).", unknown.Error.TrimEnd());
    }

    [TestMethod]
    public void EvaluateRefusesSamplesOfNonBinaryDataAndAPositiveLabelOfNoneOrEveryRowBeforeEvaluating()
    {
        CliRun notBinary = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label", "--samples", "2");
        CliRun absentLabel = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label", "--positive-label", "7");
        CliRun namedLabel = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label", "--positive-label", "one", "--max-rows", "100");
        CliRun labelBeyondMaxRows = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label", "--positive-label", "1", "--max-rows", "1");
        string onlyOnes = _workspace.PathOf("only-ones.csv");
        File.WriteAllLines(onlyOnes, File.ReadAllLines(_workspace.DataPath).Where((line, i) => i == 0 || line.EndsWith(",1", StringComparison.Ordinal)));
        string scores = _workspace.PathOf("never-scores.csv");
        CliRun onlyPositive = CliRun.Of("evaluate", _model, onlyOnes, "--label-column", "label", "--positive-label", "1", "--scores", scores);

        Assert.AreEqual(1, notBinary.ExitCode);
        StringAssert.Contains(notBinary.Error, $"{_workspace.DataPath}, line 2, column 1 (\"a\") is ");
        StringAssert.Contains(notBinary.Error, "pass --samples with --binarize stochastic (the draws published figures use) or --binarize 0.5 (a threshold).");
        Assert.AreEqual(1, absentLabel.ExitCode);
        StringAssert.Contains(absentLabel.Error, $"--positive-label 7: no row read from {_workspace.DataPath} has that label; their labels are 0, 1.");
        Assert.AreEqual(1, namedLabel.ExitCode);
        StringAssert.Contains(namedLabel.Error, $"--positive-label one: no row read from {_workspace.DataPath} has that label; their labels are 0, 1.");
        Assert.AreEqual(1, labelBeyondMaxRows.ExitCode);
        StringAssert.Contains(labelBeyondMaxRows.Error, $"--positive-label 1: no row read from {_workspace.DataPath} (the first 1, --max-rows) has that label; their labels are 0.");
        Assert.AreEqual(1, onlyPositive.ExitCode);
        StringAssert.Contains(onlyPositive.Error, $"--positive-label 1: every row read from {onlyOnes} has that label, so no normal rows are left");
        Assert.IsFalse(File.Exists(scores));
        Assert.DoesNotContain("rows: ", notBinary.Output + absentLabel.Output + labelBeyondMaxRows.Output + onlyPositive.Output, "nothing was evaluated");
    }

    [TestMethod]
    public void EvaluateSuggestsAPositiveLabelOnlyWhereTheRowsHoldTwoLabels()
    {
        string onlyOnes = _workspace.PathOf("single-class.csv");
        File.WriteAllLines(onlyOnes, File.ReadAllLines(_workspace.DataPath).Where((line, i) => i == 0 || line.EndsWith(",1", StringComparison.Ordinal)));

        CliRun both = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label");
        CliRun single = CliRun.Of("evaluate", _model, onlyOnes, "--label-column", "label");
        CliRun oneRow = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label", "--max-rows", "1");

        Assert.AreEqual(0, both.ExitCode, both.Error);
        StringAssert.Contains(both.Output, "ROC AUC: pass --positive-label LABEL to score that class as the anomalies.\n");
        Assert.AreEqual(0, single.ExitCode, single.Error);
        Assert.DoesNotContain("--positive-label", single.Output);
        StringAssert.Contains(single.Output, $"ROC AUC: none, as every row read from {onlyOnes} has label 1; it needs rows of two labels, the anomalous and the normal.\n");
        Assert.AreEqual(0, oneRow.ExitCode, oneRow.Error);
        StringAssert.Contains(oneRow.Output, $"ROC AUC: none, as every row read from {_workspace.DataPath} (the first 1, --max-rows) has label 0; it needs rows of two labels");
    }

    [TestMethod]
    public void EvaluateSaysSamplesCannotWorkWhereAScaledBernoulliModelMapsBinarizedValuesElsewhere()
    {
        string data = _workspace.PathOf("counts.csv");
        File.WriteAllText(data, "a,b,label\n0,0.5,0\n4,0.25,1\n2,0.75,0\n");
        string model = _workspace.PathOf("counts.zip");
        Assert.AreEqual(0, CliRun.Of("train", data, "--label-column", "label", "--scaling", "MinMax", "--hidden", "4", "-k", "1", "-e", "1", "--out", model).ExitCode);

        CliRun run = CliRun.Of("evaluate", model, data, "--label-column", "label", "--binarize", "0.5", "--samples", "2");

        Assert.AreEqual(1, run.ExitCode);
        // Column b's [0.25, 0.75] maps 0 and 1 to −0.5 and 1.5, which the clip returns to 0 and 1, so its bits are scored
        // as they are; column a's [0, 4] maps a 1 to 0.25.
        StringAssert.Contains(run.Error, "line 3, column 1 (\"a\") is 0.25 after the model's scaling; a Bernoulli model's log p(x) is defined for features that are exactly 0 or 1, and this model's MinMax scaling maps 0 and 1 in this column to 0 and 0.25, so no binarization of the data gives such features.");
        Assert.DoesNotContain("pass --samples with --binarize", run.Error, "the advice the user has just followed is not given again");
    }

    [TestMethod]
    public void EvaluateRefusesFeaturesOutsideTheRangeOfAnUnscaledBernoulliModel()
    {
        string data = _workspace.PathOf("out-of-range.csv");
        File.WriteAllText(data, "a,b,c,d,label\n0.2,0.4,0.6,0.8,0\n0.2,7,0.6,0.8,1\n");

        CliRun run = CliRun.Of("evaluate", _model, data, "--label-column", "label");

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, $"vae: {data}, line 3, column 2 (\"b\") is 7, but this Bernoulli model scores features in [0, 1] only.");
        Assert.DoesNotContain("rows: ", run.Output, "nothing was reported");
    }

    [TestMethod]
    public void TrainsOnResampledBinarizationAndEvaluatesOnOneStochasticDraw()
    {
        // In any case, as --binarize reads them: --binarize-seed once took only the lower-case words for draws.
        string model = _workspace.PathOf("binary.zip");
        CliRun train = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--hidden", "8", "--latent-dim", "2", "--epochs", "2",
            "--batch-size", "8", "--threads", "1", "--binarize", "Resampled", "--binarize-seed", "3", "--out", model);
        Assert.AreEqual(0, train.ExitCode, train.Error);

        string[] Evaluate() => CliRun.Of(
            "evaluate", model, _workspace.DataPath, "--label-column", "label", "--binarize", "STOCHASTIC", "--binarize-seed", "4", "--samples", "3")
            .Output.Split('\n').Where(line => line.Contains("log p(x)", StringComparison.Ordinal)).ToArray();
        string[] first = Evaluate();
        Assert.AreEqual(1, first.Length);
        CollectionAssert.AreEqual(first, Evaluate(), "one stochastic draw and one seed give the same estimate");
    }

    /// <summary>
    /// With a learning rate too small to move the printed losses (one of 1e-30 that moves no weight stops training), an
    /// epoch's loss depends only on its rows' bits, order and ε: a model continued with --init reads the draws after its
    /// epochs, as one longer run does, not the first again.
    /// </summary>
    [TestMethod]
    public void InitGoesOnWithTheResampledDrawsAfterTheModelsEpochs()
    {
        string[] common = ["train", _workspace.DataPath, "--label-column", "label", "--binarize", "resampled", "--binarize-seed", "3", "--learning-rate", "1e-8", "--batch-size", "8", "--threads", "1"];
        string twoEpochs = _workspace.PathOf("two-resampled-epochs.zip");
        CliRun longer = CliRun.Of([.. common, "--hidden", "4", "-k", "2", "--epochs", "3", "--out", _workspace.PathOf("three-resampled-epochs.zip")]);
        CliRun first = CliRun.Of([.. common, "--hidden", "4", "-k", "2", "--epochs", "2", "--out", twoEpochs]);
        CliRun continued = CliRun.Of([.. common, "--init", twoEpochs, "--epochs", "1", "--out", _workspace.PathOf("continued-resampled.zip")]);

        Assert.AreEqual(0, longer.ExitCode + first.ExitCode + continued.ExitCode, longer.Error + first.Error + continued.Error);
        string[] losses = [.. Regex.Matches(longer.Output, @"^epoch \d/3  loss (\S+) ", RegexOptions.Multiline).Select(match => match.Groups[1].Value)];
        Assert.HasCount(3, losses);
        Assert.AreNotEqual(losses[0], losses[2], "the draws differ, so a repeated first draw would show");
        StringAssert.Contains(continued.Output, $"epoch 1/1  loss {losses[2]}  ");
    }

    /// <summary>At a learning rate too small to move the printed losses, a change in the held-out rows' bits would show.</summary>
    [TestMethod]
    public void HeldOutResampledRowsKeepOneDrawSoAHardlyMovedModelsValidationLossStaysPut()
    {
        CliRun train = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--binarize", "resampled", "--validation-fraction", "0.25",
            "--learning-rate", "1e-8", "--epochs", "3", "--out", _workspace.PathOf("unmoved.zip"));

        Assert.AreEqual(0, train.ExitCode, train.Error);
        string[] validation = Regex.Matches(train.Output, @"^epoch \d+/3 .* val (\S+) ", RegexOptions.Multiline).Select(match => match.Groups[1].Value).ToArray();
        Assert.HasCount(3, validation);
        Assert.AreEqual(1, validation.Distinct().Count(), string.Join(", ", validation));
    }

    [TestMethod]
    public void TheAdamDecayRatesReachTheSavedModelEachAsItsOwnOption()
    {
        string model = _workspace.PathOf("adam.zip");
        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--hidden", "4", "-k", "2", "-e", "1", "--threads", "1",
            "--adam-beta1", "0.8", "--adam-beta2", "0.95", "--out", model);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        VaeOptions options = VaeModel.Load(model).Options;
        Assert.AreEqual(0.8f, options.AdamBeta1);
        Assert.AreEqual(0.95f, options.AdamBeta2);
    }

    [TestMethod]
    public void InitContinuesASavedModelAndRefusesArchitectureOptions()
    {
        string continued = _workspace.PathOf("continued.zip");
        CliRun run = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--init", _model, "--epochs", "2", "--learning-rate", "1e-4",
            "--batch-size", "8", "--threads", "1", "--out", continued);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "(3 epochs so far)");
        VaeModel model = VaeModel.Load(continued);
        Assert.AreEqual(5, model.History.Epochs.Count);
        Assert.AreEqual(2, model.LatentDimension);
        Assert.AreEqual(1e-4f, model.Options.LearningRate);

        CliRun refused = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--init", _model, "--hidden", "4", "--epochs", "0", "--out", continued);
        Assert.AreEqual(2, refused.ExitCode);
        StringAssert.Contains(refused.Error, "--hidden is fixed by the --init model; leave it out.");
        StringAssert.Contains(refused.Error, "--epochs", "a bad training setting is reported in the same run as a fixed architecture option");

        // The saved model is Bernoulli; the defaults' objection to standardized features under a Bernoulli likelihood
        // would judge an architecture --init replaces.
        CliRun alsoRefused = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--init", _model, "--scaling", "Standardize", "--latent-dim", "3", "--out", continued);
        Assert.AreEqual(2, alsoRefused.ExitCode);
        StringAssert.Contains(alsoRefused.Error, "--scaling is fixed by the --init model; leave it out.");
        StringAssert.Contains(alsoRefused.Error, "--latent-dim is fixed by the --init model; leave it out.");
        Assert.DoesNotContain("Bernoulli", alsoRefused.Error);
    }

    [TestMethod]
    public void InitRefusesEpochsBeyondTheRoomLeftInTheModelsHistoryBeforeReadingData()
    {
        // DATA that does not exist shows the check comes first: reading it would fail with "no such file".
        CliRun refused = CliRun.Of(
            "train", _workspace.PathOf("not-read.csv"), "--init", _model, "--epochs", "39998", "--out", _workspace.PathOf("too-long.zip"));

        Assert.AreEqual(2, refused.ExitCode, refused.Error);
        Assert.AreEqual($"vae: --init {_model} has trained 3 epochs of the 40000 a model's history holds, so --epochs can be at most 39997 (got 39998).\n", refused.Error);
        Assert.AreEqual(string.Empty, refused.Output);
    }

    [TestMethod]
    public void AnOutputThatIsAlsoAnInputIsRefusedAndBothFilesAreKept()
    {
        byte[] model = File.ReadAllBytes(_model);
        byte[] data = File.ReadAllBytes(_workspace.DataPath);

        CliRun overModel = CliRun.Of("encode", _model, _workspace.DataPath, "--label-column", "label", "--out", _model);
        CliRun overData = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label", "--scores", _workspace.DataPath);

        Assert.AreEqual(2, overModel.ExitCode);
        StringAssert.Contains(overModel.Error, "is also the MODEL this command reads");
        Assert.AreEqual(2, overData.ExitCode);
        StringAssert.Contains(overData.Error, "--scores");
        StringAssert.Contains(overData.Error, "is also the DATA this command reads");
        CollectionAssert.AreEqual(model, File.ReadAllBytes(_model));
        CollectionAssert.AreEqual(data, File.ReadAllBytes(_workspace.DataPath));
    }

    [TestMethod]
    public void AFileWrittenIntoADirectoryNeverReplacesAFileTheCommandReads()
    {
        string directory = _workspace.PathOf($"clash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string modelAsGraph = Path.Combine(directory, "encoder.onnx");
        string modelAsCurves = Path.Combine(directory, "training-curves.png");
        string dataAsCurves = Path.Combine(directory, "curves-data", "training-curves.png");
        Directory.CreateDirectory(Path.GetDirectoryName(dataAsCurves)!);
        File.Copy(_model, modelAsGraph);
        File.Copy(_model, modelAsCurves);
        File.Copy(_workspace.DataPath, dataAsCurves);
        byte[] model = File.ReadAllBytes(_model);
        byte[] data = File.ReadAllBytes(_workspace.DataPath);

        CliRun export = CliRun.Of("export-onnx", modelAsGraph, directory);
        CliRun pictures = CliRun.Of("pictures", modelAsCurves, _workspace.DataPath, "--label-column", "label", "--out", directory);
        CliRun train = CliRun.Of(
            "train", dataAsCurves, "--label-column", "label", "--epochs", "1", "--plots", Path.GetDirectoryName(dataAsCurves)!, "--out", Path.Combine(directory, "trained.zip"));

        Assert.AreEqual(1, export.ExitCode, export.Error);
        StringAssert.Contains(export.Error, $"DIR {directory} would get its encoder.onnx written over {modelAsGraph}, the MODEL this command reads");
        Assert.AreEqual(1, pictures.ExitCode, pictures.Error);
        StringAssert.Contains(pictures.Error, $"written over {modelAsCurves}, the MODEL this command reads");
        Assert.AreEqual(1, train.ExitCode, train.Error);
        StringAssert.Contains(train.Error, $"written over {dataAsCurves}, the DATA this command reads");
        Assert.IsFalse(File.Exists(Path.Combine(directory, "trained.zip")), "refused before training");
        CollectionAssert.AreEqual(model, File.ReadAllBytes(modelAsGraph));
        CollectionAssert.AreEqual(model, File.ReadAllBytes(modelAsCurves));
        CollectionAssert.AreEqual(data, File.ReadAllBytes(dataAsCurves));
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
    public void AnOutputReachingAnInputThroughALinkedDirectoryIsRefused()
    {
        // The link lives outside the workspace, which it points at, so nothing that walks the workspace meets a loop.
        string linkedDirectory = Path.Combine(Path.GetTempPath(), $"vae-linked-{Guid.NewGuid():N}");
        Directory.CreateSymbolicLink(linkedDirectory, Path.GetDirectoryName(Path.GetFullPath(_workspace.DataPath))!);
        string sameData = Path.Combine(linkedDirectory, Path.GetFileName(_workspace.DataPath));
        byte[] data = File.ReadAllBytes(_workspace.DataPath);

        CliRun run;
        try
        {
            run = CliRun.Of("encode", _model, _workspace.DataPath, "--label-column", "label", "--out", sameData);
        }
        finally
        {
            Directory.Delete(linkedDirectory);
        }

        Assert.AreEqual(2, run.ExitCode, run.Error);
        StringAssert.Contains(run.Error, "is also the DATA this command reads");
        CollectionAssert.AreEqual(data, File.ReadAllBytes(_workspace.DataPath));
    }

    [TestMethod]
    public void OutDashWritesCsvToStandardOutputAndNoFileNamedDash()
    {
        CliRun run = CliRun.Of("generate", _model, "-n", "2", "--out", "-");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.StartsWith(run.Output, "a,b,c,d\n", "the model's feature names");
        Assert.HasCount(3, run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.IsFalse(File.Exists("-"));
    }

    [TestMethod]
    public void APngOutWithoutAnImageShapeIsRefusedForAModelThatRecordsNone()
    {
        string picture = _workspace.PathOf("rows.png");
        CliRun run = CliRun.Of("interpolate", _model, _workspace.DataPath, "--label-column", "label", "--from", "0", "--to", "1", "--out", picture);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: --out {picture} names a PNG, but {_model} records no image shape (it was not trained on IDX images, or was saved before shapes were kept), "
            + "so the rows would be written as CSV; add --image-shape WIDTHxHEIGHT, or name a .csv file.",
            run.Error.TrimEnd());
        Assert.IsFalse(File.Exists(picture));
    }

    [TestMethod]
    public void TheElboInTheUnitsOfLogLikelihoodNamesTheScalingsJacobianOnlyForAScaledModel()
    {
        string ElboLine(string name, params string[] options)
        {
            string model = _workspace.PathOf(name);
            CliRun train = CliRun.Of(["train", _workspace.DataPath, "--label-column", "label", "--likelihood", "Gaussian", "--hidden", "4", "-k", "2", "-e", "1", "--out", model, .. options]);
            Assert.AreEqual(0, train.ExitCode, train.Error);
            CliRun run = CliRun.Of("evaluate", model, _workspace.DataPath, "--label-column", "label");
            Assert.AreEqual(0, run.ExitCode, run.Error);
            return run.Output.Split('\n').SingleOrDefault(line => line.StartsWith("ELBO in the units of log p(x)", StringComparison.Ordinal)) ?? string.Empty;
        }

        StringAssert.Contains(ElboLine("elbo-unscaled.zip", "--scaling", "None"), "(the sampled loss negated, with the Gaussian constants the loss leaves out): ");
        StringAssert.Contains(
            ElboLine("elbo-standardized.zip", "--scaling", "Standardize"),
            "(the sampled loss negated, with the Gaussian constants and the scaling's Jacobian the loss leaves out): ");
        Assert.AreEqual(string.Empty, ElboLine("elbo-categories.zip", "--categorical-columns", "a,b,c,d"), "a loss of categories alone leaves nothing out");
    }

    [TestMethod]
    public void AGaussianModelsNegativeElboIsAlsoPrintedInTheUnitsOfLogLikelihood()
    {
        string gaussian = _workspace.PathOf("gaussian.zip");
        CliRun train = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--likelihood", "Gaussian", "--scaling", "Standardize",
            "--hidden", "8", "-k", "2", "--epochs", "20", "--out", gaussian);
        Assert.AreEqual(0, train.ExitCode, train.Error);

        CliRun run = CliRun.Of("evaluate", gaussian, _workspace.DataPath, "--label-column", "label", "--samples", "200");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        double NumberAfter(string prefix)
        {
            string line = run.Output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return double.Parse(line[(line.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Split(' ')[0], CultureInfo.InvariantCulture);
        }

        double elbo = NumberAfter("ELBO in the units of log p(x), a lower bound on it");
        double logLikelihood = NumberAfter("log p(x) (importance-weighted");
        // The importance-weighted bound is the tighter one: log p(x) sits at or a little above the ELBO. The training
        // loss alone is off by ½ log 2π per feature and the log-scales of the standardization.
        Assert.IsTrue(elbo <= logLikelihood + 0.2, $"log p(x) {logLikelihood} vs ELBO {elbo}");
        Assert.IsTrue(logLikelihood - elbo < 1.5, $"log p(x) {logLikelihood} vs ELBO {elbo}");

        // A finite cell that the standardization takes past float32 is named by its line and column, with its own value.
        string far = _workspace.PathOf("far.csv");
        File.WriteAllText(far, "a,b,c,d,label\n0.5,0.5,0.5,0.5,0\n3e38,0.5,0.5,0.5,1\n");
        CliRun beyond = CliRun.Of("evaluate", gaussian, far, "--label-column", "label", "--samples", "2");
        Assert.AreEqual(1, beyond.ExitCode, beyond.Error);
        StringAssert.Contains(beyond.Error, "far.csv, line 3, column 1 (\"a\") is 3E+38, which the model's scaling takes beyond float32's range");
    }

    [TestMethod]
    public void ExportOnnxWritesTheThreeGraphs()
    {
        string directory = _workspace.PathOf("onnx");
        CliRun run = CliRun.Of("export-onnx", _model, directory);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        VaeModel model = VaeModel.Load(_model);
        VaeOnnxGraphs graphs = model.ExportOnnx();
        OnnxTensorNames names = graphs.TensorNames;
        string features = $"{names.Features}[-1,{model.InputDimension}]", latent = $"{names.Latent}[-1,{model.LatentDimension}]";
        string latentMean = $"{names.LatentMean}[-1,{model.LatentDimension}]", latentLogVar = $"{names.LatentLogVar}[-1,{model.LatentDimension}]";
        string reconstruction = $"{names.Reconstruction}[-1,{model.InputDimension}]";
        AssertGraph(Path.Combine(directory, "encoder.onnx"), graphs.Encoder, [features], [latentMean, latentLogVar]);
        AssertGraph(Path.Combine(directory, "decoder.onnx"), graphs.Decoder, [latent], [reconstruction]);
        AssertGraph(
            Path.Combine(directory, "autoencoder.onnx"),
            graphs.Autoencoder,
            [features],
            [latentMean, latentLogVar, reconstruction, $"{names.ReconstructionError}[-1]", $"{names.AnomalyScore}[-1]"]);

        // Sizes are grouped by ',' whatever the culture (the tests run under one that groups by '.').
        Assert.IsGreaterThan(1000, graphs.Encoder.Length);
        CollectionAssert.AreEqual(
            new[] { ("encoder.onnx", graphs.Encoder), ("decoder.onnx", graphs.Decoder), ("autoencoder.onnx", graphs.Autoencoder) }
                .Select(graph => string.Create(CultureInfo.InvariantCulture, $"wrote {Path.Combine(directory, graph.Item1)} ({graph.Item2.Length:#,0} bytes)"))
                .ToArray(),
            run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [TestMethod]
    public void ExportOnnxAndTrainingFurtherKeepTheTensorNamesOfTheZip()
    {
        var names = new OnnxTensorNames { Features = "X", LatentMean = "M", LatentLogVar = "V", Latent = "Z", Reconstruction = "R" };
        string named = _workspace.PathOf("named.zip"), directory = _workspace.PathOf("named-onnx"), continued = _workspace.PathOf("named-continued.zip");
        VaeModel.Load(_model).Save(named, names);

        CliRun export = CliRun.Of("export-onnx", named, directory);
        CliRun train = CliRun.Of("train", _workspace.DataPath, "--label-column", "label", "--init", named, "-e", "1", "--out", continued);

        Assert.AreEqual(0, export.ExitCode, export.Error);
        VaeOnnxGraphs graphs = VaeModel.Load(named).ExportOnnx(names);
        CollectionAssert.AreEqual(graphs.Encoder, File.ReadAllBytes(Path.Combine(directory, "encoder.onnx")));
        CollectionAssert.AreEqual(graphs.Decoder, File.ReadAllBytes(Path.Combine(directory, "decoder.onnx")));
        CollectionAssert.AreEqual(graphs.Autoencoder, File.ReadAllBytes(Path.Combine(directory, "autoencoder.onnx")));
        Assert.AreEqual(0, train.ExitCode, train.Error);
        Assert.AreEqual(names, VaeModel.Load(continued).TensorNames);
    }

    /// <summary>
    /// Asserts the file holds the model's own graph and that ONNX Runtime, opening it, finds the tensors of its role,
    /// each written as name[shape], -1 for the batch.
    /// </summary>
    private static void AssertGraph(string file, byte[] exported, string[] inputs, string[] outputs)
    {
        byte[] written = File.ReadAllBytes(file);
        CollectionAssert.AreEqual(exported, written, $"{file} holds the graph the model exports");
        using var session = new OnnxSession(written);
        CollectionAssert.AreEqual(inputs, session.Inputs.Select(Describe).ToArray(), $"inputs of {file}");
        CollectionAssert.AreEqual(outputs, session.Outputs.Select(Describe).ToArray(), $"outputs of {file}");

        static string Describe(OnnxTensorInfo tensor) => $"{tensor.Name}[{string.Join(',', tensor.Shape.Select(size => size.ToString(CultureInfo.InvariantCulture)))}]";
    }

    [TestMethod]
    public void PicturesDrawsEveryPictureOfATwoDimensionalLatentSpace()
    {
        // Eleven images fill one row of eight and part of the next.
        string directory = _workspace.PathOf("pictures");
        CliRun run = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", directory, "--image-shape", "2x2", "--count", "11");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        CollectionAssert.AreEquivalent(
            new[] { "interpolation.png", "latent-scatter.png", "manifold.png", "reconstructions.png", "samples.png", "training-curves.png" },
            Directory.GetFiles(directory).Select(Path.GetFileName).ToArray());
        StringAssert.Contains(
            run.Output,
            "manifold.png decodes z0 across and z1 up, each from -2.5 to 2.5: the prior's ±2.5 standard deviations, wherever the data's means lie; latent-scatter.png shows where they do\n");
    }

    [TestMethod]
    public void PicturesOfTabularRowsDrawTheLatentScatterAndTheTrainingCurves()
    {
        string directory = _workspace.PathOf("pictures-of-rows");
        CliRun run = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", directory);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        CollectionAssert.AreEquivalent(
            new[] { "latent-scatter.png", "training-curves.png" },
            Directory.GetFiles(directory).Select(Path.GetFileName).ToArray());
        StringAssert.Contains(
            run.Output,
            $"skipped reconstructions.png, samples.png, interpolation.png and manifold.png: {_workspace.DataPath} is CSV, which does not say how its rows form images, "
            + $"and {_model} records no image shape (it was not trained on IDX images, or was saved before shapes were kept); --image-shape WIDTHxHEIGHT draws them");
    }

    [TestMethod]
    public void TheLatentScatterOfLabelsThatAreTextNamesTheClassesInItsLegend()
    {
        string named = _workspace.PathOf("scatter-named.csv");
        string[] original = File.ReadAllLines(_workspace.DataPath);
        File.WriteAllLines(named, [original[0], .. original.Skip(1).Select(line => line[..^1] + (line.EndsWith(",1", StringComparison.Ordinal) ? "odd" : "usual"))]);
        string directory = _workspace.PathOf("pictures-of-named-rows");

        CliRun run = CliRun.Of("pictures", _model, named, "--label-column", "label", "--out", directory);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        VaeModel model = VaeModel.Load(_model);
        VaeDataset rows = CsvDatasetReader.Read(named, new CsvDatasetOptions { LabelColumnName = "label" });
        var means = new float[rows.RowCount * 2];
        model.Encode(rows.ToArray(), means, default);
        using var expected = new MemoryStream();
        LatentScatter.RenderDimensions(means, 2, [.. rows.Labels!], labelNames: rows.LabelNames).WritePng(expected, PicturesMark.For("latent-scatter.png"));
        CollectionAssert.AreEqual(expected.ToArray(), File.ReadAllBytes(Path.Combine(directory, "latent-scatter.png")));
    }

    [TestMethod]
    public void TheLatentScatterPlotsTheTwoLatentDimensionsWhoseMeansVaryMost()
    {
        // Seed 2 gives a model of four latent dimensions whose most varied pair is not z0 and z1, the scatter's old axes.
        string model = _workspace.PathOf("four-dimensions.zip");
        CliRun training = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--hidden", "8", "--latent-dim", "4",
            "--epochs", "3", "--batch-size", "8", "--threads", "1", "--seed", "2", "--out", model);
        Assert.AreEqual(0, training.ExitCode, training.Error);
        string directory = _workspace.PathOf("pictures-of-four-dimensions");

        CliRun run = CliRun.Of("pictures", model, _workspace.DataPath, "--label-column", "label", "--out", directory);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        VaeDataset rows = CsvDatasetReader.Read(_workspace.DataPath, new CsvDatasetOptions { LabelColumnName = "label" });
        var means = new float[rows.RowCount * 4];
        VaeModel.Load(model).Encode(rows.ToArray(), means, default);
        double[] variances = Enumerable.Range(0, 4).Select(dimension => Variance(means.Where((_, i) => i % 4 == dimension))).ToArray();
        int[] expected = Enumerable.Range(0, 4).OrderByDescending(dimension => variances[dimension]).Take(2).Order().ToArray();
        CollectionAssert.AreNotEqual(new[] { 0, 1 }, expected, "the test needs a model whose most varied dimensions are not the first two");
        using var picture = new MemoryStream();
        LatentScatter.RenderDimensions(means, 4, [.. rows.Labels!], expected[0], expected[1], labelNames: rows.LabelNames).WritePng(picture, PicturesMark.For("latent-scatter.png"));
        CollectionAssert.AreEqual(picture.ToArray(), File.ReadAllBytes(Path.Combine(directory, "latent-scatter.png")));
        StringAssert.Contains(
            run.Output,
            $"latent-scatter.png plots z{expected[0]} across and z{expected[1]} up: of the model's 4 latent dimensions, the two whose means vary most over the 40 rows drawn");

        static double Variance(IEnumerable<float> values)
        {
            double[] all = [.. values.Select(value => (double)value)];
            double mean = all.Average();
            return all.Sum(value => (value - mean) * (value - mean)) / all.Length;
        }
    }

    /// <summary>
    /// Choosing the scatter's axes once encoded its rows again to measure their latent activity, whose KL overflows
    /// float32 for a row whose means the scatter plots: pictures failed on a row of 1e25s although every mean was finite.
    /// </summary>
    [TestMethod]
    public void TheLatentScatterChoosesItsDimensionsFromTheMeansItPlots()
    {
        string model = _workspace.PathOf("four-dimensions-far-row.zip");
        CliRun training = CliRun.Of(
            "train", _workspace.DataPath, "--label-column", "label", "--hidden", "8", "--latent-dim", "4", "--epochs", "1", "--threads", "1", "--out", model);
        Assert.AreEqual(0, training.ExitCode, training.Error);
        string[] lines = File.ReadAllLines(_workspace.DataPath);
        string far = _workspace.PathOf("far-row.csv");
        File.WriteAllLines(far, [lines[0], "1e25,-1e25,1e25,-1e25,0", .. lines[1..]]);
        string directory = _workspace.PathOf("pictures-of-a-far-row");

        CliRun run = CliRun.Of("pictures", model, far, "--label-column", "label", "--out", directory);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "of the model's 4 latent dimensions, the two whose means vary most over the 41 rows drawn");
        Assert.IsTrue(File.Exists(Path.Combine(directory, "latent-scatter.png")));
    }

    [TestMethod]
    public void PicturesDimensionsChoosesTheAxesOfTheLatentScatter()
    {
        string directory = _workspace.PathOf("pictures-of-chosen-dimensions");

        CliRun run = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", directory, "--dimensions", "1,0");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        VaeDataset rows = CsvDatasetReader.Read(_workspace.DataPath, new CsvDatasetOptions { LabelColumnName = "label" });
        var means = new float[rows.RowCount * 2];
        VaeModel.Load(_model).Encode(rows.ToArray(), means, default);
        using var expected = new MemoryStream();
        LatentScatter.RenderDimensions(means, 2, [.. rows.Labels!], dimensionX: 1, dimensionY: 0, labelNames: rows.LabelNames).WritePng(expected, PicturesMark.For("latent-scatter.png"));
        CollectionAssert.AreEqual(expected.ToArray(), File.ReadAllBytes(Path.Combine(directory, "latent-scatter.png")));
        StringAssert.Contains(run.Output, "latent-scatter.png plots z1 across and z0 up: as --dimensions asks");
    }

    [TestMethod]
    public void PicturesRefusesDimensionsTheModelDoesNotHaveBeforeDrawingAnything()
    {
        string directory = _workspace.PathOf("pictures-of-missing-dimensions");

        CliRun run = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", directory, "--dimensions", "0,2");

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            "vae: --dimensions 0,2 names latent dimension 2, but the model's 2 are numbered 0 to 1; choose two of those.",
            run.Error.TrimEnd());
        Assert.IsFalse(Directory.Exists(directory));
    }

    [TestMethod]
    public void PicturesWriteIntoAnExistingDirectoryNamedAsAFile()
    {
        string directory = _workspace.PathOf("existing-pictures.png");
        Directory.CreateDirectory(directory);

        CliRun run = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", directory);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.IsTrue(File.Exists(Path.Combine(directory, "latent-scatter.png")));
    }

    [TestMethod]
    public void PicturesColumnsLaysOutTheReconstructionsAndTheSamples()
    {
        // Eleven 2x2 images at --scale 2 are 4 pixels a side and a 1-pixel line apart: 4 to a row need 3 rows, and
        // the reconstructions a row below each of those.
        string directory = _workspace.PathOf("pictures-in-four-columns");

        CliRun run = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", directory, "--image-shape", "2x2", "--count", "11", "--columns", "4");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        Assert.AreEqual((21, 16), PngSize(Path.Combine(directory, "samples.png")));
        Assert.AreEqual((21, 31), PngSize(Path.Combine(directory, "reconstructions.png")));
    }

    [TestMethod]
    [DataRow("--scale", "4")]
    [DataRow("--columns", "4")]
    [DataRow("--count", "5")]
    [DataRow("--seed", "3")]
    public void PicturesOfTabularRowsRefuseTheOptionsOfPicturesOfImages(string option, string value)
    {
        string directory = _workspace.PathOf($"pictures-of-rows{option}");

        CliRun run = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", directory, option, value);

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: {option} applies to the pictures of images, and {_workspace.DataPath} is CSV, which does not say how its rows form images, and {_model} records no image shape "
            + $"(it was not trained on IDX images, or was saved before shapes were kept); add --image-shape WIDTHxHEIGHT or leave {option} out.",
            run.Error.TrimEnd());
        Assert.IsFalse(Directory.Exists(directory));
    }

    [TestMethod]
    [OSCondition(ConditionMode.Exclude, OperatingSystems.Windows)]
    [UnsupportedOSPlatform("windows")]
    public void PicturesAndGraphsAreWrittenAllOrNoneWhenOneFileCannotBeReplaced()
    {
        // A read-only file refuses even root; it is not the first file of either set, which used to be written already.
        string pictures = ReadOnlyFileIn("all-or-no-pictures", "samples.png");
        string graphs = ReadOnlyFileIn("all-or-no-graphs", "decoder.onnx");

        CliRun picturesRun = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", pictures, "--image-shape", "2x2");
        CliRun graphsRun = CliRun.Of("export-onnx", _model, graphs);

        Assert.AreEqual(1, picturesRun.ExitCode);
        StringAssert.Contains(picturesRun.Error, "samples.png' is read-only");
        CollectionAssert.AreEqual(new[] { "samples.png" }, Directory.GetFiles(pictures).Select(Path.GetFileName).ToArray());
        Assert.AreEqual(1, graphsRun.ExitCode);
        StringAssert.Contains(graphsRun.Error, "decoder.onnx' is read-only");
        CollectionAssert.AreEqual(new[] { "decoder.onnx" }, Directory.GetFiles(graphs).Select(Path.GetFileName).ToArray());
    }

    [UnsupportedOSPlatform("windows")]
    private static string ReadOnlyFileIn(string directoryName, string fileName)
    {
        string directory = _workspace.PathOf(directoryName);
        Directory.CreateDirectory(directory);
        string file = Path.Combine(directory, fileName);
        File.WriteAllText(file, "kept");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return directory;
    }

    [TestMethod]
    public void PicturesOfOneRowSaySkippingTheInterpolation()
    {
        string directory = _workspace.PathOf("pictures-of-one");
        CliRun run = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--max-rows", "1", "--out", directory, "--image-shape", "2x2");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, $"skipped interpolation.png: it runs from the first row to the second, and one row of {_workspace.DataPath} was read");
        Assert.IsFalse(File.Exists(Path.Combine(directory, "interpolation.png")));
        string single = _workspace.PathOf("pictures-of-one-sample");
        Assert.AreEqual(0, CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--max-rows", "1", "--out", single, "--image-shape", "2x2", "--count", "1").ExitCode);
        (int width, int height) = PngSize(Path.Combine(directory, "samples.png"));
        (int oneWidth, int oneHeight) = PngSize(Path.Combine(single, "samples.png"));
        Assert.AreEqual((8 * (oneWidth - 1), 4 * (oneHeight - 1)), (width - 1, height - 1), "the default 32 prior samples, 8 to a row, however few rows were read");
    }

    [TestMethod]
    public void PicturesRemoveAPictureThisRunSkipsThatAnEarlierRunLeftAndNothingElse()
    {
        // The earlier run read two rows and drew the interpolation, which this run of one row skips.
        string directory = _workspace.PathOf("pictures-over-earlier");
        string[] pictures = ["pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", directory, "--image-shape", "2x2"];
        Assert.AreEqual(0, CliRun.Of(pictures).ExitCode);
        string earlier = Path.Combine(directory, "interpolation.png");
        Assert.IsTrue(File.Exists(earlier));
        File.WriteAllText(Path.Combine(directory, "notes.txt"), "kept");

        CliRun run = CliRun.Of([.. pictures, "--max-rows", "1"]);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, $"skipped interpolation.png: it runs from the first row to the second, and one row of {_workspace.DataPath} was read; removed the earlier {earlier}\n");
        CollectionAssert.AreEquivalent(
            new[] { "latent-scatter.png", "manifold.png", "notes.txt", "reconstructions.png", "samples.png", "training-curves.png" },
            Directory.GetFiles(directory).Select(Path.GetFileName).ToArray());
    }

    /// <summary>
    /// A file of a skipped picture's name was removed as an earlier run's picture though vae pictures never wrote it,
    /// such as the samples.png of vae generate or a text file of the user's.
    /// </summary>
    [TestMethod]
    public void PicturesLeaveAFileOfASkippedPicturesNameThatTheyDidNotWrite()
    {
        string directory = Directory.CreateDirectory(_workspace.PathOf("pictures-beside-users-files")).FullName;
        string samples = Path.Combine(directory, "samples.png");
        Assert.AreEqual(0, CliRun.Of("generate", _model, "-n", "4", "--image-shape", "2x2", "--out", samples).ExitCode);
        byte[] generated = File.ReadAllBytes(samples);
        string manifold = Path.Combine(directory, "manifold.png");
        File.WriteAllText(manifold, "mine");

        CliRun run = CliRun.Of("pictures", _model, _workspace.DataPath, "--label-column", "label", "--out", directory);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, $"--image-shape WIDTHxHEIGHT draws them; left {samples} and {manifold}, which bears no mark of vae pictures\n");
        CollectionAssert.AreEqual(generated, File.ReadAllBytes(samples));
        Assert.AreEqual("mine", File.ReadAllText(manifold));
    }

    /// <summary>The MODEL read, named as a picture this run skips, was refused as one to remove; it is no picture, and is left.</summary>
    [TestMethod]
    public void PicturesLeaveASkippedPicturesNameThatIsTheModelRead()
    {
        string directory = _workspace.PathOf("pictures-beside-their-model");
        Directory.CreateDirectory(directory);
        string model = Path.Combine(directory, "interpolation.png");
        File.Copy(_model, model);

        CliRun run = CliRun.Of("pictures", model, _workspace.DataPath, "--label-column", "label", "--max-rows", "1", "--out", directory, "--image-shape", "2x2");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, $"was read; left {model}, which bears no mark of vae pictures\n");
        CollectionAssert.AreEqual(File.ReadAllBytes(_model), File.ReadAllBytes(model));
    }

    // A PNG's width and height are the big-endian integers at bytes 16 and 20, in its IHDR chunk.
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] png = File.ReadAllBytes(path);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [TestMethod]
    public void EvaluateRefusesAScoresPathItCouldNotWriteBeforeEvaluating()
    {
        string directory = _workspace.PathOf("scores-directory");
        Directory.CreateDirectory(directory);

        CliRun run = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label", "--scores", directory);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, $"--scores {directory}: '{directory}' names a directory, not a file.");
        Assert.DoesNotContain("rows: ", run.Output, "nothing was evaluated");
    }

    [TestMethod]
    public void ExportOnnxRefusesAFileAsItsDirectory()
    {
        string file = _workspace.PathOf("not-a-directory");
        File.WriteAllText(file, "x");

        CliRun run = CliRun.Of("export-onnx", _model, file);

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, $"DIR {file}: that is a file; give a directory");
    }

    [TestMethod]
    public void ImageShapeMustMatchTheModel()
    {
        CliRun run = CliRun.Of("generate", _model, "-n", "2", "--image-shape", "3x3", "--out", _workspace.PathOf("bad.png"));

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(1, run.ErrorLines.Length);
        StringAssert.StartsWith(run.Error, "vae: --image-shape 3x3 has 9 pixels but the model has 4 features");
    }

    [TestMethod]
    public void ANumberedHeaderNamesNoFeatureSoItIsNotReadBackWithOtherColumnsAsThoseFeatures()
    {
        // The label beside the feature named label numbers the columns; x_0, x_1 and label then named the columns of
        // the features x_1, x_0 and of the label, which evaluate read back as the features of those names.
        string data = _workspace.PathOf("x-named.csv");
        File.WriteAllLines(data, File.ReadAllLines(_workspace.DataPath).Select(line => line.Split(',')).Select((cells, i) =>
            i == 0 ? "x_1,x_0,label,target" : $"{cells[0]},{cells[1]},{cells[2]},{cells[4]}"));
        string model = _workspace.PathOf("x-named.zip");
        string encoded = _workspace.PathOf("x-named-encoded.csv");

        CliRun trained = CliRun.Of("train", data, "--label-column", "target", "--hidden", "4", "-k", "2", "--epochs", "1", "--threads", "1", "--out", model);
        CliRun encoding = CliRun.Of("encode", model, data, "--label-column", "target", "--out", encoded);
        // Compared as JSON, which holds every figure and, unlike the report, names no file.
        CliRun original = CliRun.Of("evaluate", model, data, "--label-column", "target", "--json", "-");
        CliRun byName = CliRun.Of("evaluate", model, encoded);
        CliRun byNumber = CliRun.Of("evaluate", model, encoded, "--feature-columns", "x_0_,x_1_,x_2", "--label-column", "label_", "--json", "-");

        Assert.AreEqual(0, trained.ExitCode, trained.Error);
        Assert.AreEqual(0, encoding.ExitCode, encoding.Error);
        Assert.AreEqual("x_0_,x_1_,x_2,label_,mean_0,mean_1,logvar_0,logvar_1", File.ReadLines(encoded).First());
        Assert.AreEqual(1, byName.ExitCode, byName.Output);
        StringAssert.Contains(byName.Error, "there are no columns named \"x_1\", \"x_0\", \"label\" to use as features");
        Assert.AreEqual(0, byNumber.ExitCode, byNumber.Error);
        Assert.AreEqual(original.Output, byNumber.Output, "the numbered columns are the features in the model's order");
    }

    [TestMethod]
    public void DataWithOtherColumnsThanTheModelIsRefusedPointingAtTheLabelWhenOneColumnIsExtra()
    {
        string headerless = _workspace.PathOf("headerless-labelled.csv");
        File.WriteAllLines(headerless, File.ReadAllLines(_workspace.DataPath)[1..]);
        string twoExtra = _workspace.PathOf("headerless-two-extra.csv");
        File.WriteAllLines(twoExtra, File.ReadAllLines(_workspace.DataPath)[1..].Select(line => line + ",0"));
        CliRun unnamedLabel = CliRun.Of("encode", _model, headerless, "--no-header");
        CliRun twoTooMany = CliRun.Of("encode", _model, twoExtra, "--no-header");
        CliRun tooFew = CliRun.Of("encode", _model, _workspace.DataPath, "--label-column", "label", "--feature-columns", "a,b");

        Assert.AreEqual(1, unnamedLabel.ExitCode);
        StringAssert.Contains(unnamedLabel.Error, "has 5 feature columns but");
        StringAssert.Contains(unnamedLabel.Error, "if one of them is the label, name it with --label-column");
        Assert.AreEqual(1, twoTooMany.ExitCode);
        StringAssert.Contains(twoTooMany.Error, "has 6 feature columns but");
        Assert.DoesNotContain("--label-column", twoTooMany.Error, "two columns too many are not the label read as a feature");
        Assert.AreEqual(1, tooFew.ExitCode);
        StringAssert.EndsWith(tooFew.Error.TrimEnd(), "takes 4; choose the same columns as in training (--feature-columns, --exclude-columns).");
    }

    [TestMethod]
    public void ACsvFileWithAHeaderGivesTheModelItsColumnsByName()
    {
        // a,b,c,d,label becomes id,label,c,a,d,b: an unused column first, then the model's in another order.
        string shuffled = _workspace.PathOf("shuffled.csv");
        File.WriteAllLines(shuffled, File.ReadAllLines(_workspace.DataPath).Select(line => line.Split(',')).Select((cells, i) =>
            string.Join(',', i == 0 ? "id" : $"{i}", cells[4], cells[2], cells[0], cells[3], cells[1])));

        CliRun inOrder = CliRun.Of("encode", _model, _workspace.DataPath, "--label-column", "label");
        CliRun reordered = CliRun.Of("encode", _model, shuffled, "--label-column", "label");
        CliRun withoutLabel = CliRun.Of("encode", _model, shuffled);
        CliRun chosenInAnotherOrder = CliRun.Of("encode", _model, shuffled, "--feature-columns", "b,a,c,d", "--label-column", "label");

        Assert.AreEqual(0, reordered.ExitCode, reordered.Error);
        Assert.AreEqual(inOrder.Output, reordered.Output, "the columns a, b, c, d are read by name, wherever they stand");
        Assert.AreEqual(string.Empty, reordered.Error);
        Assert.AreEqual(0, withoutLabel.ExitCode, withoutLabel.Error);
        Assert.AreEqual(0, chosenInAnotherOrder.ExitCode, chosenInAnotherOrder.Error);
        Assert.AreEqual(
            $"vae: warning: --feature-columns chooses other columns than {_model} was trained on (the same names come in another order: feature 0 is \"b\" where the model has \"a\"); the model is given them in the order listed.",
            chosenInAnotherOrder.Error.TrimEnd());
        Assert.AreNotEqual(inOrder.Output, chosenInAnotherOrder.Output, "b is given to the model as its a");
    }

    [TestMethod]
    public void AFileLackingColumnsOfTheModelIsToldWhichAndMayMapItsOwnWithAWarning()
    {
        string renamed = _workspace.PathOf("renamed.csv");
        File.WriteAllText(renamed, File.ReadAllText(_workspace.DataPath).Replace("a,b,c,d,label", "a,B,c,d,label", StringComparison.Ordinal));

        CliRun missing = CliRun.Of("reconstruct", _model, renamed, "--label-column", "label");
        CliRun mapped = CliRun.Of("reconstruct", _model, renamed, "--label-column", "label", "--feature-columns", "a,B,c,d");
        CliRun mistypedLabel = CliRun.Of("reconstruct", _model, _workspace.DataPath, "--label-column", "lable");
        CliRun inspect = CliRun.Of("inspect", _model);

        Assert.AreEqual(1, missing.ExitCode);
        Assert.AreEqual(
            $"vae: {renamed}, line 1 (header): there is no column named \"b\" to use as a feature; did you mean \"B\"? The 5 columns are \"a\", \"B\", \"c\", \"d\", \"label\". "
            + $"Names are case-sensitive. {_model} was trained on the feature columns \"a\", \"b\", \"c\", \"d\", which are read by name; give a file that has them, or choose its columns, in that order, with --feature-columns.",
            missing.Error.TrimEnd());
        Assert.AreEqual(0, mapped.ExitCode, mapped.Error);
        StringAssert.StartsWith(mapped.Error, $"vae: warning: --feature-columns chooses other columns than {_model} was trained on (the data lacks \"b\" and has \"B\" instead)");
        Assert.AreEqual(1, mistypedLabel.ExitCode);
        StringAssert.Contains(mistypedLabel.Error, "there is no column named \"lable\" to use as the label; did you mean \"label\"?");
        Assert.DoesNotContain("trained on", mistypedLabel.Error, "the label is no column of the model's");
        StringAssert.Contains(inspect.Output, "feature names      \"a\", \"b\", \"c\", \"d\"");
    }

    [TestMethod]
    public void AColumnNameHoldingACommaIsChosenInQuotes()
    {
        string commaNamed = _workspace.PathOf("comma-named.csv");
        string[] lines = File.ReadAllLines(_workspace.DataPath);
        Assert.AreEqual("a,b,c,d,label", lines[0]);
        File.WriteAllLines(commaNamed, lines.Skip(1).Prepend("\"a,1\",b,c,d,label"));
        string model = _workspace.PathOf("comma-named.zip");

        CliRun train = CliRun.Of("train", commaNamed, "--feature-columns", "\"a,1\", c", "--hidden", "4", "-k", "2", "--epochs", "1", "--threads", "1", "--out", model);
        CliRun inspect = CliRun.Of("inspect", model);

        Assert.AreEqual(0, train.ExitCode, train.Error);
        StringAssert.Contains(train.Output, "40 rows × 2 features");
        StringAssert.Contains(inspect.Output, "feature names      \"a,1\", \"c\"");
    }

    [TestMethod]
    public void ControlAndInvisibleCharactersFromAFileAreShownEscapedNotSentToTheTerminal()
    {
        string escaping = _workspace.PathOf("escaping.csv");
        string[] lines = File.ReadAllLines(_workspace.DataPath);
        File.WriteAllLines(escaping, lines.Skip(1).Prepend("\"a\u001B[2J\u001B]0;title\u0007\",b,c,d,label"));
        string model = _workspace.PathOf("escaping\u001B[2J\u00A0\u200B.zip");

        CliRun train = CliRun.Of("train", escaping, "--label-column", "label", "--hidden", "4", "-k", "2", "--epochs", "1", "--threads", "1", "--out", model);
        CliRun inspect = CliRun.Of("inspect", model);
        CliRun missing = CliRun.Of("encode", model, _workspace.DataPath, "--label-column", "label");
        CliRun verbose = CliRun.Of("encode", model, _workspace.DataPath, "--label-column", "label", "--verbose");

        // A file name in the warning about a header of numbers, and a label in evaluate's ROC AUC line.
        string headerOfNumbers = _workspace.PathOf("numbers\u001B[2J.csv");
        File.WriteAllLines(headerOfNumbers, lines.Skip(1).Select(line => line[..line.LastIndexOf(',')]));
        CliRun numbers = CliRun.Of("train", headerOfNumbers, "--hidden", "4", "-k", "2", "--epochs", "1", "--threads", "1", "--out", _workspace.PathOf("numbers.zip"));
        string textLabels = _workspace.PathOf("text-labels.csv");
        File.WriteAllLines(textLabels, lines.Select((line, i) => i == 0 ? line : line[..line.LastIndexOf(',')] + (line.EndsWith(",1", StringComparison.Ordinal) ? ",bad\u001B[33m" : ",ok")));
        string textLabelled = _workspace.PathOf("text-labels.zip");
        Assert.AreEqual(0, CliRun.Of("train", textLabels, "--label-column", "label", "--hidden", "4", "-k", "2", "--epochs", "1", "--threads", "1", "--out", textLabelled).ExitCode);
        CliRun evaluate = CliRun.Of("evaluate", textLabelled, textLabels, "--label-column", "label", "--positive-label", "bad\u001B[33m");

        Assert.AreEqual(0, numbers.ExitCode, numbers.Error);
        StringAssert.Contains(numbers.Error, "warning: the header line of " + headerOfNumbers.Replace("\u001B", "\\u001B", StringComparison.Ordinal) + " holds only numbers");
        Assert.AreEqual(0, evaluate.ExitCode, evaluate.Error);
        StringAssert.Contains(evaluate.Output, "ROC AUC, label bad\\u001B[33m anomalous");
        Assert.AreEqual(0, train.ExitCode, train.Error);
        StringAssert.Contains(inspect.Output, "\"a\\u001B[2J\\u001B]0;title\\u0007\"");
        Assert.AreEqual(1, missing.ExitCode);
        StringAssert.Contains(missing.Error, "\"a\\u001B[2J");
        StringAssert.Contains(verbose.Error, "VaeDataException");
        StringAssert.Contains(train.Output, "escaping\\u001B[2J\\u00A0\\u200B.zip");
        foreach (string printed in new[] { train.Output, train.Error, inspect.Output, missing.Error, verbose.Error, numbers.Error, evaluate.Output })
        {
            Assert.IsFalse(printed.Any(c => char.IsControl(c) && c is not '\n' and not '\r'), printed);
        }
    }

    [TestMethod]
    public void ALabelColumnThatTheModelTakesAsAFeatureIsRefusedSayingSo()
    {
        string unlabelled = _workspace.PathOf("all-columns.zip");
        Assert.AreEqual(0, CliRun.Of("train", _workspace.DataPath, "--hidden", "4", "-k", "2", "--epochs", "1", "--threads", "1", "--out", unlabelled).ExitCode);

        CliRun run = CliRun.Of("encode", unlabelled, _workspace.DataPath, "--label-column", "label");

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual(
            $"vae: --label-column label names a column {unlabelled} takes as a feature, so it cannot also be the label; leave out --label-column, or train the model with --label-column label, which leaves it out of the features.",
            run.Error.TrimEnd());
    }

    [TestMethod]
    public void ExcludedColumnsAreNoFeaturesAndTheModelReadsNewFilesByItsFeatureNames()
    {
        string identified = _workspace.PathOf("identified.csv");
        File.WriteAllLines(identified, File.ReadAllLines(_workspace.DataPath).Select((line, i) => i == 0 ? $"patient_id,{line}" : $"P{1000 + i},{line}"));
        string model = _workspace.PathOf("identified.zip");
        string[] training = ["--hidden", "4", "-k", "2", "--epochs", "1", "--threads", "1"];

        CliRun unexcluded = CliRun.Of(["train", identified, "--label-column", "label", .. training, "--out", _workspace.PathOf("never.zip")]);
        CliRun trained = CliRun.Of(["train", identified, "--label-column", "label", "--exclude-columns", "patient_id", .. training, "--out", model]);
        CliRun byNames = CliRun.Of("encode", model, identified, "--label-column", "label");
        CliRun excludedAgain = CliRun.Of("encode", model, identified, "--label-column", "label", "--exclude-columns", "patient_id");
        CliRun withoutIds = CliRun.Of("encode", model, _workspace.DataPath, "--label-column", "label");
        CliRun modelFeature = CliRun.Of("encode", model, identified, "--exclude-columns", "patient_id,b");
        CliRun alsoListed = CliRun.Of(["train", identified, "--exclude-columns", "patient_id,a", "--feature-columns", "a,b", .. training, "--out", _workspace.PathOf("never.zip")]);

        Assert.AreEqual(1, unexcluded.ExitCode);
        Assert.AreEqual(
            $"vae: {identified}, line 2, column 1 (\"patient_id\"): the cell \"P1001\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3, "
            + "and leave text columns out of the features (--exclude-columns) or read them as categories (--categorical-columns). "
            + "The line holds text in no other feature column: --categorical-columns patient_id reads this one as categories.",
            unexcluded.Error.TrimEnd());
        Assert.AreEqual(0, trained.ExitCode, trained.Error);
        Assert.AreEqual(0, byNames.ExitCode, byNames.Error);
        StringAssert.StartsWith(byNames.Output, "a,b,c,d,label,mean_0,mean_1,logvar_0,logvar_1\n");
        Assert.AreEqual(byNames.Output, excludedAgain.Output);
        Assert.AreEqual(byNames.Output, withoutIds.Output);
        Assert.AreEqual(1, modelFeature.ExitCode);
        Assert.AreEqual(
            $"vae: --exclude-columns lists b, a column {model} takes as a feature, so it cannot be left out; leave it out of --exclude-columns, "
            + "or train the model with --exclude-columns b, which leaves it out of the features.",
            modelFeature.Error.TrimEnd());
        Assert.AreEqual(1, alsoListed.ExitCode);
        Assert.AreEqual(
            $"vae: {identified}: Column \"a\" is both excluded (--exclude-columns) and a feature column (--feature-columns); leave it out of one of them.",
            alsoListed.Error.TrimEnd());
    }

    [TestMethod]
    public void WithoutAHeaderTheExcludedColumnsAreLeftOutByIndexForTheModelToo()
    {
        string identified = _workspace.PathOf("identified-headerless.csv");
        File.WriteAllLines(identified, File.ReadAllLines(_workspace.DataPath).Skip(1).Select((line, i) => $"P{1000 + i},{line}"));
        string model = _workspace.PathOf("identified-headerless.zip");
        CliRun trained = CliRun.Of(
            "train", identified, "--no-header", "--label-column", "5", "--exclude-columns", "0", "--hidden", "4", "-k", "2", "--epochs", "1", "--threads", "1", "--out", model);

        CliRun unexcluded = CliRun.Of("encode", model, identified, "--no-header", "--label-column", "5");
        CliRun excluded = CliRun.Of("encode", model, identified, "--no-header", "--label-column", "5", "--exclude-columns", "0");

        Assert.AreEqual(0, trained.ExitCode, trained.Error);
        Assert.AreEqual(1, unexcluded.ExitCode);
        Assert.AreEqual(
            $"vae: {identified} has 5 feature columns but {model} takes 4; choose the same columns as in training (--feature-columns, --exclude-columns).",
            unexcluded.Error.TrimEnd());
        Assert.AreEqual(0, excluded.ExitCode, excluded.Error);
        Assert.AreEqual(1 + 40, excluded.Output.TrimEnd('\n').Split('\n').Length);
    }

    [TestMethod]
    public void TheIdColumnIsCopiedIntoEveryPerRowOutputInRowOrder()
    {
        // Ids as written, one quoted for its comma, another left empty.
        string[] ids = [.. Enumerable.Range(0, 40).Select(row => row switch { 3 => "\"Doe, J\"", 5 => string.Empty, _ => $"P{1000 + row}" })];
        string identified = _workspace.PathOf("identified-rows.csv");
        File.WriteAllLines(identified, File.ReadAllLines(_workspace.DataPath).Select((line, i) => i == 0 ? $"{line},patient_id" : $"{line},{ids[i - 1]}"));
        string headerless = _workspace.PathOf("identified-rows-headerless.csv");
        File.WriteAllLines(headerless, File.ReadAllLines(identified).Skip(1).Select(line => line.Split(',', 6) is [.. var cells, var id] ? $"{id},{string.Join(',', cells)}" : line));
        string scores = _workspace.PathOf("identified-scores.csv");
        string plainScores = _workspace.PathOf("plain-scores.csv");
        string images = _workspace.PathOf("identified-images.idx");
        File.WriteAllBytes(images, [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255]);

        CliRun encoded = CliRun.Of("encode", _model, identified, "--label-column", "label", "--id-column", "patient_id");
        CliRun plain = CliRun.Of("encode", _model, _workspace.DataPath, "--label-column", "label");
        CliRun reconstructed = CliRun.Of("reconstruct", _model, identified, "--id-column", "patient_id");
        CliRun evaluated = CliRun.Of("evaluate", _model, identified, "--label-column", "label", "--id-column", "patient_id", "--scores", scores);
        CliRun evaluatedPlain = CliRun.Of("evaluate", _model, _workspace.DataPath, "--label-column", "label", "--scores", plainScores);
        CliRun byIndex = CliRun.Of("encode", _model, headerless, "--no-header", "--label-column", "5", "--id-column", "0");
        CliRun feature = CliRun.Of("encode", _model, identified, "--label-column", "label", "--id-column", "b");
        CliRun featureByIndex = CliRun.Of("encode", _model, headerless, "--no-header", "--label-column", "5", "--exclude-columns", "0", "--id-column", "1");
        CliRun idx = CliRun.Of("encode", _model, images, "--id-column", "0");

        Assert.AreEqual(0, encoded.ExitCode, encoded.Error);
        string[] lines = encoded.Output.TrimEnd('\n').Split('\n');
        string[] plainLines = plain.Output.TrimEnd('\n').Split('\n');
        Assert.AreEqual($"patient_id,{plainLines[0]}", lines[0]);
        CollectionAssert.AreEqual(plainLines.Skip(1).Select((line, row) => $"{ids[row]},{line}").ToArray(), lines.Skip(1).ToArray());
        Assert.AreEqual(0, reconstructed.ExitCode, reconstructed.Error);
        StringAssert.StartsWith(reconstructed.Output, "patient_id,a,b,c,d,recon_a,");
        StringAssert.StartsWith(reconstructed.Output.Split('\n')[4], "\"Doe, J\",");
        Assert.AreEqual(0, evaluated.ExitCode, evaluated.Error);
        string[] scored = File.ReadAllLines(scores);
        string[] plainScored = File.ReadAllLines(plainScores);
        Assert.AreEqual("row,patient_id,anomaly_score,reconstruction_error,label", scored[0]);
        CollectionAssert.AreEqual(
            plainScored.Skip(1).Select((line, row) => line.Split(',', 2) is [var number, var rest] ? $"{number},{ids[row]},{rest}" : line).ToArray(),
            scored.Skip(1).ToArray());
        Assert.AreEqual(0, byIndex.ExitCode, byIndex.Error);
        Assert.AreEqual($"id,{plainLines[0]}", byIndex.Output.Split('\n')[0]);
        Assert.AreEqual(lines[4], byIndex.Output.Split('\n')[4]);
        Assert.AreEqual(1, feature.ExitCode);
        Assert.AreEqual(
            $"vae: --id-column b names a column {_model} takes as a feature, so it cannot also be the id column; choose a column the model does not read, "
            + "or train the model with --exclude-columns b, which leaves it out of the features.",
            feature.Error.TrimEnd());
        Assert.AreEqual(1, featureByIndex.ExitCode);
        Assert.AreEqual(
            $"vae: --id-column 1 names a column {_model} takes as a feature (without it, the columns of {headerless} are the 4 the model takes, by position), "
            + "so it cannot also be the id column; choose a column the model does not read, or train the model with --exclude-columns 1, which leaves it out of the features.",
            featureByIndex.Error.TrimEnd());
        Assert.AreEqual($"vae: --id-column applies to CSV input, but {images} is an IDX file, whose images have no ids, and are written in file order; leave --id-column out.", idx.Error.TrimEnd());
    }
}
