using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// What <c>vae evaluate</c> computed, as the one JSON object its <c>--json</c> file holds, for scripts to read instead
/// of the report's text. The member names are the schema docs/cli.md documents: renaming one breaks the scripts that
/// read it. A figure that does not apply (log p(x) without <c>--samples</c>, the spread of a single row, the bound of
/// features that are not 0 or 1) is null, not left out, so that every file has every member.
/// </summary>
/// <param name="Rows">The rows evaluated.</param>
/// <param name="Seed">The <c>--seed</c> of the sampled latents and importance samples, without which the figures that
/// depend on them could not be reproduced from the file.</param>
/// <param name="Binarization">How the rows were binarized as they were read (<c>--binarize</c>), or null.</param>
/// <param name="Sampled">The loss with z sampled from q(z | x), the negative ELBO.</param>
/// <param name="AtMean">The loss with z = μ.</param>
internal sealed record EvaluationJson(int Rows, int Seed, VaeBinarization? Binarization, VaeEvaluation Sampled, VaeEvaluation AtMean)
{
    /// <summary>
    /// The ELBO in log p(x)'s units; null where it bounds no log p(x), for features a Bernoulli model or a categorical
    /// column reads that are not all exactly 0 or 1.
    /// </summary>
    public double? EvidenceLowerBound { get; init; }

    /// <summary>The importance-weighted estimate of log p(x), with <c>--samples</c>.</summary>
    public VaeLogLikelihoodEstimate? LogLikelihood { get; init; }

    /// <summary>The anomaly scores' quantiles at <see cref="ScoreQuantilesText.Levels"/>; null for one row.</summary>
    public IReadOnlyList<double>? AnomalyScoreQuantiles { get; init; }

    /// <summary>How the latent dimensions vary across the rows; null for one row.</summary>
    public VaeLatentActivity? LatentActivity { get; init; }

    /// <summary>Each categorical column's accuracy, with the column's name.</summary>
    public IReadOnlyList<(string Column, VaeCategoryAccuracy Accuracy)> CategoryAccuracies { get; init; } = [];

    /// <summary>The ROC AUC of both scores with <c>--positive-label</c>'s class, as the report shows that class, as the anomalies.</summary>
    public (string PositiveLabel, double AnomalyScore, double ReconstructionError)? RocAuc { get; init; }

    /// <summary>The object, indented, and a newline.</summary>
    public string Text()
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Names and labels come from files; the relaxed encoder leaves their letters readable, and still escapes control
        // characters, so none reaches a terminal. The file is never embedded in HTML, which the default encoder guards.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("rows", Rows);
            json.WriteNumber("seed", Seed);
            WriteBinarization(json);
            WriteLoss(json, "sampled", Sampled);
            WriteLoss(json, "atMean", AtMean);
            Number(json, "evidenceLowerBound", EvidenceLowerBound);
            WriteLogLikelihood(json);
            WriteQuantiles(json);
            WriteLatentActivity(json);
            WriteCategoryAccuracies(json);
            WriteRocAuc(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteLoss(Utf8JsonWriter json, string name, VaeEvaluation evaluation)
    {
        json.WriteStartObject(name);
        Number(json, "loss", evaluation.NegativeElbo);
        Number(json, "reconstruction", evaluation.Reconstruction);
        Number(json, "kullbackLeibler", evaluation.KullbackLeibler);
        json.WriteEndObject();
    }

    private void WriteBinarization(Utf8JsonWriter json)
    {
        if (Binarization is not { } binarization)
        {
            json.WriteNull("binarization");
            return;
        }

        json.WriteStartObject("binarization");
        json.WriteString("kind", binarization.Kind.ToString().ToLowerInvariant());
        if (binarization.Threshold is { } threshold)
        {
            json.WriteNumber("threshold", threshold);
        }
        else
        {
            json.WriteNull("threshold");
        }

        if (binarization.Seed is { } seed)
        {
            json.WriteNumber("seed", seed);
        }
        else
        {
            json.WriteNull("seed");
        }

        json.WriteEndObject();
    }

    private void WriteLogLikelihood(Utf8JsonWriter json)
    {
        if (LogLikelihood is not { } estimate)
        {
            json.WriteNull("logLikelihood");
            return;
        }

        json.WriteStartObject("logLikelihood");
        json.WriteNumber("samples", estimate.Samples);
        Number(json, "mean", estimate.Mean);
        Number(json, "standardError", estimate.StandardError);
        json.WriteEndObject();
    }

    private void WriteQuantiles(Utf8JsonWriter json)
    {
        if (AnomalyScoreQuantiles is not { } quantiles)
        {
            json.WriteNull("anomalyScoreQuantiles");
            return;
        }

        json.WriteStartObject("anomalyScoreQuantiles");
        for (int i = 0; i < quantiles.Count; i++)
        {
            Number(json, ScoreQuantilesText.JsonName(ScoreQuantilesText.Levels[i]), quantiles[i]);
        }

        json.WriteEndObject();
    }

    private void WriteLatentActivity(Utf8JsonWriter json)
    {
        if (LatentActivity is not { } activity)
        {
            json.WriteNull("latentActivity");
            return;
        }

        json.WriteStartObject("latentActivity");
        json.WriteNumber("activeDimensions", activity.ActiveDimensions);
        Number(json, "activeVariance", VaeLatentActivity.ActiveVariance);
        json.WriteStartArray("dimensions");
        for (int u = 0; u < activity.MeanVariances.Count; u++)
        {
            json.WriteStartObject();
            json.WriteString("name", LatentActivityText.Name(u));
            Number(json, "meanVariance", activity.MeanVariances[u]);
            Number(json, "meanKullbackLeibler", activity.MeanKullbackLeibler[u]);
            json.WriteBoolean("active", activity.IsActive(u));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteCategoryAccuracies(Utf8JsonWriter json)
    {
        json.WriteStartArray("categoryAccuracies");
        foreach ((string column, VaeCategoryAccuracy accuracy) in CategoryAccuracies)
        {
            json.WriteStartObject();
            json.WriteString("column", column);
            json.WriteNumber("rows", accuracy.RowCount);
            Number(json, "accuracy", accuracy.Accuracy);
            Number(json, "mostCommonCategoryShare", accuracy.MostCommonCategoryShare);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private void WriteRocAuc(Utf8JsonWriter json)
    {
        if (RocAuc is not { } auc)
        {
            json.WriteNull("rocAuc");
            return;
        }

        json.WriteStartObject("rocAuc");
        json.WriteString("positiveLabel", auc.PositiveLabel);
        Number(json, "anomalyScore", auc.AnomalyScore);
        Number(json, "reconstructionError", auc.ReconstructionError);
        json.WriteEndObject();
    }

    // JSON has no number for NaN or an infinity: such a value is written as the string .NET reads back into it ("NaN",
    // "Infinity", "-Infinity"), as JsonNumberHandling.AllowNamedFloatingPointLiterals does, rather than failing the file.
    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case double finite when double.IsFinite(finite):
                json.WriteNumber(name, finite);
                break;
            case double named:
                json.WriteString(name, named.ToString(CultureInfo.InvariantCulture));
                break;
        }
    }
}
