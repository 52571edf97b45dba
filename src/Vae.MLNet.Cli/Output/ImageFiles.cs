using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Imaging;

namespace Vae.MLNet.Cli.Output;

/// <summary>Saving the pictures the commands draw.</summary>
internal static class ImageFiles
{
    /// <summary>Saves <paramref name="image"/> as a PNG and says so on <paramref name="log"/>.</summary>
    public static void Save(RgbImage image, string path, TextWriter log)
    {
        image.SavePng(path);
        log.WriteLine($"wrote {path} ({image.Width}×{image.Height})");
    }

    /// <summary>The --out file of a command drawing a PNG, which standard output cannot usefully take.</summary>
    public static string RequirePath(string? path) =>
        path is null or OutputOptions.StandardOutput
            ? throw new CommandLineException("--out FILE.png is required when --image-shape asks for a picture, which does not go to standard output.")
            : path;
}
