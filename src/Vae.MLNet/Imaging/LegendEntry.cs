namespace Vae.MLNet.Imaging;

/// <summary>One line of a chart legend.</summary>
/// <param name="Text">What the swatch stands for.</param>
/// <param name="Color">The colour used in the plot.</param>
/// <param name="Marker">The shape of the points, shown by a scatter plot's swatch.</param>
/// <param name="Dash">The line's pattern, shown by a curve's swatch.</param>
internal readonly record struct LegendEntry(string Text, RgbColor Color, MarkerShape Marker, LineDash Dash);
