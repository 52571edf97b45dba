namespace Vae.MLNet.Imaging;

/// <summary>One line of a chart legend.</summary>
/// <param name="Text">What the colour stands for.</param>
/// <param name="Color">The colour used in the plot.</param>
internal readonly record struct LegendEntry(string Text, RgbColor Color);
