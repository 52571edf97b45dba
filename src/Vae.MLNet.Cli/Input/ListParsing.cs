using System.CommandLine.Parsing;
using System.Globalization;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>Parses comma-separated option values such as "--hidden 400,200", which read better than repeated options.</summary>
internal static class ListParsing
{
    /// <summary>
    /// The items of a comma-separated token, trimmed. An item may be wrapped in double quotes, as in a CSV header, to
    /// hold commas ("a,b",c); an empty item or an unclosed quote becomes a parse error.
    /// </summary>
    public static string[] Strings(ArgumentResult result)
    {
        if (!GivenOnce(result, "a,b,c"))
        {
            return [];
        }

        var items = new List<string>();
        var cells = new List<string>();
        foreach (Token token in result.Tokens)
        {
            if (CsvLineSplitter.Split(token.Value, ',', cells) >= 0)
            {
                result.AddError($"{OptionName(result)} '{token.Value}' opens a quote that it never closes; quote a whole name that holds commas, like \"a,b\",c.");
                return [];
            }

            items.AddRange(cells.Select(cell => cell.Trim()));
        }

        // As for sizes: "a,,b" more likely lost a column than meant a,b.
        if (items.Any(item => item.Length == 0))
        {
            result.AddError(items.All(item => item.Length == 0)
                ? $"{OptionName(result)} lists nothing; name at least one column, like a,b,c."
                : $"{OptionName(result)} '{string.Join(",", result.Tokens.Select(t => t.Value))}' has an empty item; list columns separated by single commas, like a,b,c.");
        }

        return items.ToArray();
    }

    /// <summary>Positive integers from a comma-separated token; a bad or empty item becomes a parse error naming it.</summary>
    public static int[] PositiveIntegers(ArgumentResult result)
    {
        if (!GivenOnce(result, "400,200"))
        {
            return [];
        }

        // Empty items are kept: "16,,8" more likely lost a size than meant 16,8.
        string[] items = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries)).ToArray();
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

    // Repeating a list option would otherwise join the lists: a script that adds --hidden 8 to a command line that
    // already has --hidden 16 would train two hidden layers, not the one it meant to replace.
    private static bool GivenOnce(ArgumentResult result, string example)
    {
        if (result.Tokens.Count <= 1)
        {
            return true;
        }

        result.AddError($"{OptionName(result)} is given {result.Tokens.Count} times; give it once, its items separated by commas, like {example}.");
        return false;
    }

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : "The list";
}
