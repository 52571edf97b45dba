using System.Globalization;
using Vae.MLNet.Numerics;
using Vae.MLNet.Text;

namespace Vae.MLNet.Imaging;

/// <summary>Argument checks shared by the pictures, so every one reports bad data the same way.</summary>
internal static class InputChecks
{
    /// <summary>
    /// Throws when any value is NaN or infinite: a picture of such data would silently misplace or drop it, and the
    /// usual cause (a diverged model) is better surfaced than drawn.
    /// </summary>
    /// <param name="values">The values to check.</param>
    /// <param name="paramName">The argument they came from.</param>
    /// <param name="displayName">How to name the array in the message when it is not the whole argument, e.g. "series[2]".</param>
    public static void RequireFinite(ReadOnlySpan<float> values, string paramName, string? displayName = null)
    {
        int i = FiniteValues.IndexOfNonFinite(values);
        if (i >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{displayName ?? paramName}[{i}] is {values[i]}; every value must be a finite number (a NaN usually means training diverged)."),
                paramName);
        }
    }

    /// <summary>Throws unless <paramref name="values"/> splits into a whole, non-zero number of items of <paramref name="itemSize"/>.</summary>
    /// <returns>The number of items.</returns>
    public static int RequireWholeItems(float[] values, int itemSize, string paramName, string itemDescription)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        if (values.Length == 0 || values.Length % itemSize != 0)
        {
            throw new ArgumentException(
                $"{values.Length} values do not make a whole number of {itemDescription} of {itemSize} values each; pass at least one, back to back.",
                paramName);
        }

        return values.Length / itemSize;
    }

    /// <summary>Validates image dimensions and returns width × height.</summary>
    public static int PixelsPerImage(int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        long pixels = (long)imageWidth * imageHeight;
        if (pixels > Array.MaxLength)
        {
            throw new ArgumentException(
                $"{imageWidth}×{imageHeight} images are too large to hold in one array.", LargerArgument.Name(imageWidth, nameof(imageWidth), imageHeight, nameof(imageHeight)));
        }

        return (int)pixels;
    }
}
