using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The message for an option the command does not have, with the options it was most likely meant to be: the parser
/// reports such a word and, on a line of its own, the value that followed it, and suggests nothing.
/// </summary>
internal static class UnknownOption
{
    /// <summary>
    /// The first word of the command line that looks like an option (not a negative number) and matched none, without
    /// a value joined to it by '=' or ':'; null when there is none, or when "--" made every word after it an argument.
    /// </summary>
    public static string? Word(ParseResult parse) =>
        parse.Tokens.Any(token => token.Type == TokenType.DoubleDash)
            ? null
            : parse.UnmatchedTokens.FirstOrDefault(token => token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) && token[1] != '.')?.Split('=', ':')[0];

    /// <summary>
    /// The message for <paramref name="word"/> given to <paramref name="command"/> (called <paramref name="commandLine"/>,
    /// e.g. "vae train"): the closest of its long options, those it begins or lies within two edits of.
    /// </summary>
    public static string Describe(Command command, string commandLine, string word)
    {
        IEnumerable<Option> options = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(parent => parent.Options).Where(option => option.Recursive));
        string[] names = options.Where(option => !option.Hidden).SelectMany(option => option.Aliases.Append(option.Name)).Where(name => name.StartsWith("--", StringComparison.Ordinal)).ToArray();
        string[] closest = ClosestNames.To(word, names, prefixes: true);
        return closest.Length == 0
            ? $"'{commandLine}' has no option '{word}'."
            : $"'{commandLine}' has no option '{word}'; did you mean {ClosestNames.Alternatives(closest, '\'')}?";
    }
}
