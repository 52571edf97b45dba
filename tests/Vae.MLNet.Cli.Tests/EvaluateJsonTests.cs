using System.Globalization;
using System.Text.Json.Nodes;
using Vae.MLNet.Data;
using Vae.MLNet.Evaluation;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class EvaluateJsonTests
{
    private static Workspace _workspace = null!;
    private static string _data = null!;
    private static string _model = null!;

    /// <summary>A Gaussian model of a measurement, a categorical colour and a further measurement, with labels 0 and 1.</summary>
    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        _workspace = new Workspace();
        _model = _workspace.TrainShapes("Gaussian");
        _data = _workspace.ShapesPath;
    }

    [ClassCleanup]
    public static void Cleanup() => _workspace.Dispose();

    [TestMethod]
    public void TheJsonFileHoldsWhatTheLibraryComputesForTheSameRows()
    {
        string path = _workspace.PathOf("evaluation.json");

        CliRun run = CliRun.Of("evaluate", _model, _data, "--label-column", "label", "--positive-label", "1", "--samples", "3", "--seed", "4", "--json", path);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "rows: 30\n", "the report still goes to standard output");
        StringAssert.EndsWith(run.Output, $"wrote {path} (the evaluation of 30 rows)\n");
        JsonObject json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        VaeModel model = VaeModel.Load(_model);
        VaeDataset data = CsvDatasetReader.Read(_data, new CsvDatasetOptions
        {
            FeatureColumnNames = model.FeatureNames, Categories = model.CategoricalFeatures, LabelColumnName = "label",
        });
        VaeEvaluation sampled = model.Evaluate(data, sampleLatent: true, seed: 4);
        VaeEvaluation atMean = model.Evaluate(data);
        VaeRowScores scores = model.ScoreRows(data);
        VaeLogLikelihoodEstimate estimate = model.EstimateLogLikelihood(data, samples: 3, seed: 4);
        VaeLatentActivity activity = model.MeasureLatentActivity(data);
        VaeCategoryAccuracy colour = model.MeasureCategoryAccuracy(data).Single();
        double[] quantiles = ScoreQuantiles.Compute(scores.AnomalyScore, [0.5, 0.9, 0.95, 0.99, 1]);

        Assert.AreEqual(30, (int)json["rows"]!);
        Assert.AreEqual(4, (int)json["seed"]!);
        Assert.IsTrue(json.ContainsKey("binarization"));
        Assert.IsNull(json["binarization"]);
        Assert.AreEqual(sampled.NegativeElbo, (double)json["sampled"]!["loss"]!);
        Assert.AreEqual(sampled.Reconstruction, (double)json["sampled"]!["reconstruction"]!);
        Assert.AreEqual(sampled.KullbackLeibler, (double)json["sampled"]!["kullbackLeibler"]!);
        // evaluate sums the row scores' float reconstruction errors, which Evaluate keeps in double.
        Assert.AreEqual(atMean.Reconstruction, (double)json["atMean"]!["reconstruction"]!, 1e-5 * Math.Abs(atMean.Reconstruction));
        Assert.AreEqual(atMean.KullbackLeibler, (double)json["atMean"]!["kullbackLeibler"]!);
        Assert.AreEqual(sampled.EvidenceLowerBound, (double)json["evidenceLowerBound"]!);
        Assert.AreEqual(3, (int)json["logLikelihood"]!["samples"]!);
        Assert.AreEqual(estimate.Mean, (double)json["logLikelihood"]!["mean"]!);
        Assert.AreEqual(estimate.StandardError, (double?)json["logLikelihood"]!["standardError"]);
        CollectionAssert.AreEqual(quantiles, new[] { "p50", "p90", "p95", "p99", "max" }.Select(name => (double)json["anomalyScoreQuantiles"]![name]!).ToArray());
        Assert.AreEqual(activity.ActiveDimensions, (int)json["latentActivity"]!["activeDimensions"]!);
        JsonArray dimensions = json["latentActivity"]!["dimensions"]!.AsArray();
        Assert.HasCount(2, dimensions);
        for (int u = 0; u < 2; u++)
        {
            Assert.AreEqual($"z{u}", (string)dimensions[u]!["name"]!);
            Assert.AreEqual(activity.MeanVariances[u], (double)dimensions[u]!["meanVariance"]!);
            Assert.AreEqual(activity.MeanKullbackLeibler[u], (double)dimensions[u]!["meanKullbackLeibler"]!);
            Assert.AreEqual(activity.IsActive(u), (bool)dimensions[u]!["active"]!);
        }

        JsonObject category = json["categoryAccuracies"]!.AsArray().Single()!.AsObject();
        Assert.AreEqual("colour", (string)category["column"]!);
        Assert.AreEqual(30, (int)category["rows"]!);
        Assert.AreEqual(colour.Accuracy, (double?)category["accuracy"]);
        Assert.AreEqual(colour.MostCommonCategoryShare, (double?)category["mostCommonCategoryShare"]);
        Assert.AreEqual("1", (string)json["rocAuc"]!["positiveLabel"]!);
        Assert.AreEqual(RocAuc.Compute(scores.AnomalyScore, data.Labels!, 1), (double)json["rocAuc"]!["anomalyScore"]!);
        Assert.AreEqual(RocAuc.Compute(scores.ReconstructionError, data.Labels!, 1), (double)json["rocAuc"]!["reconstructionError"]!);
    }

    [TestMethod]
    public void JsonOnStandardOutputIsAllThatGoesThereAndTheReportGoesToStandardError()
    {
        string scores = _workspace.PathOf("scores.csv");

        CliRun run = CliRun.Of("evaluate", _model, _data, "--label-column", "label", "--scores", scores, "--json", "-");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        JsonObject json = JsonNode.Parse(run.Output)!.AsObject();
        Assert.AreEqual(30, (int)json["rows"]!);
        Assert.IsNull(json["logLikelihood"], "no --samples");
        Assert.IsNull(json["rocAuc"], "no --positive-label");
        Assert.IsTrue(json.ContainsKey("rocAuc"), "a figure that does not apply is null, not left out");
        StringAssert.StartsWith(run.Error, "rows: 30\n");
        StringAssert.Contains(run.Error, $"wrote {scores} (30 rows)");
    }

    [TestMethod]
    public void OneRowHasNoSpreadSoItsQuantilesAndLatentActivityAreNull()
    {
        CliRun run = CliRun.Of("evaluate", _model, _data, "--label-column", "label", "--max-rows", "1", "--json", "-");

        Assert.AreEqual(0, run.ExitCode, run.Error);
        JsonObject json = JsonNode.Parse(run.Output)!.AsObject();
        Assert.IsNull(json["anomalyScoreQuantiles"]);
        Assert.IsNull(json["latentActivity"]);
    }

    [TestMethod]
    public void TheElboOfGrayFeaturesOfABernoulliModelIsNullAndTheReportSaysWhy()
    {
        string bernoulli = _workspace.TrainModel("bernoulli.zip");

        CliRun gray = CliRun.Of("evaluate", bernoulli, _workspace.DataPath, "--label-column", "label", "--json", "-");
        CliRun binary = CliRun.Of("evaluate", bernoulli, _workspace.DataPath, "--label-column", "label", "--binarize", "0.5", "--json", "-");

        Assert.AreEqual(0, gray.ExitCode, gray.Error);
        JsonObject grayJson = JsonNode.Parse(gray.Output)!.AsObject();
        Assert.IsTrue(grayJson.ContainsKey("evidenceLowerBound"));
        Assert.IsNull(grayJson["evidenceLowerBound"], "the cross-entropy of gray features bounds no log p(x)");
        StringAssert.Contains(
            gray.Error,
            $"ELBO as a bound on log p(x): none, as {_workspace.DataPath}, line 2, column 1 (\"a\") is ");
        StringAssert.Contains(gray.Error, "so for other features the loss above is a cross-entropy, which bounds no log p(x); read DATA with --binarize stochastic for a bound.\n");
        Assert.AreEqual(0, binary.ExitCode, binary.Error);
        JsonObject binaryJson = JsonNode.Parse(binary.Output)!.AsObject();
        Assert.AreEqual(-(double)binaryJson["sampled"]!["loss"]!, (double)binaryJson["evidenceLowerBound"]!, "bits' loss is the bound, negated");
        Assert.DoesNotContain("ELBO as a bound", binary.Error);
    }

    /// <summary>The file once left out how DATA was binarized, on which every figure depends, and the seed of those sampled.</summary>
    [TestMethod]
    public void TheJsonRecordsTheSeedAndTheBinarizationItsFiguresDependOn()
    {
        string bernoulli = _workspace.TrainModel("bernoulli-binarized.zip");

        JsonNode? Binarization(params string[] binarize) =>
            JsonNode.Parse(CliRun.Of(["evaluate", bernoulli, _workspace.DataPath, "--label-column", "label", "--seed", "7", "--json", "-", .. binarize]).Output)!["binarization"];

        Assert.AreEqual("""{"kind":"threshold","threshold":0.6,"seed":null}""", Binarization("--binarize", "0.6")!.ToJsonString());
        Assert.AreEqual("""{"kind":"stochastic","threshold":null,"seed":3}""", Binarization("--binarize", "stochastic", "--binarize-seed", "3")!.ToJsonString());
        Assert.AreEqual(7, (int)JsonNode.Parse(CliRun.Of("evaluate", bernoulli, _workspace.DataPath, "--label-column", "label", "--seed", "7", "--json", "-").Output)!["seed"]!);
    }

    [TestMethod]
    public void JsonAndScoresNamingOneFileAreRefused()
    {
        string path = _workspace.PathOf("both.out");

        CliRun same = CliRun.Of("evaluate", _model, _data, "--label-column", "label", "--scores", path, "--json", path);
        CliRun overData = CliRun.Of("evaluate", _model, _data, "--label-column", "label", "--json", _data);

        Assert.AreEqual(2, same.ExitCode);
        StringAssert.Contains(same.Error, $"--json {path} and --scores {path} name the same file, which would keep only one of them; give each its own file.");
        Assert.AreEqual(2, overData.ExitCode);
        StringAssert.Contains(overData.Error, $"--json {_data} is also the DATA this command reads");
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void WithSamplesTheScoresFileGivesEachRowsLogLikelihood()
    {
        string scores = _workspace.PathOf("scores-with-samples.csv");

        CliRun run = CliRun.Of("evaluate", _model, _data, "--label-column", "label", "--samples", "3", "--seed", "4", "--scores", scores);

        Assert.AreEqual(0, run.ExitCode, run.Error);
        VaeModel model = VaeModel.Load(_model);
        VaeDataset data = CsvDatasetReader.Read(_data, new CsvDatasetOptions { FeatureColumnNames = model.FeatureNames, Categories = model.CategoricalFeatures, LabelColumnName = "label" });
        VaeLogLikelihoodEstimate estimate = model.EstimateLogLikelihood(data, samples: 3, seed: 4);
        string[] lines = File.ReadAllLines(scores);
        Assert.AreEqual("row,anomaly_score,reconstruction_error,label,log_likelihood", lines[0]);
        CollectionAssert.AreEqual(estimate.PerRow.ToArray(), lines[1..].Select(line => double.Parse(line.Split(',')[4], CultureInfo.InvariantCulture)).ToArray());
    }

    [TestMethod]
    public void SamplesRefuseARowOfAnUnseenCategoryWhoseLogLikelihoodWouldLeaveItsColumnOut()
    {
        string unseen = _workspace.PathOf("unseen-colour.csv");
        File.WriteAllLines(unseen, ["size,colour,weight,label", "1.5,red,112.5,0", "2,green,125,1"]);

        CliRun samples = CliRun.Of("evaluate", _model, unseen, "--label-column", "label", "--unknown-categories-as-none", "--samples", "3");
        CliRun bound = CliRun.Of("evaluate", _model, unseen, "--label-column", "label", "--unknown-categories-as-none", "--json", "-");

        Assert.AreEqual(1, samples.ExitCode);
        StringAssert.StartsWith(
            samples.Error,
            $"vae: {unseen}, line 3: column \"colour\" holds none of its categories (its one-hot features are all 0), so the row's loss leaves the column out and bounds the log p(x) of its other columns only. "
                + "--samples needs a category in every categorical column of every row: leave out the rows that hold none (--unknown-categories-as-none reads a category the model was not trained on as none), or evaluate without --samples.");
        Assert.AreEqual(string.Empty, samples.Output, "nothing was estimated");
        Assert.AreEqual(0, bound.ExitCode, bound.Error);
        Assert.IsNull(JsonNode.Parse(bound.Output)!["evidenceLowerBound"]);
        StringAssert.Contains(bound.Error, "ELBO as a bound on log p(x): none, as ");
    }
}
