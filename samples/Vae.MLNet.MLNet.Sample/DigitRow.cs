namespace Vae.MLNet.MLNet.Sample;

/// <summary>One MNIST image as ML.NET reads it: pixels in [0, 1] and the digit.</summary>
internal sealed class DigitRow
{
    /// <summary>The 784 pixel intensities, row by row.</summary>
    public float[] Features { get; set; } = [];

    /// <summary>The digit 0–9.</summary>
    public int Label { get; set; }
}
