using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Commands;

/// <summary>
/// <c>vae evaluate MODEL DATA</c>: test ELBO, optional log-likelihood, anomaly scores and their ROC AUC, categorical
/// columns' accuracy; printed, and with <c>--json</c> written as one JSON object too (<see cref="EvaluationJson"/>).
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>The option naming the per-row scores file, which the check of files read against it finds it by.</summary>
    public const string ScoresName = "--scores";

    /// <summary>The option naming the JSON summary's file, which the check of files read against it finds it by.</summary>
    public const string JsonName = "--json";

    private static readonly UnscorableFeatureAdvice SamplesAdvice = new(
        "--samples needs every feature finite (impute or drop missing values first).",
        "pass --samples with --binarize stochastic (the draws published figures use) or --binarize 0.5 (a threshold).",
        "--samples needs a Bernoulli model whose scaling keeps 0 and 1, such as one trained on binarized data (train with --binarize).",
        "--samples needs a category in every categorical column of every row: leave out the rows that hold none (--unknown-categories-as-none reads a category the model was not trained on as none), or evaluate without --samples.");

    // Evaluate has refused features that are not finite by then, so only the advice about 0 and 1 and about categories is told.
    private static readonly UnscorableFeatureAdvice BoundAdvice = SamplesAdvice with
    {
        Binarize = "for other features the loss above is a cross-entropy, which bounds no log p(x); read DATA with --binarize stochastic for a bound.",
        BinaryModel = "The loss above bounds no log p(x): that needs a Bernoulli model whose scaling keeps 0 and 1, such as one trained on binarized data (train with --binarize).",
        UnknownCategory = "Leave out the rows that hold no category of a column, for a bound on log p(x).",
    };

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput(idColumnFor: "each row of the --scores file");
        var threads = new ScoringThreads();
        Option<int?> samples = new Option<int?>("--samples")
        {
            Description = "Also estimate log p(x) with this many importance samples per row (5000 is the usual benchmark).",
            HelpName = "K",
        }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Seed of the sampled latents.", DefaultValueFactory = _ => 0 };
        Option<string?> scores = OutputOptions.FileNotStandardOutput(
            OutputOptions.RefusingPng(new Option<string?>(ScoresName)
            {
                Description = "Write per-row scores to this CSV file: row (the 0-based index among the data rows; messages count a CSV file's lines from 1, header included), "
                    + "the --id-column cell when one is named, anomaly_score (the loss with z = μ, reconstruction plus KL), reconstruction_error, "
                    + "label when the data has labels, and log_likelihood (the row's log p(x)) with --samples.",
                HelpName = "FILE",
            }),
            "the scores file, whose lines would mix with the report,");
        var positive = new Option<string?>("--positive-label")
        {
            Description = "The label of the anomalous class, its id or, for labels that are text, its name; with labelled data, reports the ROC AUC of the anomaly scores.",
            HelpName = "LABEL",
        };

        var json = new Option<string?>(JsonName)
        {
            Description = "Also write everything evaluate reports as one JSON object to this file, or to standard output with '-', "
                + "where it is then all that is written: the report goes to standard error. docs/cli.md gives its members.",
            HelpName = "FILE",
        };

        var latentTable = new Option<bool>("--latent-table")
        {
            Description = "Below the count of active latent dimensions, print a line per dimension: the variance of its mean across the rows, its KL averaged over the rows, and whether it is active.",
        };

        Option<bool> noProgress = ProgressBars.NoProgressOption("Only --samples shows one, whose log-likelihood estimate then shows nothing until it is done; without it the option is accepted and changes nothing.");

        var command = new Command("evaluate", "Evaluate a model on data: negative ELBO and its terms, log-likelihood, per-row anomaly scores, ROC AUC, how often categorical columns are reconstructed.") { modelPath };
        data.AddTo(command);
        threads.AddTo(command);
        command.Add(samples);
        command.Add(seed);
        command.Add(scores);
        command.Add(positive);
        command.Add(latentTable);
        command.Add(json);
        command.Add(noProgress);
        command.Validators.Add(result =>
        {
            if (result.GetResult(positive) is not null && !data.NamesLabels(result))
            {
                result.AddError("--positive-label needs labelled data; give --label-column (CSV) or --labels (IDX).");
            }

            if (data.NamesIdColumn(result) && result.GetResult(scores) is null)
            {
                result.AddError("--id-column is copied into each row of the --scores file; pass --scores FILE too, or leave --id-column out.");
            }

            if (result.GetValue(json) is { Length: > 0 } jsonPath && result.GetValue(scores) is { Length: > 0 } scoresPath && InputOutputClashes.SameFile(jsonPath, scoresPath))
            {
                result.AddError($"{JsonName} {jsonPath} and {ScoresName} {scoresPath} name the same file, which would keep only one of them; give each its own file.");
            }
        });
        command.SetAction(parse =>
        {
            string? scoresPath = OutputOptions.WritableOutput(parse, scores);
            string? jsonPath = OutputOptions.WritableOutput(parse, json);

            // JSON on standard output is all that goes there, as CSV is; the report, which would break it, goes to
            // standard error, without the live progress display, which is for standard output's terminal.
            CliContext report = jsonPath is not null && OutputOptions.NamesStandardOutput(jsonPath)
                ? new CliContext(context.Error, context.Error, interactive: false, context.Cancellation)
                : context;
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = threads.Load(path, parse, context.Cancellation);
            LoadedData input = data.Load(parse, context, (model, path));
            if (BinarizationMismatchWarning.For(model, path, input) is { } warning)
            {
                context.Error.WriteLine(TerminalText.Visible(warning));
            }

            IReadOnlyList<int>? labels = input.Data.Labels;
            string? positiveLabel = parse.GetValue(positive);

            // Refused before anything is evaluated: an estimate may take hours.
            if (parse.GetValue(samples) is not null)
            {
                input.Checking(() => UnscorableFeature.Require(model, input.Data, SamplesAdvice));
            }

            (int Id, string Shown)? anomalous = positiveLabel is null ? null : AnomalousClass(positiveLabel, input);

            VaeRowScores scored = null!;
            EvaluationJson summary = null!;
            TextWriter output = report.Output;
            input.Scoring(() =>
            {
                // Scored first: a row that overflows float32 is then named by its own error, before the averages would fail.
                input.Checking(() => scored = model.ScoreRows(input.Data));

                int rowSeed = parse.GetValue(seed);
                context.Cancellation.ThrowIfCancellationRequested();
                VaeEvaluation sampled = model.Evaluate(input.Data, sampleLatent: true, rowSeed);

                // The row scores decoded z = μ already, and the KL does not depend on z: no pass of its own. Summed in
                // double, in row order, as Evaluate sums.
                VaeEvaluation atMean = sampled with { Reconstruction = scored.ReconstructionError.Sum(error => (double)error) / sampled.RowCount, LatentsSampled = false };
                context.Cancellation.ThrowIfCancellationRequested();
                output.WriteLine($"rows: {input.Data.RowCount}");
                // Only the loss of a sampled z is the negative ELBO; decoding z = μ gives a deterministic loss, usually lower.
                output.WriteLine($"{"",-14} {"loss",15} {"reconstruction",15} {"KL",11}");
                output.WriteLine(Line("z ~ q (−ELBO)", sampled));
                output.WriteLine(Line("z = μ", atMean));
                // A Bernoulli or categorical loss of features that are not 0 or 1 is a cross-entropy, not a bound on any
                // log-likelihood, which a user comparing models must not take it for; --samples has refused them already.
                VaeDataException? unbounded = parse.GetValue(samples) is null ? UnscorableFeature.Find(model, input.Data, BoundAdvice) : null;

                // The table is the training loss, which drops the constants of a Gaussian model's numeric features; log p(x)
                // below is a full density, which this bound meets with the same sign. Bernoulli and categorical features'
                // losses drop nothing, and their Jacobian is 1.
                if (unbounded is not null)
                {
                    output.WriteLine(TerminalText.Visible($"ELBO as a bound on log p(x): none, as {input.Explain(unbounded).Message}"));
                }
                else if (model.Likelihood != VaeLikelihood.Bernoulli && model.Network.Categories.NumericFeatureCount > 0)
                {
                    string leftOut = model.Scaling is null ? "the Gaussian constants" : "the Gaussian constants and the scaling's Jacobian";
                    output.WriteLine(
                        $"ELBO in the units of log p(x), a lower bound on it (the sampled loss negated, with {leftOut} the loss leaves out): {Number(sampled.EvidenceLowerBound)}");
                }

                double[]? quantiles = ScoreQuantilesText.Compute(scored.AnomalyScore);
                if (quantiles is not null)
                {
                    output.WriteLine(ScoreQuantilesText.Line(quantiles));
                }

                VaeLatentActivity? activity = LatentActivityText.Measure(model, input.Data);
                foreach (string line in LatentActivityText.Lines(activity, input.Data, parse.GetValue(latentTable)))
                {
                    output.WriteLine(line);
                }

                IReadOnlyList<VaeCategoryAccuracy> accuracies = model.MeasureCategoryAccuracy(input.Data);
                foreach (string line in CategoryAccuracyText.Lines(model, accuracies))
                {
                    output.WriteLine(line);
                }

                VaeLogLikelihoodEstimate? estimate = null;
                if (parse.GetValue(samples) is { } k)
                {
                    estimate = EstimateLogLikelihood(report, model, input, k, rowSeed, parse.GetValue(noProgress));
                    string error = estimate.StandardError is { } se ? $" ± {Number(se)}" : string.Empty;
                    output.WriteLine($"log p(x) (importance-weighted, {k} samples): {Number(estimate.Mean)}{error}");
                }

                var columns = new DecodedRows(model);
                summary = new EvaluationJson(input.Data.RowCount, rowSeed, input.Data.RowBinarization, sampled, atMean)
                {
                    EvidenceLowerBound = unbounded is null ? sampled.EvidenceLowerBound : null,
                    LogLikelihood = estimate,
                    AnomalyScoreQuantiles = quantiles,
                    LatentActivity = activity,
                    CategoryAccuracies = [.. accuracies.Select((accuracy, i) => (accuracy.Column.ColumnName ?? columns.ColumnName(i), accuracy))],
                };
            });

            if (scoresPath is not null)
            {
                WriteScores(scoresPath, scored, summary.LogLikelihood?.PerRow, input, report);
            }

            if (labels is not null && anomalous is { } anomalousClass)
            {
                int[] labelArray = labels.ToArray();
                double byAnomalyScore = RocAuc.Compute(scored.AnomalyScore, labelArray, anomalousClass.Id);
                double byReconstructionError = RocAuc.Compute(scored.ReconstructionError, labelArray, anomalousClass.Id);
                output.WriteLine(TerminalText.Visible(
                    $"ROC AUC, label {anomalousClass.Shown} anomalous: anomaly score {Number(byAnomalyScore)}, reconstruction error {Number(byReconstructionError)}"));
                summary = summary with { RocAuc = (anomalousClass.Shown, byAnomalyScore, byReconstructionError) };
            }
            else if (labels is not null && labels.Distinct().Skip(1).Any())
            {
                output.WriteLine("ROC AUC: pass --positive-label LABEL to score that class as the anomalies.");
            }
            else if (labels is not null)
            {
                // --positive-label could only be refused here: it would name every row or none.
                string shown = input.Data.LabelNames?[labels[0]] ?? labels[0].ToString(CultureInfo.InvariantCulture);
                output.WriteLine(TerminalText.Visible(
                    $"ROC AUC: none, as every row read from {input.RowsRead} has label {shown}; it needs rows of two labels, the anomalous and the normal."));
            }

            if (jsonPath is not null)
            {
                using TextOutput target = TextOutput.Open(jsonPath, JsonName, context.Output, context.Cancellation);
                target.Writer.Write(summary.Text());
                target.Commit($"the evaluation of {Counted.Of(input.Data.RowCount, "row")}");
            }

            return 0;
        });
        return command;
    }

    // The class of --positive-label, its id and how the report shows it, refused unless some rows hold it and some do
    // not. A class id is read as the data's labels are (2.0 is 2), and names a class by its digits.
    private static (int Id, string Shown) AnomalousClass(string wanted, LoadedData input)
    {
        IReadOnlyList<int> labels = input.Data.Labels!;
        IReadOnlyList<string>? names = input.Data.LabelNames;
        int? classId = CsvDatasetReader.ClassIdOf(wanted.AsSpan().Trim());
        int id;
        if (names is not null)
        {
            string[] all = [.. names];
            id = Array.IndexOf(all, wanted);
            id = id < 0 && classId is { } digits ? Array.IndexOf(all, digits.ToString(CultureInfo.InvariantCulture)) : id;
            if (id < 0)
            {
                throw new CommandLineException($"--positive-label {wanted}: no row read from {input.RowsRead} has that label; their labels are {FeatureNaming.Quoted(names)} (names are case-sensitive).{AccentForms.Hint([wanted], names, "their labels")}");
            }
        }
        else if (classId is not { } integer || !labels.Contains(integer))
        {
            throw new CommandLineException($"--positive-label {wanted}: no row read from {input.RowsRead} has that label; their labels are {ShortList.Of([.. labels.Distinct().Order()])}.");
        }
        else
        {
            id = integer;
        }

        return labels.All(label => label == id)
            ? throw new CommandLineException(
                $"--positive-label {wanted}: every row read from {input.RowsRead} has that label, so no normal rows are left to rank the anomalies against; evaluate data with other labels too.")
            : (id, names?[id] ?? id.ToString(CultureInfo.InvariantCulture));
    }

    private static string Line(string name, VaeEvaluation evaluation) =>
        $"{name,-14} {Number(evaluation.NegativeElbo),15} {Number(evaluation.Reconstruction),15} {Number(evaluation.KullbackLeibler),11}";

    private static string Number(double value) => NumberText.Of(value, 4);

    private static VaeLogLikelihoodEstimate EstimateLogLikelihood(CliContext context, VaeModel model, LoadedData input, int samples, int seed, bool noProgress)
    {
        IAnsiConsole console = context.CreateConsole();
        if (!ProgressBars.Shown(console, noProgress))
        {
            return model.EstimateLogLikelihood(input.Data, samples, seed, null, context.Cancellation);
        }

        return ProgressBars.Create(console).Start(progress =>
        {
            ProgressTask task = progress.AddTask($"log p(x), {samples} samples per row", maxValue: input.Data.RowCount);
            return model.EstimateLogLikelihood(
                input.Data,
                samples,
                seed,
                new SynchronousProgress<int>(rows => task.Value = rows),
                context.Cancellation);
        });
    }

    private static void WriteScores(string path, VaeRowScores scored, IReadOnlyList<double>? logLikelihood, LoadedData input, CliContext context)
    {
        using TextOutput target = TextOutput.Open(path, ScoresName, context.Output, context.Cancellation);
        int rows = scored.AnomalyScore.Length;
        VaeDataset data = input.Data;
        RowIds? ids = input.Ids;
        string[] header = CsvFormat.NamedUnlessClashing(named =>
        [
            "row",
            .. ids is null ? [] : new[] { ids.ColumnName(named) },
            "anomaly_score",
            "reconstruction_error",
            .. data.Labels is null ? [] : new[] { "label" },
            .. logLikelihood is null ? [] : new[] { "log_likelihood" },
        ]);
        CsvBlock[] blocks =
        [
            CsvBlock.RowNumbers(),
            .. ids is null ? [] : new[] { CsvBlock.Texts(ids.Texts) },
            (scored.AnomalyScore, 1),
            (scored.ReconstructionError, 1),
            .. data.Labels is null ? [] : new[] { CsvBlock.Labels(data)(0) },
            .. logLikelihood is null ? [] : new[] { CsvBlock.Doubles(logLikelihood) },
        ];

        CsvFormat.WriteTable(target.Writer, header, rows, context.Cancellation, blocks);
        target.Commit(rows);
    }
}
