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
        path ?? throw new CommandLineException("--out FILE.png is required when --image-shape asks for a picture.");

    /// <summary>Plots the loss terms of each epoch in <paramref name="history"/>, with the validation loss when there is one.</summary>
    public static RgbImage TrainingCurves(VaeTrainingHistory history)
    {
        IReadOnlyList<VaeEpochReport> epochs = history.Epochs;
        var names = new List<string> { "loss", "reconstruction", "KL" };
        var series = new List<float[]>
        {
            epochs.Select(e => (float)e.Loss).ToArray(),
            epochs.Select(e => (float)e.Reconstruction).ToArray(),
            epochs.Select(e => (float)e.KullbackLeibler).ToArray(),
        };
        if (epochs.All(e => e.ValidationLoss is not null))
        {
            names.Add("validation");
            series.Add(epochs.Select(e => (float)e.ValidationLoss!.Value).ToArray());
        }

        return Imaging.TrainingCurves.Render(names.ToArray(), series.ToArray(), "Training", firstEpoch: epochs.Count > 0 ? epochs[0].Epoch : 1);
    }
}
