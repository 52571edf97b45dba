using System.Globalization;

namespace Vae.MLNet.Cli.Output;

/// <summary>Durations as the command line writes them: hours, minutes and seconds, after whole days where there are any.</summary>
internal static class DurationText
{
    /// <summary>
    /// <paramref name="seconds"/> as "04:05:06", or "3d 04:05:06" from a day on: a long run's estimate must not lose its
    /// days, and may exceed what a <see cref="TimeSpan"/> holds.
    /// </summary>
    public static string Of(double seconds)
    {
        long whole = (long)Math.Round(Math.Min(seconds, long.MaxValue / 2));
        (long days, long rest) = Math.DivRem(whole, 86_400);
        string time = string.Create(CultureInfo.InvariantCulture, $"{rest / 3600:00}:{rest / 60 % 60:00}:{rest % 60:00}");
        return days > 0 ? string.Create(CultureInfo.InvariantCulture, $"{days}d {time}") : time;
    }
}
