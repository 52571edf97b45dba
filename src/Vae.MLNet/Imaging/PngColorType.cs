namespace Vae.MLNet.Imaging;

/// <summary>The pixel layouts <see cref="PngEncoder"/> writes; the values are the PNG colour-type codes.</summary>
public enum PngColorType
{
    /// <summary>One byte per pixel, 0 = black, 255 = white.</summary>
    Grayscale = 0,

    /// <summary>Three bytes per pixel in red, green, blue order.</summary>
    Rgb = 2,
}
