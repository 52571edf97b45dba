using System.CommandLine;
using System.CommandLine.Parsing;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// An option that takes a value, given none. With nothing after it, the parser says so in its own words ("Required
/// argument missing for option: '--out'."), and a command validator reading the option would throw. With another
/// option after it, the parser takes that option's name for the value: <c>--labels --verbose</c> would read labels from
/// a file named "--verbose", and <c>--count --out x.csv</c> leaves x.csv over, so the parser also complains about that
/// word and about --out's value, which only the first complaint explains.
/// </summary>
internal static class OptionWithoutValue
{
    /// <summary>
    /// Makes every command under <paramref name="root"/> refuse an option whose value is the name of one of the
    /// command's options, and its validators stand aside while an option's value cannot be read: given none, or given
    /// one the option's parser refuses (a number that is not one, an option given twice), whose reading throws. The
    /// parser reports that option itself. Call it after the last validator is added.
    /// </summary>
    public static void RefuseForEveryCommand(Command root)
    {
        for (int i = 0; i < root.Validators.Count; i++)
        {
            Action<CommandResult> validate = root.Validators[i];
            root.Validators[i] = result =>
            {
                if (Given(result).Any(LacksValue))
                {
                    return;
                }

                try
                {
                    validate(result);
                }
                catch (InvalidOperationException)
                {
                    // An option's value the parser refused; the parser reports it.
                }
            };
        }

        foreach (Option option in root.Options.Where(TakesValue))
        {
            option.Validators.Add(result =>
            {
                if (SwallowedOption(result) is { } word)
                {
                    result.AddError(Swallowed(result, word));
                }
            });
        }

        foreach (Command command in root.Subcommands)
        {
            RefuseForEveryCommand(command);
        }
    }

    /// <summary>
    /// The message for the first option on the command line whose value is the name of an option of the command, which
    /// alone says what went wrong; null when there is none.
    /// </summary>
    public static string? Message(ParseResult parse) =>
        Given(parse.CommandResult)
            .Select(result => (Result: result, Word: SwallowedOption(result)))
            .Where(swallowed => swallowed.Word is not null)
            .OrderBy(swallowed => IndexOf(parse.Tokens, swallowed.Result.IdentifierToken))
            .Select(swallowed => Swallowed(swallowed.Result, swallowed.Word!))
            .FirstOrDefault();

    /// <summary>The message for <paramref name="error"/> when it is the parser's complaint about an option with nothing after it; otherwise null.</summary>
    public static string? Message(ParseError error) =>
        (error.SymbolResult as OptionResult ?? error.SymbolResult?.Parent as OptionResult) is { } option && LacksValue(option)
            ? $"{Typed(option)} is given no value; put its value after it."
            : null;

    private static bool TakesValue(Option option) => option.Arity.MinimumNumberOfValues > 0;

    private static bool LacksValue(OptionResult option) => !option.Implicit && option.Tokens.Count == 0 && TakesValue(option.Option);

    /// <summary>The value of <paramref name="option"/> when it names an option of the command instead of a value; otherwise null.</summary>
    private static string? SwallowedOption(OptionResult option) =>
        TakesValue(option.Option) && option.Tokens.Count > 0 && option.Parent is CommandResult command && OptionNames(command).Contains(option.Tokens[0].Value)
            ? option.Tokens[0].Value
            : null;

    private static string Swallowed(OptionResult option, string word) =>
        $"{Typed(option)} is given no value: the word after it, {word}, is an option; put the value of {Typed(option)} between them.";

    /// <summary>The names and aliases of the options <paramref name="command"/> takes: its own, and its ancestors' recursive ones.</summary>
    private static HashSet<string> OptionNames(CommandResult command)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (SymbolResult? result = command; result is CommandResult { Command: var current }; result = result.Parent)
        {
            foreach (Option option in current.Options.Where(option => result == command || option.Recursive))
            {
                names.Add(option.Name);
                names.UnionWith(option.Aliases);
            }
        }

        return names;
    }

    /// <summary>The options given to <paramref name="command"/> and its ancestors.</summary>
    private static IEnumerable<OptionResult> Given(CommandResult command)
    {
        for (SymbolResult? result = command; result is CommandResult current; result = result.Parent)
        {
            foreach (OptionResult option in current.Children.OfType<OptionResult>().Where(option => !option.Implicit))
            {
                yield return option;
            }
        }
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token? token)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>The option as the command line wrote it: "-n" for --count where that alias was used.</summary>
    private static string Typed(OptionResult result) => result.IdentifierToken?.Value ?? result.Option.Name;
}
