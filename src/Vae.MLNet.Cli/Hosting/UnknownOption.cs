using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The message for an option the command does not have, with the options it was most likely meant to be. The parser
/// reports such a word, and on a line of its own the value that followed it, without suggesting anything; or it hands
/// the word to the next free argument as a file name (<c>vae train --bogus</c>), which <see cref="RefuseAsArgument"/>
/// refuses with the same message.
/// </summary>
internal static class UnknownOption
{
    /// <summary>
    /// The message for the first word of the command line that looks like an option and matched none, whether the
    /// parser left it over or an argument took it; null when there is none, or when "--" made every word after it an
    /// argument.
    /// </summary>
    public static string? Message(ParseResult parse)
    {
        if (parse.Tokens.Any(token => token.Type == TokenType.DoubleDash))
        {
            return null;
        }

        // A value joined by '=' or ':' is not part of the option's name.
        return parse.UnmatchedTokens.FirstOrDefault(LooksLikeOption)?.Split('=', ':')[0] is { } word
            ? Describe(parse.CommandResult.Command, word)
            : parse.Errors.FirstOrDefault(error => error.SymbolResult is ArgumentResult argument && TakenOption(argument) is not null)?.Message;
    }

    /// <summary>
    /// Refuses an option-like word that the parser handed to an argument, unless a file or directory of that name
    /// exists, which is then read, or the word is one of the <paramref name="operands"/> that followed "--".
    /// </summary>
    public static void RefuseAsArgument(ArgumentResult result, IReadOnlySet<string> operands)
    {
        if (TakenOption(result) is { } word && !operands.Contains(word) && result.Parent is CommandResult { Command: var command })
        {
            // Another command's option was meant as one, not as a file's name.
            result.AddError(OfAnotherCommand(command, word) ? Describe(command, word) : $"{Describe(command, word)} To name a file that starts with '-', write ./{word}.");
        }
    }

    // Not a negative number such as -5 or -.5.
    private static bool LooksLikeOption(string word) => word.Length > 1 && word[0] == '-' && !char.IsAsciiDigit(word[1]) && word[1] != '.';

    private static string? TakenOption(ArgumentResult result) =>
        result.Tokens.FirstOrDefault()?.Value is { } word && LooksLikeOption(word) && !File.Exists(word) && !Directory.Exists(word) ? word : null;

    /// <summary>
    /// The message for <paramref name="word"/> given to <paramref name="command"/>: the closest of its long options, those
    /// it begins or lies within two edits of.
    /// </summary>
    private static string Describe(Command command, string word)
    {
        string commandLine = VaeCli.Invocation(command);
        IEnumerable<Option> options = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(parent => parent.Options).Where(option => option.Recursive));
        string[] names = options.Where(option => !option.Hidden).SelectMany(option => option.Aliases.Append(option.Name)).Where(name => name.StartsWith("--", StringComparison.Ordinal)).ToArray();
        string[] closest = ClosestNames.To(word, names, prefixes: true);
        return closest.Length > 0 ? $"'{commandLine}' has no option '{word}'; did you mean {ClosestNames.Alternatives(closest, '\'')}?"
            : OfAnotherCommand(command, word) ? $"'{commandLine}' has no option '{word}': the usage is {VaeCli.Usage(command)}."
            : $"'{commandLine}' has no option '{word}'.";
    }

    /// <summary>Whether <paramref name="word"/> is an option of a command beside <paramref name="command"/>, such as --out, which export-onnx takes as DIR.</summary>
    private static bool OfAnotherCommand(Command command, string word) =>
        command.Parents.OfType<Command>().SelectMany(parent => parent.Subcommands).Any(sibling => sibling != command && sibling.Options.Any(option => option.Name == word || option.Aliases.Contains(word)));
}
