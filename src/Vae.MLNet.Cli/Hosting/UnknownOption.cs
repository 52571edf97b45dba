using System.CommandLine;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The message for an option the command does not have, with the options it was most likely meant to be: the parser
/// reports such a word and, on a line of its own, the value that followed it, and suggests nothing.
/// </summary>
internal static class UnknownOption
{
    /// <summary>The first word of the command line that looks like an option and matched none; null when there is none.</summary>
    public static string? Word(ParseResult parse) =>
        parse.UnmatchedTokens.FirstOrDefault(token => token.Length > 1 && token.StartsWith('-'))?.Split('=')[0];

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
