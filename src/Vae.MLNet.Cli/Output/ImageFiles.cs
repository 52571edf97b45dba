using Vae.MLNet.Imaging;

namespace Vae.MLNet.Cli.Output;

/// <summary>Saving the pictures the commands draw.</summary>
internal static class ImageFiles
{
    /// <summary>
    /// Saves <paramref name="image"/> as a PNG and gives the line that reports it, for the caller to print once every
    /// file of its set is in place: a report that fails, as when standard output's reader has gone, must not leave the set half written.
    /// </summary>
    public static string Save(RgbImage image, string path, CancellationToken cancellation)
    {
        InterruptibleOutput.Write(path, image.WritePng, cancellation);
        return Report(image, path);
    }

    /// <summary>
    /// Adds <paramref name="image"/> to <paramref name="set"/> as the PNG <paramref name="path"/>, holding
    /// <paramref name="text"/>, reported as <see cref="Save"/> reports it.
    /// </summary>
    public static void AddTo(FileSet set, RgbImage image, string path, IReadOnlyList<PngText> text) =>
        set.Add(path, stream => image.WritePng(stream, text), Report(image, path));

    private static string Report(RgbImage image, string path) => TerminalText.Visible($"wrote {path} ({image.Width}×{image.Height})");

    /// <summary>
    /// Draws decoded <paramref name="rows"/> of <paramref name="model"/> as <paramref name="grid"/> lays them out, on the
    /// gray scale <see cref="GrayLevels.For"/> gives them (no data sets it), and saves the picture as <see cref="Save"/> does.
    /// </summary>
    public static string SaveGrid(VaeModel model, float[] rows, PictureGrid grid, string path, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        float[] levels = GrayLevels.For(model, rows).Map(rows);
        return Save(ImageGrid.Render(levels, grid.Shape.Width, grid.Shape.Height, grid.Columns, grid.Scale, grid.Separator), path, cancellation);
    }
}
