using System.Globalization;

namespace Vae.MLNet.Text;

/// <summary>
/// Sizes in messages, to a tenth of their unit ("8.6 MiB", "2 GiB"). A size weighed against a limit rounds up and a
/// limit or an allowance down, so a size just over a limit never reads as equal to it.
/// </summary>
internal static class ByteSizeText
{
    private const double Mebibyte = 1 << 20;

    private const double Gibibyte = 1L << 30;

    /// <summary>A size in MiB, rounded up.</summary>
    public static string MebibytesUp(double bytes) => Format(Math.Ceiling(10 * bytes / Mebibyte), "MiB");

    /// <summary>A limit in MiB, rounded down.</summary>
    public static string MebibytesDown(double bytes) => Format(Math.Floor(10 * bytes / Mebibyte), "MiB");

    /// <summary>A size in GiB, rounded up.</summary>
    public static string GibibytesUp(double bytes) => Format(Math.Ceiling(10 * bytes / Gibibyte), "GiB");

    /// <summary>A limit or what a process may use in GiB, rounded down.</summary>
    public static string GibibytesDown(double bytes) => Format(Math.Floor(10 * bytes / Gibibyte), "GiB");

    private static string Format(double tenths, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{tenths / 10:0.#} {unit}");
}
