using System.CommandLine.Parsing;
using System.Globalization;

namespace Vae.MLNet.Cli.Input;

/// <summary>Parses comma-separated option values such as "--hidden 400,200", which read better than repeated options.</summary>
internal static class ListParsing
{
    /// <summary>The items of a comma-separated token, trimmed, empty items dropped.</summary>
    public static string[] Strings(ArgumentResult result) =>
        result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();

    /// <summary>Positive integers from a comma-separated token; a bad or empty item becomes a parse error naming it.</summary>
    public static int[] PositiveIntegers(ArgumentResult result)
    {
        // Empty items are kept: "16,,8" more likely lost a size than meant 16,8.
        string[] items = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries)).ToArray();
        var values = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                result.AddError($"'{items[i]}' in '{string.Join(",", items)}' is not a positive integer; give sizes like 400,200.");
                return [];
            }
        }

        if (values.Length == 0)
        {
            result.AddError("Give at least one size, like 400 or 400,200.");
        }

        return values;
    }
}
