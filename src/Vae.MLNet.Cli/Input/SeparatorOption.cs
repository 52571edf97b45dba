using System.CommandLine;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>The --separator option of every command that reads CSV: one character, or 'tab'.</summary>
internal static class SeparatorOption
{
    /// <summary>A new --separator option, defaulting to a comma; a command takes its own instance.</summary>
    public static Option<char> Create() => new("--separator")
    {
        Description = "CSV cell separator; 'tab' for tabs.",
        DefaultValueFactory = _ => ',',
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (text.Equals("tab", StringComparison.OrdinalIgnoreCase) || text == "\\t")
            {
                return '\t';
            }

            if (text.Length != 1)
            {
                result.AddError($"--separator '{text}' is not a single character; use for example ',', ';' or tab.");
            }
            else if (CsvDatasetOptions.UnusableSeparator(text[0]) is { } unusable)
            {
                result.AddError($"--separator cannot be {unusable}; use for example ',', ';' or tab.");
            }

            return text.Length == 1 ? text[0] : ',';
        },
    };
}
