using System.Globalization;
using System.Text.RegularExpressions;
using Vae.MLNet.Imaging;

namespace Vae.MLNet.Tests.Imaging;

[TestClass]
public sealed class ChartTests
{
    [TestMethod]
    public void ScatterDrawsEachPointInItsLabelColourWithTitleAndLegend()
    {
        float[] x = [-3f, 0f, 4f];
        float[] y = [1f, -2f, 5f];
        int[] labels = [0, 3, 12];

        (RgbImage image, PlotArea area) = LatentScatter.Draw(x, y, labels, "Latent", 400, 300, "z0", "z1", null, pointRadius: 2);

        Assert.AreEqual(400, image.Width);
        Assert.AreEqual(300, image.Height);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.AreEqual(ChartPalette.Get(labels[i]), image.GetPixel(area.PixelX(x[i]), area.PixelY(y[i])), $"point {i}");
        }

        Assert.AreEqual(ChartPalette.Get(2), ChartPalette.Get(12), "labels past the palette reuse colours");
        Assert.IsTrue(area.XAxis.Min <= -3 && area.XAxis.Max >= 4 && area.YAxis.Min <= -2 && area.YAxis.Max >= 5, "axes cover the data");
        Assert.IsTrue(HasInk(image, 0, 0, image.Width, area.Top - 8), "a title is drawn above the plot");
        Assert.IsTrue(CountColour(image, ChartPalette.Get(3), area.Left + area.Width, 0, image.Width, image.Height) > 0, "the legend shows label 3's colour");
    }

    [TestMethod]
    public void ScatterTellsTenClassesApartByShapeAsWellAsColourInThePlotAndTheLegend()
    {
        const int Radius = 3;
        int[] labels = [.. Enumerable.Range(0, 10)];
        float[] x = [.. labels.Select(i => (float)(i * 10))];
        float[] y = [.. labels.Select(i => (float)(i % 2 * 10))];

        (RgbImage image, PlotArea area) = LatentScatter.Draw(x, y, labels, "Latent", 640, 480, "z0", "z1", null, pointRadius: Radius);

        string[] plotted = [.. labels.Select(i => Mask(image, ChartPalette.Get(i), area.PixelX(x[i]) - Radius, area.PixelY(y[i]) - Radius, area.PixelX(x[i]) + Radius + 1, area.PixelY(y[i]) + Radius + 1))];
        Assert.AreEqual(10, plotted.Distinct().Count(), string.Join("\n\n", plotted));
        string[] legend = [.. labels.Select(i => Mask(image, ChartPalette.Get(i), area.Left + area.Width + 1, area.Top, image.Width, image.Height))];
        Assert.AreEqual(10, legend.Distinct().Count(), string.Join("\n\n", legend));
    }

    [TestMethod]
    public void EachCurveHasADashPatternOfItsOwn()
    {
        float[][] series = [.. Enumerable.Range(1, 4).Select(level => Enumerable.Repeat((float)level, 60).ToArray())];

        (RgbImage image, PlotArea area) = TrainingCurves.Draw(["loss", "reconstruction", "KL", "validation"], series, "Training", 640, 400, "loss", firstEpoch: 1);

        string[] rows = [.. Enumerable.Range(0, 4).Select(s => Mask(image, ChartPalette.Get(s), area.PixelX(1), area.PixelY(s + 1), area.PixelX(60), area.PixelY(s + 1) + 1))];
        Assert.IsFalse(rows[0].Contains('.', StringComparison.Ordinal), "the first curve is solid");
        for (int s = 1; s < 4; s++)
        {
            Assert.IsTrue(rows[s].Contains("#.", StringComparison.Ordinal) && rows[s].Contains(".#", StringComparison.Ordinal), $"curve {s} has gaps: {rows[s]}");
        }

        Assert.AreEqual(4, rows.Distinct().Count(), string.Join("\n", rows));
    }

    [TestMethod]
    public void OnlyTheLegendEntriesShownClaimWidth()
    {
        // A hundred labels overflow a 480-pixel legend; the long name of label 99 falls under "+N more".
        float[] x = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        int[] labels = Enumerable.Range(0, 100).ToArray();
        string longName = new('x', 120);
        string[] lastNamedLong = labels.Select(i => i == 99 ? longName : $"digit {i}").ToArray();
        string[] firstNamedLong = labels.Select(i => i == 0 ? longName : $"digit {i}").ToArray();

        (RgbImage image, PlotArea area) = LatentScatter.Draw(x, x, labels, "Latent", 640, 480, "z0", "z1", lastNamedLong, pointRadius: 2);

        Assert.IsTrue(area.Width > 400, $"the plot keeps {area.Width} of {image.Width} pixels");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => LatentScatter.Draw(x, x, labels, "Latent", 640, 480, "z0", "z1", firstNamedLong, pointRadius: 2));
    }

    [TestMethod]
    public void CurvesPassThroughEveryValueAndLeaveEmptyPlotAreaBackground()
    {
        float[] train = [10f, 6f, 4f, 3.5f];
        float[] kl = [1f, 2f];

        (RgbImage image, PlotArea area) = TrainingCurves.Draw(["train", "KL"], [train, kl], "Training", 500, 320, "loss", firstEpoch: 1);

        Assert.AreEqual(500, image.Width);
        Assert.AreEqual(320, image.Height);
        for (int i = 0; i < train.Length; i++)
        {
            Assert.AreEqual(ChartPalette.Get(0), image.GetPixel(area.PixelX(1 + i), area.PixelY(train[i])), $"train epoch {i + 1}");
        }

        Assert.AreEqual(ChartPalette.Get(1), image.GetPixel(area.PixelX(2), area.PixelY(kl[1])));
        Assert.AreEqual(RgbColor.White, image.GetPixel(area.PixelX(4) - 3, area.PixelY(1) - 3), "no ink where there are no data");
        Assert.AreEqual(0, area.XAxis.Step % 1, "epoch ticks are whole numbers");
        Assert.IsTrue(HasInk(image, 0, 0, image.Width, area.Top - 8), "a title is drawn above the plot");
    }

    [TestMethod]
    [DataRow(1000000.0, 1000008.0, "1.000004E+6")]
    [DataRow(0.0, 4e-5, "2E-5")]
    [DataRow(0.001, 0.001004, "1.002E-3")]
    [DataRow(0.0, 4e6, "2E+6")]
    [DataRow(100.0, 100.00004, "100.00002", DisplayName = "ticks far finer than values of 0.01 and more, in fixed point")]
    [DataRow(0.50001, 0.50003, "0.50002", DisplayName = "ticks far finer than 0.5, in fixed point")]
    [DataRow(-0.02, -0.01999, "-0.019995", DisplayName = "ticks far finer than -0.02, in fixed point")]
    public void TickLabelsDifferFromTickToTickAndStayShortWhereTheyCan(double min, double max, string middleTick)
    {
        NiceAxis axis = NiceAxis.Create(min, max, maxTicks: 5, integerSteps: false);

        string[] labels = axis.Ticks.Select(axis.Format).ToArray();

        Assert.AreEqual(labels.Length, labels.Distinct().Count(), string.Join(" ", labels));
        CollectionAssert.Contains(labels, middleTick, string.Join(" ", labels));
    }

    [TestMethod]
    [DataRow(false, DisplayName = "before the chart's edge")]
    [DataRow(true, DisplayName = "before the legend")]
    public void TheLastXTickLabelFitsRightOfThePlot(bool withLegend)
    {
        // Centred on the plot's right edge, "1.0000001E+7" ran 16 pixels past a right margin of 20 and was drawn as "1.0000001E".
        (RgbImage image, PlotArea area) = LatentScatter.Draw([1e7f, 1e7f + 1], [-1e-30f, 1e-30f], withLegend ? [0, 1] : null, "", 400, 300, "", "", null, pointRadius: 2);

        double lastTick = area.XAxis.Ticks.Last();
        string label = area.XAxis.Format(lastTick);
        int labelWidth = BitmapFont.MeasureWidth(label, 1);
        int labelRight = area.PixelX(lastTick) - (labelWidth / 2) + labelWidth - 1;
        Assert.AreEqual("1.0000001E+7", label);
        int plotRight = area.Left + area.Width;
        int legendLeft = Enumerable.Range(plotRight, image.Width - plotRight).FirstOrDefault(x => image.GetPixel(x, area.Top) == RgbColor.Gray(170), image.Width);
        Assert.IsLessThan(legendLeft, labelRight, $"the label ends at column {labelRight}, the legend or the chart at {legendLeft}");
        Assert.IsTrue(HasInk(image, labelRight, area.Top + area.Height, labelRight + 1, image.Height), "the label's last column is drawn");
    }

    [TestMethod]
    public void TheFirstXTickLabelFitsLeftOfThePlot()
    {
        // Centred on the plot's left edge, behind y tick labels one digit wide, "1.0000001E+7" began 11 pixels before the chart.
        (RgbImage image, PlotArea area) = LatentScatter.Draw([1e7f + 1, 1e7f + 2], [0f, 5f], null, "", 400, 300, "", "", null, pointRadius: 2);

        double firstTick = area.XAxis.Ticks.First();
        string label = area.XAxis.Format(firstTick);
        int labelLeft = area.PixelX(firstTick) - (BitmapFont.MeasureWidth(label, 1) / 2);
        Assert.AreEqual("1.0000001E+7", label);
        Assert.IsGreaterThan(0, labelLeft, $"the label starts at column {labelLeft}");
        Assert.IsTrue(HasInk(image, labelLeft, area.Top + area.Height, labelLeft + BitmapFont.GlyphWidth, image.Height), "the label's first character is drawn");
    }

    [TestMethod]
    public void FlatSeriesAndSinglePointStillGetAVisibleRange()
    {
        (RgbImage image, PlotArea area) = TrainingCurves.Draw(["flat"], [[5f]], "", 300, 200, "", firstEpoch: 0);

        Assert.IsTrue(area.YAxis.Min < 5 && area.YAxis.Max > 5);
        Assert.IsTrue(area.XAxis.Min < 0 && area.XAxis.Max > 0);
        Assert.AreEqual(ChartPalette.Get(0), image.GetPixel(area.PixelX(0), area.PixelY(5)));
    }

    [TestMethod]
    public void NegativeLabelsSuchAsMinusOneAndOneGetColoursOfTheirOwn()
    {
        float[] x = [-1f, 1f];
        float[] y = [0f, 2f];

        (RgbImage image, PlotArea area) = LatentScatter.Draw(x, y, [-1, 1], "Latent", 400, 300, "z0", "z1", null, pointRadius: 2);

        Assert.AreNotEqual(ChartPalette.Get(-1), ChartPalette.Get(1));
        Assert.AreEqual(ChartPalette.Get(9), ChartPalette.Get(-1), "colours repeat every ten labels below zero too");
        Assert.AreEqual(ChartPalette.Get(-1), image.GetPixel(area.PixelX(x[0]), area.PixelY(y[0])));
        Assert.AreEqual(ChartPalette.Get(1), image.GetPixel(area.PixelX(x[1]), area.PixelY(y[1])));
    }

    [TestMethod]
    public void RejectsInvalidArguments()
    {
        float[] two = [1f, 2f];
        Assert.AreEqual("y", Assert.ThrowsExactly<ArgumentException>(() => LatentScatter.Render(two, [1f])).ParamName);
        Assert.AreEqual("x", Assert.ThrowsExactly<ArgumentException>(() => LatentScatter.Render([float.NaN, 0f], two)).ParamName);
        Assert.AreEqual("x", Assert.ThrowsExactly<ArgumentException>(() => LatentScatter.Render([], [])).ParamName);
        Assert.AreEqual("labels", Assert.ThrowsExactly<ArgumentException>(() => LatentScatter.Render(two, two, [0])).ParamName);
        var unnamed = Assert.ThrowsExactly<ArgumentException>(() => LatentScatter.Render(two, two, [0, 1], labelNames: [null!, "b"]));
        Assert.AreEqual("labelNames", unnamed.ParamName);
        StringAssert.StartsWith(unnamed.Message, "labelNames[0] is null");
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LatentScatter.Render(two, two, width: 60)).ParamName);
        Assert.AreEqual("height", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LatentScatter.Render(two, two, height: 50)).ParamName);
        Assert.AreEqual("latents", Assert.ThrowsExactly<ArgumentException>(() => LatentScatter.RenderDimensions([1f, 2f, float.PositiveInfinity], 3)).ParamName);
        Assert.AreEqual("dimensionY", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LatentScatter.RenderDimensions(new float[6], 3, dimensionY: 3)).ParamName);
        Assert.AreEqual("series", Assert.ThrowsExactly<ArgumentException>(() => TrainingCurves.Render(["a"], [[1f, float.NaN]])).ParamName);
        Assert.AreEqual("series", Assert.ThrowsExactly<ArgumentException>(() => TrainingCurves.Render(["a"], [[]])).ParamName);
        Assert.AreEqual("names", Assert.ThrowsExactly<ArgumentException>(() => TrainingCurves.Render(["a", "b"], [two])).ParamName);
        Assert.AreEqual("height", Assert.ThrowsExactly<ArgumentException>(() => TrainingCurves.Render(["a"], [two], height: int.MaxValue)).ParamName);
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentException>(() => TrainingCurves.Render(["a"], [two], width: int.MaxValue)).ParamName);
    }

    [TestMethod]
    public void DimensionsOverloadPicksTheRequestedColumns()
    {
        float[] latents = [1f, 50f, -1f, 2f, -50f, 1f];
        RgbImage chosen = LatentScatter.RenderDimensions(latents, 3, [1, 2], dimensionX: 2, dimensionY: 0, width: 300, height: 240);
        RgbImage columnsTwoAndZero = LatentScatter.Render([-1f, 1f], [1f, 2f], [1, 2], width: 300, height: 240, xLabel: "z2", yLabel: "z0");
        RgbImage columnsZeroAndTwo = LatentScatter.Render([1f, 2f], [-1f, 1f], [1, 2], width: 300, height: 240, xLabel: "z2", yLabel: "z0");

        Assert.IsTrue(chosen.Pixels.SequenceEqual(columnsTwoAndZero.Pixels));
        Assert.IsFalse(chosen.Pixels.SequenceEqual(columnsZeroAndTwo.Pixels));
    }

    private static bool HasInk(RgbImage image, int x0, int y0, int x1, int y1) =>
        CountColour(image, RgbColor.White, x0, y0, x1, y1) < (x1 - x0) * (y1 - y0);

    /// <summary>The pixels of <paramref name="color"/> in the rectangle, '#' for one and '.' for another, cut to the smallest rectangle holding them.</summary>
    private static string Mask(RgbImage image, RgbColor color, int x0, int y0, int x1, int y1)
    {
        var held = new List<(int X, int Y)>();
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                if (image.GetPixel(x, y) == color)
                {
                    held.Add((x, y));
                }
            }
        }

        if (held.Count == 0)
        {
            return string.Empty;
        }

        int left = held.Min(p => p.X), top = held.Min(p => p.Y);
        return string.Join('\n', Enumerable.Range(top, held.Max(p => p.Y) - top + 1).Select(
            y => new string([.. Enumerable.Range(left, held.Max(p => p.X) - left + 1).Select(x => held.Contains((x, y)) ? '#' : '.')])));
    }

    private static int CountColour(RgbImage image, RgbColor color, int x0, int y0, int x1, int y1)
    {
        int count = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                count += image.GetPixel(x, y) == color ? 1 : 0;
            }
        }

        return count;
    }

    [TestMethod]
    public void HistoryLossesShareAPanelAboveOneOfTheirOwnForTheKLTermOverTheSameEpochs()
    {
        VaeEpochReport[] epochs = [new(4, 9, 7, 2, 1f, 9.5, 1.0), new(5, 8, 6, 2.5, 1f, 8.5, 1.0)];

        (RgbImage image, PlotArea losses, PlotArea kl) = TrainingCurves.Draw(new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed), "T", 640, 400, "loss");

        Assert.AreEqual(losses.Left, kl.Left, "an epoch is one column in both panels");
        Assert.AreEqual(losses.Width, kl.Width);
        Assert.IsLessThan(kl.Top, losses.Top + losses.Height, "the KL panel is below the losses'");
        Assert.AreEqual(losses.Left, losses.PixelX(4), "the curves start at the first epoch of the history");
        Assert.IsGreaterThan(2.5, losses.YAxis.Min, "the KL term does not stretch the losses' axis");
        foreach (VaeEpochReport epoch in epochs)
        {
            int x = losses.PixelX(epoch.Epoch);
            Assert.AreEqual(ChartPalette.Get(0), image.GetPixel(x, losses.PixelY(epoch.Loss)), $"loss, epoch {epoch.Epoch}");
            Assert.AreEqual(ChartPalette.Get(1), image.GetPixel(x, losses.PixelY(epoch.Reconstruction)), $"reconstruction, epoch {epoch.Epoch}");
            Assert.AreEqual(ChartPalette.Get(3), image.GetPixel(x, losses.PixelY(epoch.ValidationLoss!.Value)), $"validation, epoch {epoch.Epoch}");
            Assert.AreEqual(ChartPalette.Get(2), image.GetPixel(x, kl.PixelY(epoch.KullbackLeibler)), $"KL, epoch {epoch.Epoch}");
        }

        RgbImage sized = TrainingCurves.Render(new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed), "T", width: 300, height: 260, yLabel: "nats");
        Assert.AreEqual((300, 260), (sized.Width, sized.Height));
    }

    [TestMethod]
    public void AChartTooShortForBothPanelsAsksForTheHeightThatFits()
    {
        var history = new VaeTrainingHistory([new(1, 9, 7, 2, 1f, null, 1.0)], null, false, GemmBackend.Managed);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingCurves.Render(history, height: 200));

        Assert.AreEqual("height", error.ParamName);
        int needed = int.Parse(Regex.Match(error.Message, @"use at least (\d+) pixels").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.AreEqual(needed, TrainingCurves.Render(history, height: needed).Height);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrainingCurves.Render(history, height: needed - 1));
    }

    [TestMethod]
    public void OnALongRunTheLossesFillTheirPanelAndTheFirstEpochsLeaveItAtTheTop()
    {
        // Fashion-MNIST-like: a high first epoch, then losses near 250 creeping down, the validation loss 2.6 above and
        // a KL term near 7. On one axis over everything they were a flat band a few pixels high.
        VaeEpochReport[] epochs = [.. Enumerable.Range(1, 80).Select(e => new VaeEpochReport(e, 245 + (50.0 / e), 238 + (50.0 / e), 7 + (1.0 / e), 1f, 247.6 + (50.0 / e), 1.0))];

        (RgbImage image, PlotArea losses, PlotArea kl) = TrainingCurves.Draw(new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed), "T", 640, 400, "loss");

        RgbColor[] lossColours = [ChartPalette.Get(0), ChartPalette.Get(1), ChartPalette.Get(3)];
        (int top, int bottom) = RowsHolding(image, lossColours, losses.PixelX(9), losses.Left + losses.Width, losses.Top, losses.Top + losses.Height);
        Assert.IsGreaterThan(0.6 * losses.Height, bottom - top, $"the epochs after the first tenth span rows {top}–{bottom} of {losses.Top}–{losses.Top + losses.Height - 1}");
        (int klTop, int klBottom) = RowsHolding(image, [ChartPalette.Get(2)], kl.Left + 1, kl.Left + kl.Width, kl.Top, kl.Top + kl.Height);
        Assert.IsGreaterThan(0.6 * kl.Height, klBottom - klTop, $"the KL term spans rows {klTop}–{klBottom} of {kl.Top}–{kl.Top + kl.Height - 1}");

        Assert.IsGreaterThan(0, CountColour(image, ChartPalette.Get(0), losses.Left, losses.Top, losses.PixelX(9), losses.Top + 1), "the first epochs' loss leaves at the top");
        Assert.AreEqual(0, CountColour(image, ChartPalette.Get(0), losses.Left, 0, losses.Left + losses.Width, losses.Top), "and is not drawn above the panel");
    }

    /// <summary>The first and last row between <paramref name="y0"/> and <paramref name="y1"/> with a pixel of one of <paramref name="colours"/>.</summary>
    private static (int Top, int Bottom) RowsHolding(RgbImage image, RgbColor[] colours, int x0, int x1, int y0, int y1)
    {
        int[] rows = [.. Enumerable.Range(y0, y1 - y0).Where(y => Enumerable.Range(x0, x1 - x0).Any(x => colours.Contains(image.GetPixel(x, y))))];
        return (rows.Min(), rows.Max());
    }

    [TestMethod]
    public void TheValidationCurveRunsOverTheEpochsThatHaveOne()
    {
        // A model trained three epochs, then continued three with validation data, which the chart used to leave out.
        VaeEpochReport[] epochs = [.. Enumerable.Range(1, 6).Select(e => new VaeEpochReport(e, 200 - e, 190 - e, 10, 1f, e > 3 ? 215 - e : null, 1.0))];

        (RgbImage image, PlotArea area, _) = TrainingCurves.Draw(new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed), "T", 640, 400, "loss");

        RgbColor validation = ChartPalette.Get(3);
        for (int e = 4; e <= 6; e++)
        {
            Assert.AreEqual(validation, image.GetPixel(area.PixelX(e), area.PixelY(215 - e)), $"epoch {e}");
        }

        Assert.AreEqual(0, CountColour(image, validation, area.Left, area.Top, area.PixelX(4) - 3, area.Top + area.Height), "nothing is drawn before epoch 4");
        Assert.IsGreaterThan(0, CountColour(image, validation, area.Left + area.Width, 0, image.Width, image.Height), "the legend names the validation curve");
    }

    [TestMethod]
    public void AValidationLossAloneAmongItsNeighboursGetsAMarkerOnALongRun()
    {
        // Past 40 epochs points have no markers, so a point with no line to a neighbour would draw nothing.
        VaeEpochReport[] epochs = [.. Enumerable.Range(1, 50).Select(e => new VaeEpochReport(e, 200 - e, 190 - e, 10, 1f, e == 20 ? 230 : null, 1.0))];

        (RgbImage image, PlotArea area, _) = TrainingCurves.Draw(new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed), "T", 640, 400, "loss");

        Assert.IsGreaterThanOrEqualTo(9, CountColour(image, ChartPalette.Get(3), area.Left, area.Top, area.Left + area.Width, area.Top + area.Height), "a marker's worth of pixels");
        Assert.AreEqual(ChartPalette.Get(3), image.GetPixel(area.PixelX(20) + 1, area.PixelY(230) + 1));
    }

    [TestMethod]
    public void ARunThatTrainedTheModelFurtherIsMarkedWhereItBeganInBothPanels()
    {
        VaeEpochReport[] epochs = [.. Enumerable.Range(1, 6).Select(e => new VaeEpochReport(e, 200 - e, 190 - e, 10, 1f, null, 1.0))];
        var continued = new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed, runStartEpochs: [1, 4]);
        var once = new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed, runStartEpochs: [1]);

        (RgbImage image, PlotArea losses, PlotArea kl) = TrainingCurves.Draw(continued, "T", 640, 400, "loss");
        (RgbImage plain, _, _) = TrainingCurves.Draw(once, "T", 640, 400, "loss");

        foreach (PlotArea area in new[] { losses, kl })
        {
            int x = area.PixelX(3.5);
            Assert.IsGreaterThan(area.Height / 3, CountColour(image, TrainingCurves.RunBoundary, x, area.Top, x + 1, area.Top + area.Height), "a dashed line down the panel");
            Assert.AreEqual(0, CountColour(plain, TrainingCurves.RunBoundary, area.Left, area.Top, area.Left + area.Width, area.Top + area.Height), "one run has no boundary");
        }

        Assert.IsGreaterThan(0, CountColour(image, TrainingCurves.RunBoundary, losses.PixelX(3.5) + 2, losses.Top, losses.PixelX(4.5), losses.Top + 12), "the caption 'run 2'");
    }

    [TestMethod]
    public void ARunOfTheLastEpochAloneIsCaptionedInsideThePlot()
    {
        VaeEpochReport[] epochs = [.. Enumerable.Range(1, 20).Select(e => new VaeEpochReport(e, 200 - e, 190 - e, 10, 1f, null, 1.0))];

        (RgbImage image, PlotArea losses, _) = TrainingCurves.Draw(
            new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed, runStartEpochs: [1, 20]), "T", 640, 400, "loss");

        int right = losses.Left + losses.Width;
        Assert.IsGreaterThan(0, CountColour(image, TrainingCurves.RunBoundary, losses.Left, losses.Top, losses.PixelX(19.5) - 2, losses.Top + 12), "the caption, left of the line");
        Assert.AreEqual(0, CountColour(image, TrainingCurves.RunBoundary, right, 0, image.Width, image.Height), "nothing past the plot's right edge");
    }

    [TestMethod]
    public void AHistoryWithoutEpochsIsRefusedNamingTheHistory()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => TrainingCurves.Render(new VaeTrainingHistory([], null, false, GemmBackend.Managed)));

        Assert.AreEqual("history", error.ParamName);
    }

    [TestMethod]
    public void AHistoryWithANullReportIsRefusedNamingTheHistory()
    {
        VaeEpochReport[] epochs = [new(1, 9, 7, 2, 1f, null, 1.0), null!];

        var error = Assert.ThrowsExactly<ArgumentException>(() => TrainingCurves.Render(new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed)));

        Assert.AreEqual("history", error.ParamName);
        StringAssert.StartsWith(error.Message, "The history's report 2 is null");
    }

    [TestMethod]
    public void AHistoryLossBeyondFloat32IsRefusedNamingTheHistoryAndTheEpoch()
    {
        VaeEpochReport[] epochs = [new(1, 9, 7, 2, 1f, null, 1.0), new(2, 8, 6, 1e300, 1f, null, 1.0)];

        var error = Assert.ThrowsExactly<ArgumentException>(() => TrainingCurves.Render(new VaeTrainingHistory(epochs, null, false, GemmBackend.Managed)));

        Assert.AreEqual("history", error.ParamName);
        StringAssert.StartsWith(error.Message, "Epoch 2's KL term is 1E+300, not a finite float32 value, which the chart cannot draw.");
    }
}
