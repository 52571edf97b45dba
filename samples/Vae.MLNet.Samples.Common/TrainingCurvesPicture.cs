using Vae.MLNet.Imaging;

namespace Vae.MLNet.Samples.Common;

/// <summary>Saves a model's per-epoch losses as a line chart.</summary>
public static class TrainingCurvesPicture
{
    /// <summary>Plots the training loss, its two terms and, when training held rows out, the validation loss.</summary>
    public static void Save(VaeTrainingHistory history, string title, string path)
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

        TrainingCurves.Render([.. names], [.. series], title, yLabel: "nats per row").SavePng(path);
    }
}
