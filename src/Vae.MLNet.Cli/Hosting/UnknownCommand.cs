using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The message for a word that names no command where the command belongs, with the command it was most likely meant
/// to be: the parser's own two lines ("Required command was not provided", "Unrecognized command or argument") say
/// neither, and a word before a command's name it takes for one word too many of that command.
/// </summary>
internal static class UnknownCommand
{
    // As in 'vae help train', where the command line asks for help with --help after the command.
    private const string HelpWord = "help";

    /// <summary>
    /// The word the parser took for a command and did not know: its first unmatched word when no command was given, or
    /// the first word before the command's name; null when the line failed otherwise.
    /// </summary>
    public static string? Word(ParseResult parse, Command root)
    {
        if (parse.CommandResult.Command != root)
        {
            // The root takes no arguments: a word before the command's name that no root option took as its value is one it did not know.
            return parse.Tokens.TakeWhile(token => token.Type != TokenType.Command)
                .FirstOrDefault(token => token.Type == TokenType.Argument && parse.UnmatchedTokens.Contains(token.Value))?.Value;
        }

        return parse.Errors.All(error => error.SymbolResult is null || error.SymbolResult is CommandResult { Command: var command } && command == root)
            && parse.UnmatchedTokens.FirstOrDefault() is { } word && !word.StartsWith('-')
                ? word
                : null;
    }

    /// <summary>
    /// The message for <paramref name="word"/> in <paramref name="parse"/>: before a command's name, to leave it out (or,
    /// for 'help', to ask with --help); in place of the command, the closest commands, those it begins or lies within
    /// two edits of, or else the list of commands.
    /// </summary>
    public static string Describe(ParseResult parse, Command root, string word)
    {
        Command given = parse.CommandResult.Command;
        if (given != root)
        {
            return word == HelpWord
                ? $"'{word}' is not a command; help is asked for with --help after the command"
                : $"'{word}' is not a command; leave it out, as the command comes first: {VaeCli.Usage(given)}.";
        }

        string[] names = root.Subcommands.Where(command => !command.Hidden).Select(command => command.Name).ToArray();
        string[] closest = ClosestNames.To(word, names, prefixes: true);
        return closest.Length == 0
            ? $"'{word}' is not a command; the commands are {string.Join(", ", names)}."
            : $"'{word}' is not a command; did you mean {ClosestNames.Alternatives(closest, '\'')}?";
    }
}
