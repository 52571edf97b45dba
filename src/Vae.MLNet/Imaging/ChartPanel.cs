namespace Vae.MLNet.Imaging;

/// <summary>One plot of a chart, stacked with the others above a shared horizontal axis, with a vertical axis of its own.</summary>
/// <param name="YRange">Smallest and largest y value the axis must cover.</param>
/// <param name="YLabel">Caption above the vertical axis; may be empty.</param>
/// <param name="Legend">Legend lines, beside the plot; none means no legend.</param>
/// <param name="HeightShare">The plot's share of the height the plots divide, against the other plots' shares.</param>
internal sealed record ChartPanel((double Min, double Max) YRange, string YLabel, IReadOnlyList<LegendEntry> Legend, int HeightShare = 1);
