using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The message for a word beyond a command's arguments, with the command's usage and, for a command that writes to
/// --out, that option, or, for a word after a list option's value, how to list: the parser says only "Unrecognized
/// command or argument", once for each word.
/// </summary>
internal static class SurplusArgument
{
    /// <summary>The message for the first word the command's arguments had no room for; null when every word found a place.</summary>
    public static string? Message(ParseResult parse)
    {
        // Option-like words are UnknownOption's, but after "--" every word is an argument.
        Command command = parse.CommandResult.Command;
        bool operandsOnly = parse.Tokens.Any(token => token.Type == TokenType.DoubleDash);
        if (command.Parents.FirstOrDefault() is null || parse.UnmatchedTokens.FirstOrDefault(word => operandsOnly || !word.StartsWith('-')) is not { } word)
        {
            return null;
        }

        // After a list option's value, most often the list's next item, as "--hidden 32 16" or "--hidden 32, 16" gives it;
        // otherwise the file to write, given as a third word the way a copy command takes it.
        string remedy = ListOptionBefore(parse, command, word) is (Option list, string items)
            ? $"; {list.Name} takes its items in one word, separated by commas, like {list.Name} {items.TrimEnd(',')},{word}"
            : command.Options.Any(option => option.Name == OutputOptions.OutName) ? $"; to write to {word}, give --out {(word.StartsWith('-') ? $"./{word}" : word)}" : string.Empty;
        return $"'{word}' is one word too many: the usage is {VaeCli.Usage(command)}{remedy}.";
    }

    /// <summary>
    /// The list option (one of array values, or one whose help names its items with commas, like I,J) whose value is the
    /// word just before <paramref name="word"/>, and that value.
    /// </summary>
    private static (Option Option, string Items)? ListOptionBefore(ParseResult parse, Command command, string word)
    {
        IReadOnlyList<Token> tokens = parse.Tokens;
        for (int i = 2; i < tokens.Count; i++)
        {
            if (tokens[i].Value == word && tokens[i - 1].Type == TokenType.Argument && tokens[i - 2].Type == TokenType.Option
                && command.Options.FirstOrDefault(option => option.Name == tokens[i - 2].Value || option.Aliases.Contains(tokens[i - 2].Value)) is { } list
                && (list.ValueType.IsArray || list.HelpName?.Contains(',', StringComparison.Ordinal) == true))
            {
                return (list, tokens[i - 1].Value);
            }
        }

        return null;
    }
}
