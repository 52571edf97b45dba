namespace Vae.MLNet.Imaging;

/// <summary>
/// Everything around a chart's data: title, axes with nice ticks and labels, light grid lines and a legend on the
/// right. It sizes the margins from the text it has to fit, then hands back the remaining plot rectangle.
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
    private const int LegendSwatchWidth = 14;
    private const int MinimumPlotSize = 40;
    private const int LabelClearance = 4;

    /// <summary>Draws the frame on a blank chart and returns where the data go.</summary>
    /// <param name="image">The chart, already filled with <see cref="Background"/>.</param>
    /// <param name="title">Centred at the top; may be empty.</param>
    /// <param name="xRange">Smallest and largest x data value.</param>
    /// <param name="yRange">Smallest and largest y data value.</param>
    /// <param name="integerX">Whether x ticks must be whole numbers.</param>
    /// <param name="xLabel">Caption under the x axis; may be empty.</param>
    /// <param name="yLabel">Caption above the y axis; may be empty.</param>
    /// <param name="legend">Legend lines; none means no legend.</param>
    /// <param name="lineSwatches">Legend swatches as short lines (curves) rather than dots (scatter).</param>
    public static PlotArea Draw(
        RgbImage image,
        string title,
        (double Min, double Max) xRange,
        (double Min, double Max) yRange,
        bool integerX,
        string xLabel,
        string yLabel,
        IReadOnlyList<LegendEntry> legend,
        bool lineSwatches)
    {
        int top = Margin + (title.Length > 0 ? (TextHeight * TitleScale) + LineGap + 4 : 0) + (yLabel.Length > 0 ? TextHeight + LineGap : 0) + (TextHeight / 2);
        int bottomMargin = TickLength + TickGap + TextHeight + (xLabel.Length > 0 ? LineGap + TextHeight : 0) + Margin;
        int plotHeight = image.Height - top - bottomMargin;
        if (plotHeight < MinimumPlotSize)
        {
            throw new ArgumentOutOfRangeException("height", image.Height, $"The chart is too short to leave room for the data; use at least {image.Height - plotHeight + MinimumPlotSize} pixels.");
        }

        NiceAxis yAxis = NiceAxis.Create(yRange.Min, yRange.Max, Math.Max(2, plotHeight / 40), integerSteps: false);
        int yLabelWidth = yAxis.Ticks.Max(t => BitmapFont.MeasureWidth(yAxis.Format(t), 1));
        int left = Margin + yLabelWidth + TickGap + TickLength;

        // Entries left out under "+N more" take no room, so a long name among them does not narrow the plot.
        int shown = ShownLegendEntries(legend.Count, plotHeight);
        int legendWidth = 0;
        if (legend.Count > 0)
        {
            int entriesWidth = shown == 0 ? 0 : LegendSwatchWidth + 4 + legend.Take(shown).Max(e => BitmapFont.MeasureWidth(e.Text, 1));
            int moreWidth = shown < legend.Count ? BitmapFont.MeasureWidth(MoreText(legend.Count - shown), 1) : 0;
            legendWidth = (2 * LegendPadding) + Math.Max(entriesWidth, moreWidth);
        }

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

        var area = new PlotArea(left, top, plotWidth, plotHeight, xAxis, yAxis);

        if (title.Length > 0)
        {
            DrawCentered(image, title, image.Width / 2, Margin, TitleScale);
        }

        if (yLabel.Length > 0)
        {
            image.DrawText(yLabel, Margin, top - (TextHeight / 2) - LineGap - TextHeight, Ink);
        }

        int bottom = top + plotHeight - 1;
        foreach (double tick in yAxis.Ticks)
        {
            int y = area.PixelY(tick);
            image.FillRectangle(left + 1, y, plotWidth - 1, 1, GridLine);
            image.FillRectangle(left - TickLength, y, TickLength, 1, Ink);
            string text = yAxis.Format(tick);
            image.DrawText(text, left - TickLength - TickGap - BitmapFont.MeasureWidth(text, 1), y - (TextHeight / 2), Ink);
        }

        foreach (double tick in xAxis.Ticks)
        {
            int x = area.PixelX(tick);
            image.FillRectangle(x, top, 1, plotHeight - 1, GridLine);
            image.FillRectangle(x, bottom + 1, 1, TickLength, Ink);
            DrawCentered(image, xAxis.Format(tick), x, bottom + TickLength + TickGap + 1, 1);
        }

        image.FillRectangle(left, top, 1, plotHeight, Ink);
        image.FillRectangle(left, bottom, plotWidth, 1, Ink);

        if (xLabel.Length > 0)
        {
            DrawCentered(image, xLabel, left + (plotWidth / 2), bottom + TickLength + TickGap + TextHeight + LineGap + 1, 1);
        }

        if (legend.Count > 0)
        {
            DrawLegend(image, legend, shown, left + plotWidth + rightOfPlot, top, legendWidth, lineSwatches);
        }

        return area;
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
            if (lineSwatches)
            {
                image.DrawLine(swatchLeft, middle, swatchLeft + LegendSwatchWidth - 1, middle, legend[i].Color, thickness: 3);
            }
            else
            {
                image.FillCircle(swatchLeft + (LegendSwatchWidth / 2), middle, 3, legend[i].Color);
            }

            image.DrawText(legend[i].Text, swatchLeft + LegendSwatchWidth + 4, rowTop, Ink);
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

    private static string MoreText(int hidden) => $"+{hidden} more";

    private static void DrawCentered(RgbImage image, string text, int centerX, int top, int scale) =>
        image.DrawText(text, centerX - (BitmapFont.MeasureWidth(text, scale) / 2), top, Ink, scale);
}
