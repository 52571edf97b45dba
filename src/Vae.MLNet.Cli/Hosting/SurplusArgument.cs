using System.CommandLine;
using System.CommandLine.Parsing;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The message for a word beyond a command's arguments, with the command's usage and, for a command that writes to
/// --out, that option: the parser says only "Unrecognized command or argument", once for each word.
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

        // Most often the file to write, given as a third word the way a copy command takes it.
        string remedy = command.Options.Any(option => option.Name == "--out") ? $"; to write to {word}, give --out {(word.StartsWith('-') ? $"./{word}" : word)}" : string.Empty;
        return $"'{word}' is one word too many: the usage is {VaeCli.Usage(command)}{remedy}.";
    }
}
