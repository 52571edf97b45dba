using System.Globalization;

namespace Vae.MLNet.Text;

/// <summary>A count with its noun for messages: "1 row", "3 rows".</summary>
internal static class Counted
{
    /// <summary><paramref name="count"/> and <paramref name="noun"/>, with an "s" unless the count is one.</summary>
    public static string Of(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
