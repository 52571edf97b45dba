using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The message for a first word that names no command, with the command it was most likely meant to be: the parser's
/// own two lines ("Required command was not provided", "Unrecognized command or argument") say neither.
/// </summary>
internal static class UnknownCommand
{
    /// <summary>
    /// The word the parser took for a command and did not know: its first unmatched word when no command was given;
    /// null when the line failed otherwise.
    /// </summary>
    public static string? Word(ParseResult parse, Command root) =>
        parse.CommandResult.Command == root
        && parse.Errors.All(error => error.SymbolResult is null || error.SymbolResult is CommandResult { Command: var command } && command == root)
        && parse.UnmatchedTokens.FirstOrDefault() is { } word && !word.StartsWith('-')
            ? word
            : null;

    /// <summary>
    /// The message for <paramref name="word"/> under <paramref name="root"/>: the closest commands, those it begins or
    /// lies within two edits of, or else the list of commands.
    /// </summary>
    public static string Describe(Command root, string word)
    {
        string[] names = root.Subcommands.Where(command => !command.Hidden).Select(command => command.Name).ToArray();
        string[] closest = ClosestNames.To(word, names, prefixes: true);
        return closest.Length == 0
            ? $"'{word}' is not a command; the commands are {string.Join(", ", names)}."
            : $"'{word}' is not a command; did you mean {ClosestNames.Alternatives(closest, '\'')}?";
    }
}
