using Vae.MLNet.Imaging;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>The training curves 'vae train --plots' and 'vae pictures' draw.</summary>
internal static class TrainingCurvesPicture
{
    public const string FileName = "training-curves.png";

    /// <summary>
    /// Draws the curves of <paramref name="history"/>, or gives null and the reason they cannot be drawn: a loss adds two
    /// terms within float32's range in double, so it may pass that range, which the chart cannot draw. The commands
    /// write their other outputs all the same, as a picture is never worth the model or the other pictures.
    /// </summary>
    public static RgbImage? Draw(VaeTrainingHistory history, out string? undrawable)
    {
        try
        {
            undrawable = null;
            return TrainingCurves.Render(history);
        }
        catch (ArgumentException exception) when (exception.ParamName == nameof(history))
        {
            undrawable = ArgumentMessages.Describe(exception);
            return null;
        }
    }
}
