using System.Globalization;
using Spectre.Console;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// Shows training as it happens, one line per epoch: above a live bar on a terminal, and with an ETA when the
/// output goes to a file or pipe, where redrawing would only add noise.
/// </summary>
internal static class TrainingDisplay
{
    /// <summary>Runs <paramref name="fit"/>, feeding its epoch reports to the display.</summary>
    public static VaeModel Fit(CliContext context, int epochs, Func<IProgress<VaeEpochReport>, VaeModel> fit)
    {
        if (!context.Interactive)
        {
            int done = 0;
            double seconds = 0;
            return fit(new SynchronousProgress<VaeEpochReport>(report =>
            {
                done++;
                seconds += report.Seconds;
                context.Output.WriteLine($"{Describe(report, done, epochs)}  eta {Duration(seconds / done * (epochs - done))}");
            }));
        }

        IAnsiConsole console = context.CreateConsole();
        return ProgressBars.Create(console).Start(progress =>
        {
            ProgressTask task = progress.AddTask("training", maxValue: epochs);
            int done = 0;
            VaeModel model = fit(new SynchronousProgress<VaeEpochReport>(report =>
            {
                done++;

                // Each epoch's line stays above the bar, so the losses of earlier epochs remain on screen.
                console.WriteLine(Describe(report, done, epochs));
                task.Increment(1);
            }));

            // Early stopping ends before the last epoch; the bar should still read as finished.
            task.Value = task.MaxValue;
            return model;
        });
    }

    /// <summary>
    /// <paramref name="seconds"/> as hours, minutes and seconds, after whole days where there are any ("3d 04:05:06"):
    /// a long run's estimate must not lose its days, and may exceed what a <see cref="TimeSpan"/> holds.
    /// </summary>
    internal static string Duration(double seconds)
    {
        long whole = (long)Math.Round(Math.Min(seconds, long.MaxValue / 2));
        (long days, long rest) = Math.DivRem(whole, 86_400);
        string time = string.Create(CultureInfo.InvariantCulture, $"{rest / 3600:00}:{rest / 60 % 60:00}:{rest % 60:00}");
        return days > 0 ? string.Create(CultureInfo.InvariantCulture, $"{days}d {time}") : time;
    }

    private static string Describe(VaeEpochReport report, int done, int epochs)
    {
        string validation = report.ValidationLoss is { } v ? $"  val {v.ToString("0.###", CultureInfo.InvariantCulture)}" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {done}/{epochs}  loss {report.Loss:0.###}  recon {report.Reconstruction:0.###}  kl {report.KullbackLeibler:0.###}{validation}  {report.Seconds:0.00}s");
    }
}
