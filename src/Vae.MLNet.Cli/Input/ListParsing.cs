using System.CommandLine.Parsing;
using System.Globalization;

namespace Vae.MLNet.Cli.Input;

/// <summary>Parses comma-separated option values such as "--hidden 400,200", which read better than repeated options.</summary>
internal static class ListParsing
{
    /// <summary>The items of a comma-separated token, trimmed; an empty item becomes a parse error.</summary>
    public static string[] Strings(ArgumentResult result)
    {
        // As for sizes: "a,,b" more likely lost a column than meant a,b.
        string[] items = Items(result);
        if (items.Any(item => item.Length == 0))
        {
            result.AddError(items.All(item => item.Length == 0)
                ? $"{OptionName(result)} lists nothing; name at least one column, like a,b,c."
                : $"{OptionName(result)} '{string.Join(",", items)}' has an empty item; list columns separated by single commas, like a,b,c.");
        }

        return items;
    }

    /// <summary>Positive integers from a comma-separated token; a bad or empty item becomes a parse error naming it.</summary>
    public static int[] PositiveIntegers(ArgumentResult result)
    {
        // Empty items are kept: "16,,8" more likely lost a size than meant 16,8.
        string[] items = Items(result);
        var values = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                result.AddError($"{OptionName(result)} '{string.Join(",", items)}': '{items[i]}' is not a positive integer; give sizes like 400,200.");
                return [];
            }
        }

        return values;
    }

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : "The list";

    private static string[] Items(ArgumentResult result) =>
        result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries)).ToArray();
}
