namespace Vae.MLNet.Imaging;

/// <summary>
/// Everything around a chart's data: title, axes with nice ticks and labels, light grid lines and a legend on the
/// right. It sizes the margins from the text it has to fit, then hands back the remaining plot rectangle, or, for
/// plots stacked over one horizontal axis, a rectangle per plot.
/// </summary>
internal static class ChartFrame
{
    /// <summary>The chart background.</summary>
    public static readonly RgbColor Background = RgbColor.White;

    private static readonly RgbColor Ink = RgbColor.Gray(30);
    private static readonly RgbColor GridLine = RgbColor.Gray(228);
    private static readonly RgbColor LegendBorder = RgbColor.Gray(170);

    private const int Margin = 12;
    private const int TitleScale = 2;
    private const int TickLength = 4;
    private const int TickGap = 3;
    private const int TextHeight = BitmapFont.GlyphHeight;
    private const int LineGap = 6;
    private const int LegendPadding = 6;
    private const int LegendRowHeight = 13;
    private const int MarkerSwatchWidth = 14;

    // Long enough for a dash-dot line to show a dash, a dot and the gaps between them.
    private const int LineSwatchWidth = 22;
    private const int MinimumPlotSize = 40;
    private const int LabelClearance = 4;
    private const int PanelGap = 10;

    /// <summary>Draws the frame on a blank chart and returns where the data go, one plot area per panel, top to bottom.</summary>
    /// <param name="image">The chart, already filled with <see cref="Background"/>.</param>
    /// <param name="title">Centred at the top; may be empty.</param>
    /// <param name="xRange">Smallest and largest x data value.</param>
    /// <param name="integerX">Whether x ticks must be whole numbers.</param>
    /// <param name="xLabel">Caption under the x axis; may be empty.</param>
    /// <param name="panels">The plots, top to bottom, at least one; only the bottom one labels the x axis.</param>
    /// <param name="lineSwatches">Legend swatches as short lines in the entries' dash patterns (curves) rather than markers in their shapes (scatter).</param>
    public static IReadOnlyList<PlotArea> Draw(
        RgbImage image,
        string title,
        (double Min, double Max) xRange,
        bool integerX,
        string xLabel,
        IReadOnlyList<ChartPanel> panels,
        bool lineSwatches)
    {
        int[] heights = PlotHeights(image.Height, title, xLabel, panels, out int[] tops);
        NiceAxis[] yAxes = [.. panels.Select((panel, p) => NiceAxis.Create(panel.YRange.Min, panel.YRange.Max, Math.Max(2, heights[p] / 40), integerSteps: false))];

        // One left edge for all plots, so an epoch is the same column in each.
        int yLabelWidth = yAxes.Max(axis => axis.Ticks.Max(t => BitmapFont.MeasureWidth(axis.Format(t), 1)));
        int left = Margin + yLabelWidth + TickGap + TickLength;

        // Entries left out under "+N more" take no room, so a long name among them does not narrow the plot.
        int[] shown = [.. panels.Select((panel, p) => ShownLegendEntries(panel.Legend.Count, heights[p]))];
        int legendWidth = panels.Select((panel, p) => LegendWidth(panel.Legend, shown[p], SwatchWidth(lineSwatches))).Max();

        int legendSpace = legendWidth > 0 ? legendWidth + Margin : 0;
        int rightOfPlot = legendWidth > 0 ? Margin : Margin + 8;
        int plotWidth = image.Width - left - rightOfPlot - legendSpace;
        NiceAxis xAxis = NiceAxis.Create(xRange.Min, xRange.Max, Math.Max(2, plotWidth / 70), integerX);

        // The first and last x tick labels are centred on the plot's edges: wide ones would run off the chart or, on the
        // right, under the legend, so the margins grow to hold them. The ticks, chosen for the wider plot, stay.
        int firstTickLabelWidth = BitmapFont.MeasureWidth(xAxis.Format(xAxis.Ticks.First()), 1);
        int leftWidening = Math.Max(0, (firstTickLabelWidth / 2) + LabelClearance - left);
        int lastTickLabelWidth = BitmapFont.MeasureWidth(xAxis.Format(xAxis.Ticks.Last()), 1);
        int rightWidening = Math.Max(0, lastTickLabelWidth - (lastTickLabelWidth / 2) - 1 + LabelClearance - rightOfPlot);
        left += leftWidening;
        rightOfPlot += rightWidening;
        plotWidth -= leftWidening + rightWidening;
        if (plotWidth < MinimumPlotSize)
        {
            throw new ArgumentOutOfRangeException("width", image.Width, $"The chart is too narrow for its labels and legend; use at least {image.Width - plotWidth + MinimumPlotSize} pixels.");
        }

        if (title.Length > 0)
        {
            DrawCentered(image, title, image.Width / 2, Margin, TitleScale);
        }

        var areas = new PlotArea[panels.Count];
        for (int p = 0; p < panels.Count; p++)
        {
            areas[p] = new PlotArea(left, tops[p], plotWidth, heights[p], xAxis, yAxes[p]);
            DrawPanel(image, areas[p], panels[p], shown[p], legendWidth, rightOfPlot, lineSwatches, xLabel: p == panels.Count - 1 ? xLabel : null);
        }

        return areas;
    }

    /// <summary>
    /// Divides the height the title, the captions and the x axis leave among the panels by their shares, and returns
    /// each plot's height and, in <paramref name="tops"/>, its top row.
    /// </summary>
    private static int[] PlotHeights(int imageHeight, string title, string xLabel, IReadOnlyList<ChartPanel> panels, out int[] tops)
    {
        // Above each plot, its caption and the upper half of its top tick label; below a plot with another under it,
        // the lower half of its bottom tick label and a gap; below the last, the x axis's tick labels and caption.
        int[] heads = [.. panels.Select(panel => (panel.YLabel.Length > 0 ? TextHeight + LineGap : 0) + (TextHeight / 2))];
        int between = TextHeight - (TextHeight / 2) + PanelGap;
        int titleHeight = title.Length > 0 ? (TextHeight * TitleScale) + LineGap + 4 : 0;
        int bottomMargin = TickLength + TickGap + TextHeight + (xLabel.Length > 0 ? LineGap + TextHeight : 0) + Margin;
        int fixedHeight = Margin + titleHeight + heads.Sum() + ((panels.Count - 1) * between) + bottomMargin;

        int[] heights = Share(imageHeight - fixedHeight, panels);
        if (heights.Min() < MinimumPlotSize)
        {
            int needed = MinimumPlotSize * panels.Count;
            while (Share(needed, panels).Min() < MinimumPlotSize)
            {
                needed++;
            }

            throw new ArgumentOutOfRangeException("height", imageHeight, $"The chart is too short to leave room for the data; use at least {fixedHeight + needed} pixels.");
        }

        tops = new int[panels.Count];
        int y = Margin + titleHeight;
        for (int p = 0; p < panels.Count; p++)
        {
            tops[p] = y + heads[p];
            y = tops[p] + heights[p] + between;
        }

        return heights;
    }

    /// <summary>Divides <paramref name="height"/> pixels among the panels by their shares, the rounding's remainder to the last.</summary>
    private static int[] Share(int height, IReadOnlyList<ChartPanel> panels)
    {
        int shares = panels.Sum(panel => panel.HeightShare);
        int[] heights = [.. panels.Select(panel => height * panel.HeightShare / shares)];
        heights[^1] += height - heights.Sum();
        return heights;
    }

    /// <summary>Draws one panel's axes, grid, caption and legend; with <paramref name="xLabel"/>, the x tick labels and caption too.</summary>
    private static void DrawPanel(RgbImage image, PlotArea area, ChartPanel panel, int shown, int legendWidth, int rightOfPlot, bool lineSwatches, string? xLabel)
    {
        int left = area.Left, top = area.Top, plotWidth = area.Width, plotHeight = area.Height;
        if (panel.YLabel.Length > 0)
        {
            image.DrawText(panel.YLabel, Margin, top - (TextHeight / 2) - LineGap - TextHeight, Ink);
        }

        int bottom = top + plotHeight - 1;
        foreach (double tick in area.YAxis.Ticks)
        {
            int y = area.PixelY(tick);
            image.FillRectangle(left + 1, y, plotWidth - 1, 1, GridLine);
            image.FillRectangle(left - TickLength, y, TickLength, 1, Ink);
            string text = area.YAxis.Format(tick);
            image.DrawText(text, left - TickLength - TickGap - BitmapFont.MeasureWidth(text, 1), y - (TextHeight / 2), Ink);
        }

        foreach (double tick in area.XAxis.Ticks)
        {
            int x = area.PixelX(tick);
            image.FillRectangle(x, top, 1, plotHeight - 1, GridLine);
            if (xLabel is not null)
            {
                image.FillRectangle(x, bottom + 1, 1, TickLength, Ink);
                DrawCentered(image, area.XAxis.Format(tick), x, bottom + TickLength + TickGap + 1, 1);
            }
        }

        image.FillRectangle(left, top, 1, plotHeight, Ink);
        image.FillRectangle(left, bottom, plotWidth, 1, Ink);

        if (xLabel?.Length > 0)
        {
            DrawCentered(image, xLabel, left + (plotWidth / 2), bottom + TickLength + TickGap + TextHeight + LineGap + 1, 1);
        }

        if (panel.Legend.Count > 0)
        {
            DrawLegend(image, panel.Legend, shown, left + plotWidth + rightOfPlot, top, legendWidth, lineSwatches);
        }
    }

    /// <summary>The width of a legend showing its first <paramref name="shown"/> entries; 0 for no entries.</summary>
    private static int LegendWidth(IReadOnlyList<LegendEntry> legend, int shown, int swatchWidth)
    {
        if (legend.Count == 0)
        {
            return 0;
        }

        int entriesWidth = shown == 0 ? 0 : swatchWidth + 4 + legend.Take(shown).Max(e => BitmapFont.MeasureWidth(e.Text, 1));
        int moreWidth = shown < legend.Count ? BitmapFont.MeasureWidth(MoreText(legend.Count - shown), 1) : 0;
        return (2 * LegendPadding) + Math.Max(entriesWidth, moreWidth);
    }

    private static void DrawLegend(RgbImage image, IReadOnlyList<LegendEntry> legend, int shown, int x, int y, int width, bool lineSwatches)
    {
        int rows = shown < legend.Count ? shown + 1 : shown;
        int height = (2 * LegendPadding) + (rows * LegendRowHeight) - (LegendRowHeight - TextHeight);
        image.FillRectangle(x, y, width, height, Background);
        image.DrawRectangle(x, y, width, height, LegendBorder);
        for (int i = 0; i < shown; i++)
        {
            int rowTop = y + LegendPadding + (i * LegendRowHeight);
            int middle = rowTop + (TextHeight / 2);
            int swatchLeft = x + LegendPadding;
            int swatchWidth = SwatchWidth(lineSwatches);
            if (lineSwatches)
            {
                image.DrawLine(swatchLeft, middle, swatchLeft + swatchWidth - 1, middle, legend[i].Color, thickness: 3, legend[i].Dash, startDistance: 0);
            }
            else
            {
                image.FillMarker(swatchLeft + (swatchWidth / 2), middle, 3, legend[i].Marker, legend[i].Color);
            }

            image.DrawText(legend[i].Text, swatchLeft + swatchWidth + 4, rowTop, Ink);
        }

        if (shown < legend.Count)
        {
            image.DrawText(MoreText(legend.Count - shown), x + LegendPadding, y + LegendPadding + (shown * LegendRowHeight), Ink);
        }
    }

    /// <summary>
    /// How many legend entries a plot <paramref name="height"/> pixels high shows: all that fit, or, with more, one row
    /// fewer, for a last row that says how many were left out rather than running off the chart.
    /// </summary>
    private static int ShownLegendEntries(int count, int height)
    {
        int fitting = Math.Max(1, (height - (2 * LegendPadding)) / LegendRowHeight);
        return count <= fitting ? count : fitting - 1;
    }

    private static int SwatchWidth(bool lineSwatches) => lineSwatches ? LineSwatchWidth : MarkerSwatchWidth;

    private static string MoreText(int hidden) => $"+{hidden} more";

    private static void DrawCentered(RgbImage image, string text, int centerX, int top, int scale) =>
        image.DrawText(text, centerX - (BitmapFont.MeasureWidth(text, scale) / 2), top, Ink, scale);
}
