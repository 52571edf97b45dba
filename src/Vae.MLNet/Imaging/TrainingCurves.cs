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
    /// Plots the training loss, its reconstruction and KL terms and, when every epoch has one, the validation loss of
    /// <paramref name="history"/>, against the epochs' own numbers (a continued model's curves start where it resumed).
    /// </summary>
    /// <param name="history">A trained model's history, with at least one epoch.</param>
    /// <param name="title">Caption at the top.</param>
    /// <param name="width">Chart width in pixels.</param>
    /// <param name="height">Chart height in pixels.</param>
    /// <param name="yLabel">Caption of the vertical axis.</param>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no epochs, a null report, or a loss beyond float32's range.</exception>
    public static RgbImage Render(VaeTrainingHistory history, string title = "Training", int width = 640, int height = 400, string yLabel = "loss")
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
        float[] Plotted(string name, Func<VaeEpochReport, double> value) => epochs.Select(e => (float)value(e) is var plotted && float.IsFinite(plotted)
            ? plotted
            : throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Epoch {e.Epoch}'s {name} is {value(e)}, not a finite float32 value, which the chart cannot draw."),
                nameof(history))).ToArray();

        var names = new List<string> { "loss", "reconstruction", "KL" };
        var series = new List<float[]>
        {
            Plotted("loss", e => e.Loss),
            Plotted("reconstruction term", e => e.Reconstruction),
            Plotted("KL term", e => e.KullbackLeibler),
        };
        if (epochs.All(e => e.ValidationLoss is not null))
        {
            names.Add("validation");
            series.Add(Plotted("validation loss", e => e.ValidationLoss!.Value));
        }

        return Render([.. names], [.. series], title, width, height, yLabel, epochs[0].Epoch);
    }

    /// <summary>Renders the chart and also returns its plot area, so tests can locate the data.</summary>
    internal static (RgbImage Image, PlotArea Area) Draw(string[] names, float[][] series, string title, int width, int height, string yLabel, int firstEpoch)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(yLabel);
        if (series.Length == 0)
        {
            throw new ArgumentException("There are no series to plot; pass at least one.", nameof(series));
        }

        if (names.Length != series.Length)
        {
            throw new ArgumentException($"There are {names.Length} names for {series.Length} series; name every series.", nameof(names));
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        int longest = 0;
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
            min = Math.Min(min, values.Min());
            max = Math.Max(max, values.Max());
            longest = Math.Max(longest, values.Length);
        }

        var legend = names.Select((name, s) => new LegendEntry(name, ChartPalette.Get(s))).ToList();
        var image = new RgbImage(width, height, ChartFrame.Background);
        PlotArea area = ChartFrame.Draw(
            image, title, (firstEpoch, (double)firstEpoch + longest - 1), (min, max), integerX: true, "epoch", yLabel, legend, lineSwatches: true);

        for (int s = 0; s < series.Length; s++)
        {
            RgbColor color = ChartPalette.Get(s);
            float[] values = series[s];
            bool markers = values.Length <= MaxEpochsWithMarkers;
            int previousX = area.PixelX(firstEpoch), previousY = area.PixelY(values[0]);
            for (int i = 0; i < values.Length; i++)
            {
                int px = area.PixelX((double)firstEpoch + i), py = area.PixelY(values[i]);
                image.DrawLine(previousX, previousY, px, py, color, thickness: 2);
                if (markers)
                {
                    image.FillCircle(px, py, 2, color);
                }

                (previousX, previousY) = (px, py);
            }
        }

        return (image, area);
    }
}
