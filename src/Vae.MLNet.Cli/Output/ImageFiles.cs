using Vae.MLNet.Imaging;

namespace Vae.MLNet.Cli.Output;

/// <summary>Saving the pictures the commands draw.</summary>
internal static class ImageFiles
{
    /// <summary>Saves <paramref name="image"/> as a PNG and says so on <paramref name="log"/>.</summary>
    public static void Save(RgbImage image, string path, TextWriter log)
    {
        image.SavePng(path);
        log.WriteLine(TerminalText.Visible($"wrote {path} ({image.Width}×{image.Height})"));
    }
}
