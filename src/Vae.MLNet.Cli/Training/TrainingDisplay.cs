using System.Globalization;
using Spectre.Console;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// Shows training as it happens, one line per epoch: above a live bar on a terminal that can redraw it, and with an ETA
/// otherwise: when the output goes to a file or pipe, where redrawing would only add noise, to a terminal without
/// ANSI escape codes (TERM=dumb), on which Spectre draws no live display, or to one too narrow for the bar's line, and
/// with --no-progress.
/// </summary>
internal static class TrainingDisplay
{
    /// <summary>
    /// Runs <paramref name="fit"/>, feeding its epoch reports, of a model of <paramref name="latentDimension"/>
    /// dimensions, to the display, which shows no live bar when <paramref name="noProgress"/>.
    /// </summary>
    public static VaeModel Fit(CliContext context, int epochs, int latentDimension, bool noProgress, Func<IProgress<VaeEpochReport>, VaeModel> fit)
    {
        IAnsiConsole console = context.CreateConsole();
        if (!ProgressBars.Shown(console, noProgress))
        {
            int done = 0;
            double seconds = 0;
            return fit(new SynchronousProgress<VaeEpochReport>(report =>
            {
                done++;
                seconds += report.Seconds;
                context.Output.WriteLine($"{Describe(report, done, epochs, latentDimension)}  eta {DurationText.Of(seconds / done * (epochs - done))}");
            }));
        }

        return ProgressBars.Create(console).Start(progress =>
        {
            ProgressTask task = progress.AddTask("training", maxValue: epochs);
            int done = 0;
            VaeModel model = fit(new SynchronousProgress<VaeEpochReport>(report =>
            {
                done++;

                // Each epoch's line stays above the bar, so the losses of earlier epochs remain on screen.
                console.WriteLine(Describe(report, done, epochs, latentDimension));
                task.Increment(1);
            }));

            // Early stopping ends before the last epoch; the bar should still read as finished.
            task.Value = task.MaxValue;
            return model;
        });
    }

    private static string Describe(VaeEpochReport report, int done, int epochs, int latentDimension)
    {
        // The loss is recon + β·kl: a β other than 1 (a KL warm-up, --beta) is shown, or the sum would look wrong.
        string beta = report.Beta == 1 ? string.Empty : $" (β {NumberText.Significant(report.Beta)})";
        string validation = report.ValidationLoss is { } v ? $"  val {NumberText.Of(v, 3)}" : string.Empty;
        string active = report.ValidationActiveDimensions is { } count ? $"  active {count}/{latentDimension}" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {done}/{epochs}  loss {NumberText.Of(report.Loss, 3)}  recon {NumberText.Of(report.Reconstruction, 3)}  kl {NumberText.Of(report.KullbackLeibler, 3)}{beta}{validation}{active}  {report.Seconds:0.00}s");
    }
}
