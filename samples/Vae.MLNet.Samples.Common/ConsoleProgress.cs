namespace Vae.MLNet.Samples.Common;

/// <summary>
/// Prints one line per training epoch. <see cref="Progress{T}"/> would post the reports to the thread pool, so lines
/// could come out late or out of order; this handles each report on the training thread instead.
/// </summary>
public sealed class ConsoleProgress(int every = 1) : IProgress<VaeEpochReport>
{
    public void Report(VaeEpochReport value)
    {
        if (value.Epoch == 1 || value.Epoch % every == 0)
        {
            string validation = value.ValidationLoss is { } v ? $", validation {v:F2}" : "";
            Console.WriteLine(
                $"  epoch {value.Epoch,3}: loss {value.Loss,8:F2} = reconstruction {value.Reconstruction,8:F2} + KL {value.KullbackLeibler,6:F2}{validation} ({value.Seconds:F1} s)");
        }
    }
}
