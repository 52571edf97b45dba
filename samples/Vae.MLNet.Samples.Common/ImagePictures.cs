using Vae.MLNet.Data;
using Vae.MLNet.Imaging;

namespace Vae.MLNet.Samples.Common;

/// <summary>
/// The pictures that show what an image VAE learned, each saved as a PNG (the library writes PNGs atomically, so a
/// viewer never opens a half-written file). Images are rows of width × height values in [0, 1].
/// </summary>
public sealed class ImagePictures(int width, int height, int scale = 2)
{
    private int Pixels => width * height;

    /// <summary>Originals above their reconstructions (decoded from the latent means), <paramref name="columns"/> pairs per row.</summary>
    public void SaveReconstructions(VaeModel model, float[] originals, int columns, string path)
    {
        var reconstructions = new float[originals.Length];
        model.Reconstruct(originals, reconstructions);
        ReconstructionGrid.Render(originals, reconstructions, width, height, columns, scale).SavePng(path);
    }

    /// <summary>New images: latent vectors drawn from the prior N(0, I) and decoded.</summary>
    public void SavePriorSamples(VaeModel model, int count, int columns, int seed, string path)
    {
        float[] images = model.Generate(count, seed);
        ImageGrid.Render(images, width, height, columns, scale).SavePng(path);
    }

    /// <summary>
    /// Decodings of <paramref name="steps"/> evenly spaced points on the line between the latent means of the first of
    /// <paramref name="images"/> labelled <paramref name="fromLabel"/> and the first labelled <paramref name="toLabel"/>;
    /// the ends are those two images' own reconstructions. Returns false, saving nothing, when no image has one of the
    /// labels, as a smaller data set may lack a class.
    /// </summary>
    public bool SaveInterpolation(VaeModel model, float[] images, int[] labels, int fromLabel, int toLabel, int steps, string path)
    {
        int from = Array.IndexOf(labels, fromLabel), to = Array.IndexOf(labels, toLabel);
        if (from < 0 || to < 0)
        {
            return false;
        }

        float[] strip = model.InterpolateRows(images.AsSpan(from * Pixels, Pixels), images.AsSpan(to * Pixels, Pixels), steps);
        ImageGrid.RenderStrip(strip, width, height, scale).SavePng(path);
        return true;
    }

    /// <summary>
    /// The images' latent means in the two latent dimensions whose means vary most over them, coloured by label, with
    /// <paramref name="title"/> saying so: the first two may be dimensions the model leaves at the prior.
    /// </summary>
    public void SaveLatentScatter(VaeModel model, float[] images, int[] labels, IReadOnlyList<string>? labelNames, string title, string path)
    {
        var means = new float[labels.Length * model.LatentDimension];
        model.Encode(images, means, default);
        int[] drawn = [.. model.MeasureLatentActivity(VaeDataset.FromArray(images, Pixels)).MostVaried(2).Order()];
        string dimensions = model.LatentDimension == 2 ? string.Empty : $" (most varied 2 of {model.LatentDimension})";
        LatentScatter.RenderDimensions(means, model.LatentDimension, labels, drawn[0], drawn[1], title + dimensions, width: 720, height: 540, labelNames: labelNames)
            .SavePng(path);
    }

    /// <summary>
    /// For a model with two latent dimensions: the decodings of a square grid over [−2.5, 2.5]², which shows how the
    /// model lays its images out in the latent plane.
    /// </summary>
    public void SaveManifold(VaeModel model, int gridSize, string path)
    {
        float[] points = LatentManifold.GridPoints(gridSize);
        var images = new float[gridSize * gridSize * Pixels];
        model.Decode(points, images);
        LatentManifold.Render(images, width, height, gridSize, scale: 1).SavePng(path);
    }
}
