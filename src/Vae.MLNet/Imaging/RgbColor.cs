namespace Vae.MLNet.Imaging;

/// <summary>An 8-bit-per-channel colour.</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    /// <summary>Pure white.</summary>
    public static RgbColor White => new(255, 255, 255);

    /// <summary>Pure black.</summary>
    public static RgbColor Black => new(0, 0, 0);

    /// <summary>A gray of the given intensity (0 black, 255 white).</summary>
    /// <param name="level">The intensity of each of red, green and blue: 0 black, 255 white.</param>
    public static RgbColor Gray(byte level) => new(level, level, level);
}
