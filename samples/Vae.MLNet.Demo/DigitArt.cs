using System.Text;

namespace Vae.MLNet.Demo;

/// <summary>Draws 8×8 digit images (values 0–16) as text, several side by side.</summary>
internal static class DigitArt
{
    private const string Shades = " .:-=+*#%@";

    public static string SideBySide(IReadOnlyList<(string Caption, float[] Pixels)> images)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", images.Select(i => i.Caption.PadRight(16)[..16])));
        for (int row = 0; row < 8; row++)
        {
            text.AppendLine(string.Join("  ", images.Select(i => Row(i.Pixels, row))));
        }

        return text.ToString();
    }

    private static string Row(float[] pixels, int row)
    {
        var line = new StringBuilder(16);
        for (int column = 0; column < 8; column++)
        {
            float value = Math.Clamp(pixels[row * 8 + column] / 16f, 0f, 1f);
            char shade = Shades[(int)MathF.Round(value * (Shades.Length - 1))];
            line.Append(shade).Append(shade);
        }

        return line.ToString();
    }
}
