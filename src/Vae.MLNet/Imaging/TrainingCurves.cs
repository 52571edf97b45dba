using System.Globalization;
namespace Vae.MLNet.Imaging;

/// <summary>
/// A line chart of per-epoch metrics (training loss, validation loss, KL term, ...) on shared, automatically scaled
/// axes, with a palette colour per series (series ten apart share one) and a legend.
/// </summary>
public static class TrainingCurves
{
    // Above this many epochs per series the markers would merge into the line and only add clutter.
    private const int MaxEpochsWithMarkers = 40;

    /// <summary>Plots each series against epoch numbers <paramref name="firstEpoch"/>, <paramref name="firstEpoch"/> + 1, ...</summary>
    /// <param name="names">Legend text per series.</param>
    /// <param name="series">One array of per-epoch values per name; lengths may differ (e.g. validation every epoch, a metric added later).</param>
    /// <param name="title">Caption at the top.</param>
    /// <param name="width">Chart width in pixels.</param>
    /// <param name="height">Chart height in pixels.</param>
    /// <param name="yLabel">Caption of the vertical axis.</param>
    /// <param name="firstEpoch">Epoch number of each series' first value.</param>
    public static RgbImage Render(
        string[] names,
        float[][] series,
        string title = "Training",
        int width = 640,
        int height = 400,
        string yLabel = "loss",
        int firstEpoch = 1) =>
        Draw(names, series, title, width, height, yLabel, firstEpoch).Image;

    /// <summary>
    /// Plots the training loss, its reconstruction and KL terms and the validation loss of <paramref name="history"/>,
    /// against the epochs' own numbers (a continued model's curves start where it resumed). The validation curve runs
    /// over the epochs that have a validation loss, with gaps where a continued run added or dropped validation data, and
    /// a marker for an epoch alone in its stretch.
    /// </summary>
    /// <param name="history">A trained model's history, with at least one epoch.</param>
    /// <param name="title">Caption at the top.</param>
    /// <param name="width">Chart width in pixels.</param>
    /// <param name="height">Chart height in pixels.</param>
    /// <param name="yLabel">Caption of the vertical axis.</param>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no epochs, a null report, or a loss beyond float32's range.</exception>
    public static RgbImage Render(VaeTrainingHistory history, string title = "Training", int width = 640, int height = 400, string yLabel = "loss") =>
        Draw(history, title, width, height, yLabel).Image;

    /// <summary>Renders a history's chart and also returns its plot area, so tests can locate the data.</summary>
    internal static (RgbImage Image, PlotArea Area) Draw(VaeTrainingHistory history, string title, int width, int height, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(history);
        IReadOnlyList<VaeEpochReport> epochs = history.Epochs;
        if (epochs.Count == 0)
        {
            throw new ArgumentException("The history has no epochs, so there are no curves to plot; train for at least one epoch.", nameof(history));
        }

        // A history built by hand may hold one; a loaded model's refuses it.
        int missing = epochs.ToList().IndexOf(null!);
        if (missing >= 0)
        {
            throw new ArgumentException($"The history's report {missing + 1} is null where an epoch's report belongs; pass one report per epoch.", nameof(history));
        }

        // Checked here, where the exception can name the history and the epoch rather than the series it becomes.
        float Plotted(string name, double value, int epoch) => (float)value is var plotted && float.IsFinite(plotted)
            ? plotted
            : throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch}'s {name} is {value}, not a finite float32 value, which the chart cannot draw."),
                nameof(history));

        float? ValidationLoss(VaeEpochReport e) => e.ValidationLoss is null ? null : Plotted("validation loss", e.ValidationLoss.Value, e.Epoch);

        EpochCurve[] curves =
        [
            new("loss", ChartPalette.Get(0), [.. epochs.Select(e => (float?)Plotted("loss", e.Loss, e.Epoch))]),
            new("reconstruction", ChartPalette.Get(1), [.. epochs.Select(e => (float?)Plotted("reconstruction term", e.Reconstruction, e.Epoch))]),
            new("KL", ChartPalette.Get(2), [.. epochs.Select(e => (float?)Plotted("KL term", e.KullbackLeibler, e.Epoch))]),
        ];
        if (epochs.Any(e => e.ValidationLoss is not null))
        {
            curves = [.. curves, new("validation", ChartPalette.Get(3), [.. epochs.Select(ValidationLoss)])];
        }

        return Draw(curves, title, width, height, yLabel, epochs[0].Epoch);
    }

    /// <summary>Renders the chart and also returns its plot area, so tests can locate the data.</summary>
    internal static (RgbImage Image, PlotArea Area) Draw(string[] names, float[][] series, string title, int width, int height, string yLabel, int firstEpoch)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length == 0)
        {
            throw new ArgumentException("There are no series to plot; pass at least one.", nameof(series));
        }

        if (names.Length != series.Length)
        {
            throw new ArgumentException($"There are {names.Length} names for {series.Length} series; name every series.", nameof(names));
        }

        var curves = new EpochCurve[series.Length];
        for (int s = 0; s < series.Length; s++)
        {
            if (names[s] is null)
            {
                throw new ArgumentException($"names[{s}] is null; name every series.", nameof(names));
            }

            float[] values = series[s] ?? throw new ArgumentException($"series[{s}] is null.", nameof(series));
            if (values.Length == 0)
            {
                throw new ArgumentException($"series[{s}] ('{names[s]}') has no values; leave it out or record at least one epoch.", nameof(series));
            }

            InputChecks.RequireFinite(values, nameof(series), $"series[{s}]");
            curves[s] = new EpochCurve(names[s], ChartPalette.Get(s), [.. values.Select(v => (float?)v)]);
        }

        return Draw(curves, title, width, height, yLabel, firstEpoch);
    }

    /// <summary>Renders curves whose values are already checked, over the epochs from <paramref name="firstEpoch"/> to the longest curve's last.</summary>
    internal static (RgbImage Image, PlotArea Area) Draw(IReadOnlyList<EpochCurve> curves, string title, int width, int height, string yLabel, int firstEpoch)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(yLabel);
        float[] plotted = [.. curves.SelectMany(c => c.Values).OfType<float>()];
        int longest = curves.Max(c => c.Values.Length);
        var legend = curves.Select(c => new LegendEntry(c.Name, c.Color)).ToList();
        var image = new RgbImage(width, height, ChartFrame.Background);
        PlotArea area = ChartFrame.Draw(
            image, title, (firstEpoch, (double)firstEpoch + longest - 1), (plotted.Min(), plotted.Max()), integerX: true, "epoch", yLabel, legend, lineSwatches: true);

        foreach (EpochCurve curve in curves)
        {
            DrawCurve(image, area, curve, firstEpoch);
        }

        return (image, area);
    }

    /// <summary>
    /// Joins each run of epochs that have values with a line. Every point gets a marker on short runs, and a point with
    /// no value on either side always does, as it has no line to show it.
    /// </summary>
    private static void DrawCurve(RgbImage image, PlotArea area, EpochCurve curve, int firstEpoch)
    {
        float?[] values = curve.Values;
        bool markers = values.Length <= MaxEpochsWithMarkers;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is not float value)
            {
                continue;
            }

            int px = area.PixelX((double)firstEpoch + i), py = area.PixelY(value);
            bool joinedBefore = i > 0 && values[i - 1] is not null;
            if (joinedBefore)
            {
                image.DrawLine(area.PixelX((double)firstEpoch + i - 1), area.PixelY(values[i - 1]!.Value), px, py, curve.Color, thickness: 2);
            }

            bool joinedAfter = i + 1 < values.Length && values[i + 1] is not null;
            if (markers || !(joinedBefore || joinedAfter))
            {
                image.FillCircle(px, py, 2, curve.Color);
            }
        }
    }
}
