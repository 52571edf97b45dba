using System.Text;

namespace Vae.MLNet.IO;

/// <summary>
/// The length of a file name, counted as the system's file systems count it against their limit of 255: in UTF-8 bytes
/// on Linux (NAME_MAX) and macOS (APFS), in UTF-16 code units on Windows (NTFS), where 100 Japanese characters, 300 bytes
/// in UTF-8, make a valid name.
/// </summary>
internal static class FileNameLength
{
    /// <summary>The longest name file systems allow, in <see cref="Units"/>.</summary>
    public const int Max = 255;

    private static readonly bool CountsUtf16Units = OperatingSystem.IsWindows();

    /// <summary>What a name's length is counted in here, after a number: "bytes", or "UTF-16 code units" on Windows.</summary>
    public static string Units => UnitsWhere(CountsUtf16Units);

    /// <summary>The length of <paramref name="name"/>, in <see cref="Units"/>.</summary>
    public static int Of(string name) => Of(name, CountsUtf16Units);

    /// <summary>A length of <see cref="Of(string)"/> as a message tells it: "300 bytes long in UTF-8".</summary>
    public static string Told(int length) => Told(length, CountsUtf16Units);

    /// <summary>The length of <paramref name="name"/>, in UTF-16 code units where <paramref name="countsUtf16Units"/>, else in UTF-8 bytes.</summary>
    public static int Of(string name, bool countsUtf16Units)
    {
        ArgumentNullException.ThrowIfNull(name);
        return countsUtf16Units ? name.Length : Encoding.UTF8.GetByteCount(name);
    }

    /// <summary>As <see cref="Told(int)"/>, counted in UTF-16 code units where <paramref name="countsUtf16Units"/>.</summary>
    public static string Told(int length, bool countsUtf16Units) =>
        countsUtf16Units ? $"{length} UTF-16 code units long" : $"{length} bytes long in UTF-8";

    /// <summary>As <see cref="Units"/>, counted in UTF-16 code units where <paramref name="countsUtf16Units"/>.</summary>
    public static string UnitsWhere(bool countsUtf16Units) => countsUtf16Units ? "UTF-16 code units" : "bytes";
}
