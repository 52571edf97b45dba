namespace Vae.MLNet.Imaging;

/// <summary>The pixel rectangle a chart's data occupies and the mapping from data values into it.</summary>
internal sealed class PlotArea(int left, int top, int width, int height, NiceAxis xAxis, NiceAxis yAxis)
{
    /// <summary>Leftmost pixel column of the plot.</summary>
    public int Left { get; } = left;

    /// <summary>Topmost pixel row of the plot.</summary>
    public int Top { get; } = top;

    /// <summary>Width in pixels.</summary>
    public int Width { get; } = width;

    /// <summary>Height in pixels.</summary>
    public int Height { get; } = height;

    /// <summary>The horizontal axis.</summary>
    public NiceAxis XAxis { get; } = xAxis;

    /// <summary>The vertical axis.</summary>
    public NiceAxis YAxis { get; } = yAxis;

    /// <summary>Pixel column of a data x value.</summary>
    public int PixelX(double x) => Left + (int)Math.Round((x - XAxis.Min) / (XAxis.Max - XAxis.Min) * (Width - 1));

    /// <summary>Pixel row of a data y value; larger values are higher up.</summary>
    public int PixelY(double y) => Top + Height - 1 - (int)Math.Round((y - YAxis.Min) / (YAxis.Max - YAxis.Min) * (Height - 1));
}
