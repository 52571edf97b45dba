using System.Globalization;
namespace Vae.MLNet.Imaging;

/// <summary>
/// Line charts of per-epoch metrics (training loss, validation loss, KL term, ...) on automatically scaled axes, with a
/// palette colour (series ten apart share one) and a dash pattern (solid, dashed, dotted, dash-dot, in turn) per series,
/// and a legend showing both.
/// </summary>
public static class TrainingCurves
{
    // Above this many epochs per series the markers would merge into the line and only add clutter.
    private const int MaxEpochsWithMarkers = 40;

    // Darker than the grid, lighter than the axes and text, so the boundary reads as a note, not as data.
    internal static readonly RgbColor RunBoundary = RgbColor.Gray(140);

    private const int RunBoundaryDash = 4;

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
    /// Plots the training loss, its reconstruction term and the validation loss of <paramref name="history"/> in one
    /// panel and its KL term in a lower one, each on an axis of its own, against the epochs' own numbers (a continued
    /// model's curves start where it resumed). The validation curve runs over the epochs that have a validation loss,
    /// with gaps where a continued run added or dropped validation data, and a marker for an epoch alone in its stretch.
    /// On a run of ten epochs or more the losses' axis reaches up to the highest loss after the first tenth of the
    /// epochs, so the curves of the first epochs, far higher, leave the panel at its top rather than flatten the rest.
    /// Where a later run trained the model further (<see cref="VaeTrainingHistory.RunStartEpochs"/>), a dashed line
    /// across both panels, captioned with the run's number, marks the boundary.
    /// </summary>
    /// <param name="history">A trained model's history, with at least one epoch.</param>
    /// <param name="title">Caption at the top.</param>
    /// <param name="width">Chart width in pixels.</param>
    /// <param name="height">Chart height in pixels.</param>
    /// <param name="yLabel">Caption of the losses' vertical axis.</param>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no epochs, a null report, or a loss beyond float32's range.</exception>
    public static RgbImage Render(VaeTrainingHistory history, string title = "Training", int width = 640, int height = 400, string yLabel = "loss") =>
        Draw(history, title, width, height, yLabel).Image;

    /// <summary>Renders a history's chart and also returns its panels' plot areas, so tests can locate the data.</summary>
    internal static (RgbImage Image, PlotArea Losses, PlotArea KullbackLeibler) Draw(VaeTrainingHistory history, string title, int width, int height, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(yLabel);
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

        EpochCurve[] losses =
        [
            EpochCurve.Of(0, "loss", [.. epochs.Select(e => (float?)Plotted("loss", e.Loss, e.Epoch))]),
            EpochCurve.Of(1, "reconstruction", [.. epochs.Select(e => (float?)Plotted("reconstruction term", e.Reconstruction, e.Epoch))]),
        ];
        EpochCurve kullbackLeibler = EpochCurve.Of(2, "KL", [.. epochs.Select(e => (float?)Plotted("KL term", e.KullbackLeibler, e.Epoch))]);
        if (epochs.Any(e => e.ValidationLoss is not null))
        {
            losses = [.. losses, EpochCurve.Of(3, "validation", [.. epochs.Select(ValidationLoss)])];
        }

        // The first epochs' losses, averaged over steps of barely trained weights, can lie so far above the rest that
        // they flatten it into a line where neither the slope nor the gap to the validation loss shows. So on a run of
        // ten epochs or more the top of the losses' axis is fitted to the epochs after the first tenth, and the earlier,
        // higher curves leave the plot at its top; the bottom still covers every epoch.
        int settling = epochs.Count / 10;
        (double Min, double Max) lossRange = (Values(losses).Min(), Values(losses, skippedEpochs: settling).Max());

        // KL, a few nats beside losses of hundreds, gets a panel and an axis of its own, where its warm-up shows.
        (RgbImage image, IReadOnlyList<PlotArea> areas) = Draw(
            title,
            width,
            height,
            epochs[0].Epoch,
            [(Panel(losses, yLabel, lossRange, heightShare: 2), losses), (Panel([kullbackLeibler], "KL", null, heightShare: 1), [kullbackLeibler])],
            history.RunStartEpochs ?? []);
        return (image, areas[0], areas[1]);
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
            curves[s] = EpochCurve.Of(s, names[s], [.. values.Select(v => (float?)v)]);
        }

        (RgbImage image, IReadOnlyList<PlotArea> areas) = Draw(title, width, height, firstEpoch, [(Panel(curves, yLabel, null, heightShare: 1), curves)], runStartEpochs: []);
        return (image, areas[0]);
    }

    /// <summary>A panel of <paramref name="curves"/>, its axis covering <paramref name="yRange"/> or, when null, every value.</summary>
    private static ChartPanel Panel(IReadOnlyList<EpochCurve> curves, string yLabel, (double Min, double Max)? yRange, int heightShare) =>
        new(yRange ?? (Values(curves).Min(), Values(curves).Max()), yLabel, [.. curves.Select(c => new LegendEntry(c.Name, c.Color, MarkerShape.Circle, c.Dash))], heightShare);

    private static IEnumerable<float> Values(IEnumerable<EpochCurve> curves, int skippedEpochs = 0) =>
        curves.SelectMany(c => c.Values.Skip(skippedEpochs)).OfType<float>();

    /// <summary>
    /// Renders panels of checked curves, stacked over the epochs from <paramref name="firstEpoch"/> to the longest curve's
    /// last, with the boundaries of the runs after the first of <paramref name="runStartEpochs"/> that fall among them.
    /// </summary>
    private static (RgbImage Image, IReadOnlyList<PlotArea> Areas) Draw(
        string title, int width, int height, int firstEpoch, IReadOnlyList<(ChartPanel Frame, IReadOnlyList<EpochCurve> Curves)> panels, IReadOnlyList<int> runStartEpochs)
    {
        int longest = panels.Max(panel => panel.Curves.Max(c => c.Values.Length));
        var image = new RgbImage(width, height, ChartFrame.Background);
        IReadOnlyList<PlotArea> areas = ChartFrame.Draw(
            image, title, (firstEpoch, (double)firstEpoch + longest - 1), integerX: true, "epoch", [.. panels.Select(panel => panel.Frame)], lineSwatches: true);
        for (int run = 1; run < runStartEpochs.Count; run++)
        {
            if (runStartEpochs[run] > firstEpoch && runStartEpochs[run] < firstEpoch + longest)
            {
                DrawRunBoundary(image, areas, runStartEpochs[run], run + 1);
            }
        }

        for (int p = 0; p < panels.Count; p++)
        {
            foreach (EpochCurve curve in panels[p].Curves)
            {
                DrawCurve(image, areas[p], curve, firstEpoch);
            }
        }

        return (image, areas);
    }

    /// <summary>
    /// A dashed line between the epoch before <paramref name="firstEpoch"/> and it, down every panel, captioned
    /// "run <paramref name="run"/>" at the top of the first: there the settings may have changed, and Adam's moments
    /// started afresh unless the model carried them, which explains a step in the curves. The caption stands right of the line, or left of it where it would
    /// run past the plot, as for a run of the last epoch alone.
    /// </summary>
    private static void DrawRunBoundary(RgbImage image, IReadOnlyList<PlotArea> areas, int firstEpoch, int run)
    {
        foreach (PlotArea area in areas)
        {
            int x = area.PixelX(firstEpoch - 0.5);
            for (int y = area.Top; y < area.Top + area.Height; y += 2 * RunBoundaryDash)
            {
                image.FillRectangle(x, y, 1, Math.Min(RunBoundaryDash, area.Top + area.Height - y), RunBoundary);
            }
        }

        const int Gap = 3;
        PlotArea top = areas[0];
        string caption = string.Create(CultureInfo.InvariantCulture, $"run {run}");
        int width = RgbImage.MeasureText(caption).Width;
        int line = top.PixelX(firstEpoch - 0.5);
        int left = line + Gap + width <= top.Left + top.Width ? line + Gap : line - Gap - width;
        image.DrawText(caption, left, top.Top + Gap, RunBoundary);
    }

    /// <summary>
    /// Joins each run of epochs that have values with a line in the curve's pattern, which runs on along the whole curve
    /// rather than starting afresh at each epoch, where a short segment would show only its first dash. Every point gets
    /// a marker on short runs, and a point with no value on either side always does, as it has no line to show it.
    /// </summary>
    private static void DrawCurve(RgbImage image, PlotArea area, EpochCurve curve, int firstEpoch)
    {
        float?[] values = curve.Values;
        bool markers = values.Length <= MaxEpochsWithMarkers;
        double drawnLength = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is not float value)
            {
                continue;
            }

            bool joinedBefore = i > 0 && values[i - 1] is not null;
            if (joinedBefore)
            {
                drawnLength += DrawSegment(image, area, (double)firstEpoch + i - 1, values[i - 1]!.Value, (double)firstEpoch + i, value, curve, drawnLength);
            }

            bool joinedAfter = i + 1 < values.Length && values[i + 1] is not null;
            if ((markers || !(joinedBefore || joinedAfter)) && value >= area.YAxis.Min && value <= area.YAxis.Max)
            {
                image.FillCircle(area.PixelX((double)firstEpoch + i), area.PixelY(value), 2, curve.Color);
            }
        }
    }

    /// <summary>
    /// Draws the part of the line from (x0, y0) to (x1, y1) within the y axis's range, so a line beyond it leaves the plot
    /// at its edge, its pattern <paramref name="startDistance"/> pixels in at (x0, y0); returns the whole line's length in pixels.
    /// </summary>
    private static double DrawSegment(RgbImage image, PlotArea area, double x0, double y0, double x1, double y1, EpochCurve curve, double startDistance)
    {
        double length = Math.Sqrt(Math.Pow(area.PixelX(x1) - area.PixelX(x0), 2) + Math.Pow(area.PixelY(y1) - area.PixelY(y0), 2));
        double from = 0, to = 1;
        if (y0 != y1)
        {
            double atMin = (area.YAxis.Min - y0) / (y1 - y0), atMax = (area.YAxis.Max - y0) / (y1 - y0);
            from = Math.Max(from, Math.Min(atMin, atMax));
            to = Math.Min(to, Math.Max(atMin, atMax));
        }
        else if (y0 < area.YAxis.Min || y0 > area.YAxis.Max)
        {
            return length;
        }

        if (from <= to)
        {
            double X(double t) => x0 + (t * (x1 - x0));
            double Y(double t) => y0 + (t * (y1 - y0));
            image.DrawLine(area.PixelX(X(from)), area.PixelY(Y(from)), area.PixelX(X(to)), area.PixelY(Y(to)), curve.Color, thickness: 2, curve.Dash, startDistance + (from * length));
        }

        return length;
    }
}
