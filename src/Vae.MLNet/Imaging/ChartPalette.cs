namespace Vae.MLNet.Imaging;

/// <summary>
/// Ten clearly distinct colours for classes and series, ordered so that the first few differ in hue and lightness and
/// stay apart for common colour-vision deficiencies.
/// </summary>
public static class ChartPalette
{
    private static readonly RgbColor[] Colors =
    [
        new(0, 114, 189),
        new(230, 120, 20),
        new(40, 160, 70),
        new(205, 40, 50),
        new(130, 90, 190),
        new(140, 90, 60),
        new(225, 110, 190),
        new(110, 110, 110),
        new(180, 175, 20),
        new(20, 185, 205),
    ];

    /// <summary>Number of distinct colours before they repeat.</summary>
    public static int Count => Colors.Length;

    /// <summary>
    /// The colour for a class label or series index. Colours repeat every <see cref="Count"/> indices, negative ones
    /// included, so labels such as −1 and 1 get different colours.
    /// </summary>
    /// <param name="index">A label or series index.</param>
    public static RgbColor Get(int index) => Cyclic.At(Colors, index);
}
