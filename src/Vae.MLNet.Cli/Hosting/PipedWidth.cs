using System.Globalization;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The width tables and help are laid out at when standard output is not a terminal, which has no width of its own:
/// COLUMNS when it gives one, as a script may ask for; otherwise no limit, so that no cell is split over lines.
/// Spectre's own 80 columns split a long feature name over three lines, which <c>grep</c> then did not find.
/// </summary>
internal static class PipedWidth
{
    /// <summary>No limit: the width of the widest row.</summary>
    public const int Unlimited = int.MaxValue;

    /// <summary>The width for this process's COLUMNS.</summary>
    public static int Current => Of(Environment.GetEnvironmentVariable("COLUMNS"));

    /// <summary>The width for <paramref name="columns"/>, the value of COLUMNS, unset when null.</summary>
    public static int Of(string? columns) =>
        int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out int width) && width > 0 ? width : Unlimited;
}
