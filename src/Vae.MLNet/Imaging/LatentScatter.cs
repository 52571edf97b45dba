namespace Vae.MLNet.Imaging;

/// <summary>
/// A scatter plot of two-dimensional points with a colour and a shape per class label, typically two coordinates of the
/// latent means of a labelled dataset, to see whether the encoder separates the classes.
/// </summary>
public static class LatentScatter
{
    /// <summary>
    /// Plots points (<paramref name="x"/>[i], <paramref name="y"/>[i]) in the colour and shape (circle, square, triangle,
    /// diamond, plus, cross, …) of <paramref name="labels"/>[i], the legend showing both.
    /// </summary>
    /// <param name="x">Horizontal coordinates.</param>
    /// <param name="y">Vertical coordinates, one per x.</param>
    /// <param name="labels">Integer class labels, one per point, or null to draw every point as a circle in one colour without a legend. Labels ten apart share a colour of the palette and a shape.</param>
    /// <param name="title">Caption at the top.</param>
    /// <param name="width">Chart width in pixels.</param>
    /// <param name="height">Chart height in pixels.</param>
    /// <param name="xLabel">Caption of the horizontal axis.</param>
    /// <param name="yLabel">Caption of the vertical axis.</param>
    /// <param name="labelNames">Legend text per label value (index = label), none of them null; labels beyond it are shown as numbers.</param>
    /// <param name="pointRadius">
    /// Marker radius in pixels, 0–10: half the width of its square, less its centre pixel. The shapes differ from 2 up; at
    /// 0 and 1 a marker has too few pixels for them (at 1 the circle, square and asterisk fill the same 3 × 3 pixels, the
    /// diamond and plus the same five), and classes differ by colour alone.
    /// </param>
    public static RgbImage Render(
        float[] x,
        float[] y,
        IReadOnlyList<int>? labels = null,
        string title = "Latent space",
        int width = 640,
        int height = 480,
        string xLabel = "z0",
        string yLabel = "z1",
        IReadOnlyList<string>? labelNames = null,
        int pointRadius = 2) =>
        Draw(x, y, labels, title, width, height, xLabel, yLabel, labelNames, pointRadius).Image;

    /// <summary>Plots two chosen dimensions of row-major latent vectors, e.g. the encoder means of a dataset.</summary>
    /// <param name="latents">Latent vectors back to back, <paramref name="latentDimension"/> values each.</param>
    /// <param name="latentDimension">Values per latent vector, at least 2.</param>
    /// <param name="labels">Integer class labels, one per vector, or null for circles of a single colour.</param>
    /// <param name="dimensionX">The latent dimension on the horizontal axis.</param>
    /// <param name="dimensionY">The latent dimension on the vertical axis.</param>
    /// <param name="title">Caption at the top.</param>
    /// <param name="width">Chart width in pixels.</param>
    /// <param name="height">Chart height in pixels.</param>
    /// <param name="labelNames">Legend text per label value (index = label), none of them null; labels beyond it are shown as numbers.</param>
    public static RgbImage RenderDimensions(
        float[] latents,
        int latentDimension,
        IReadOnlyList<int>? labels = null,
        int dimensionX = 0,
        int dimensionY = 1,
        string title = "Latent space",
        int width = 640,
        int height = 480,
        IReadOnlyList<string>? labelNames = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latentDimension, 2);
        int count = InputChecks.RequireWholeItems(latents, latentDimension, nameof(latents), "latent vectors");
        ArgumentOutOfRangeException.ThrowIfNegative(dimensionX);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dimensionX, latentDimension);
        ArgumentOutOfRangeException.ThrowIfNegative(dimensionY);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dimensionY, latentDimension);
        InputChecks.RequireFinite(latents, nameof(latents));

        var x = new float[count];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = latents[(i * latentDimension) + dimensionX];
            y[i] = latents[(i * latentDimension) + dimensionY];
        }

        return Render(x, y, labels, title, width, height, $"z{dimensionX}", $"z{dimensionY}", labelNames);
    }

    /// <summary>Renders the chart and also returns its plot area, so tests can locate the data.</summary>
    internal static (RgbImage Image, PlotArea Area) Draw(
        float[] x,
        float[] y,
        IReadOnlyList<int>? labels,
        string title,
        int width,
        int height,
        string xLabel,
        string yLabel,
        IReadOnlyList<string>? labelNames,
        int pointRadius)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        ArgumentOutOfRangeException.ThrowIfNegative(pointRadius);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pointRadius, 10);
        if (x.Length == 0)
        {
            throw new ArgumentException("There are no points to plot; pass at least one.", nameof(x));
        }

        if (y.Length != x.Length)
        {
            throw new ArgumentException($"There are {y.Length} y values for {x.Length} x values; pass one of each per point.", nameof(y));
        }

        if (labels is not null && labels.Count != x.Length)
        {
            throw new ArgumentException($"There are {labels.Count} labels for {x.Length} points; pass one label per point.", nameof(labels));
        }

        InputChecks.RequireFinite(x, nameof(x));
        InputChecks.RequireFinite(y, nameof(y));
        if (labelNames?.Select((name, i) => name is null ? i : -1).FirstOrDefault(i => i >= 0, -1) is int unnamed and >= 0)
        {
            throw new ArgumentException($"labelNames[{unnamed}] is null; name every label in the list (labels beyond it are shown as numbers).", nameof(labelNames));
        }

        var legend = new List<LegendEntry>();
        if (labels is not null)
        {
            foreach (int label in labels.Distinct().Order())
            {
                string name = labelNames is not null && label >= 0 && label < labelNames.Count ? labelNames[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
                legend.Add(new LegendEntry(name, ChartPalette.Get(label), MarkerShape.Of(label), LineDash.Solid));
            }
        }

        var image = new RgbImage(width, height, ChartFrame.Background);
        PlotArea area = ChartFrame.Draw(image, title, (x.Min(), x.Max()), integerX: false, xLabel, [new ChartPanel((y.Min(), y.Max()), yLabel, legend)], lineSwatches: false)[0];
        for (int i = 0; i < x.Length; i++)
        {
            int label = labels?[i] ?? 0;
            image.FillMarker(area.PixelX(x[i]), area.PixelY(y[i]), pointRadius, MarkerShape.Of(label), ChartPalette.Get(label));
        }

        return (image, area);
    }
}
