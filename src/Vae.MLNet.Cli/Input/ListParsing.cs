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
    public static string[] Strings(ArgumentResult result) => Strings(result, quotedEmptyNamesTheUnnamed: false);

    /// <summary>
    /// The items of a comma-separated list of columns to leave out, as <see cref="Strings(ArgumentResult)"/> reads them,
    /// but for a quoted empty item ("" or '""' in a shell), which names the column the header leaves unnamed, as
    /// pandas' index column is: the one way to leave out such a column without listing every other.
    /// </summary>
    public static string[] ExcludedColumns(ArgumentResult result) => Strings(result, quotedEmptyNamesTheUnnamed: true);

    private static string[] Strings(ArgumentResult result, bool quotedEmptyNamesTheUnnamed)
    {
        if (OnlyToken(result, "a,b,c") is not { } list)
        {
            return [];
        }

        var cells = new List<CsvCell>();
        if (CsvLineSplitter.Split(list, ',', cells) >= 0)
        {
            result.AddError($"{OptionName(result)} '{list}' opens a quote that it never closes; quote a whole name that holds commas, like \"a,b\",c.");
            return [];
        }

        string[] items = cells.Select(cell => cell.Text(list).Trim()).ToArray();

        // As for sizes: "a,,b" more likely lost a column than meant a,b; a quoted "" was typed on purpose.
        if (cells.Select((cell, i) => items[i].Length == 0 && !(quotedEmptyNamesTheUnnamed && IsQuoted(cell, list))).Any(lost => lost))
        {
            string unnamed = quotedEmptyNamesTheUnnamed ? " (a column the header leaves unnamed is named by a quoted empty item, '\"\"')" : string.Empty;
            result.AddError(items.All(item => item.Length == 0)
                ? $"{OptionName(result)} lists nothing; name at least one column, like a,b,c{unnamed}."
                : $"{OptionName(result)} '{list}' has an empty item; list columns separated by single commas, like a,b,c{unnamed}.");
        }

        return items;
    }

    /// <summary>
    /// Items as <see cref="Strings(ArgumentResult)"/> reads them back: joined by commas, each in double quotes (a quote
    /// in it doubled) where it holds a comma or a quote, or starts with '-', with which the list would read as an option.
    /// </summary>
    public static string StringsText(IEnumerable<string> items) =>
        string.Join(",", items.Select(item => item.AsSpan().ContainsAny(",\"") || item.StartsWith('-') ? $"\"{item.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : item));

    // The splitter takes a quoted cell's quotes off, so only the character before it tells.
    private static bool IsQuoted(CsvCell cell, string list) => cell.Start > 0 && list[cell.Start - 1] == '"';

    /// <summary>The word that gives a list of layer sizes no layer, as an empty word cannot be typed plainly.</summary>
    public const string NoLayers = "none";

    /// <summary>
    /// Hidden layer sizes from a comma-separated token of positive integers, or none from the word
    /// <see cref="NoLayers"/>, in any case; a bad or empty item becomes a parse error naming it.
    /// </summary>
    public static int[] LayerSizes(ArgumentResult result)
    {
        if (OnlyToken(result, "400,200") is not { } list)
        {
            return [];
        }

        if (string.Equals(list.Trim(), NoLayers, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        // Empty items are kept: "16,,8" more likely lost a size than meant 16,8, and "" more likely lost a variable than meant none.
        string[] items = list.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                result.AddError($"{OptionName(result)} '{string.Join(",", items)}': '{items[i]}' is not a positive integer; give sizes like 400,200, or {NoLayers} for no hidden layers.");
                return [];
            }
        }

        return values;
    }

    /// <summary>Layer sizes as <see cref="LayerSizes"/> reads them back: 400,200, or <see cref="NoLayers"/> for none.</summary>
    public static string LayerSizesText(IReadOnlyCollection<int> sizes) =>
        sizes.Count == 0 ? NoLayers : string.Join(",", sizes.Select(size => size.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// The option's one token, or null when it has none or, a parse error, several: repeating a list option would
    /// otherwise join the lists, and a script that adds --hidden 8 to a command line that already has --hidden 16 would
    /// train two hidden layers, not the one it meant to replace.
    /// </summary>
    private static string? OnlyToken(ArgumentResult result, string example)
    {
        if (result.Tokens.Count > 1)
        {
            result.AddError($"{OptionName(result)} is given {result.Tokens.Count} times; give it once, its items separated by commas, like {example}.");
        }

        return result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
    }

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : "The list";
}
