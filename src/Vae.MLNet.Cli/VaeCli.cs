using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Vae.MLNet.Cli.Commands;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli;

/// <summary>The <c>vae</c> command line, callable in process so that it can be tested without starting a process.</summary>
public static class VaeCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command they name.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="output">Receives results, reports and help.</param>
    /// <param name="error">Receives one-line error messages (and stack traces with --verbose).</param>
    /// <param name="interactive">Whether <paramref name="output"/> is a terminal that can show live progress.</param>
    /// <param name="cancellationToken">Cancels a running command; nothing half-written is left behind.</param>
    /// <returns>
    /// 0 on success, 1 when the command failed, 2 when the command line was malformed, 130 when cancelled, 141 when
    /// standard output is a pipe whose reader has gone.
    /// </returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var context = new CliContext(output, error, interactive, cancellationToken);
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace when a command fails.", Recursive = true };
        // A RootCommand would take its name from the executable: "Vae.MLNet.Cli" from the tool shim, "testhost" in tests.
        var root = new Command("vae", "Train, evaluate, inspect and export variational autoencoders (Vae.MLNet).")
        {
            Help(output),
            new VersionOption(),
            verbose,
            TrainCommand.Create(context),
            InspectCommand.Create(context),
            EncodeCommand.Create(context),
            ReconstructCommand.Create(context),
            DecodeCommand.Create(context),
            GenerateCommand.Create(context),
            InterpolateCommand.Create(context),
            EvaluateCommand.Create(context),
            PicturesCommand.Create(context),
            ExportOnnxCommand.Create(context),
        };

        // The parser hands a validator no word's position, so the words after "--", which are never options, are named here.
        OptionValues.UseForEveryOption(root, operands: args.SkipWhile(arg => arg != "--").Skip(1).ToHashSet(StringComparer.Ordinal));
        InputOutputClashes.RefuseForEveryCommand(root);
        OptionWithoutValue.RefuseForEveryCommand(root);
        // No response files: "@rows.csv" is a file's name, as DATA, not a file of further arguments.
        ParseResult parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is ParseErrorAction)
        {
            string command = Invocation(parse.CommandResult.Command);

            // A word that names no command or option comes first: the parser's other complaints are mostly its consequences.
            string[] messages = UnknownCommand.Word(parse, root) is { } word ? [UnknownCommand.Describe(parse, root, word)]
                : UnknownOption.Message(parse) is { } unknownOption ? [unknownOption]
                : OptionWithoutValue.Message(parse) is { } swallowed ? [swallowed]
                : SurplusArgument.Message(parse) is { } surplus ? [surplus]
                : parse.Errors.Select(e => TellsSomethingMissing(parse, e.Message) ? Missing(parse) ?? e.Message
                    : RepeatedOption.Message(e) ?? OptionWithoutValue.Message(e) ?? e.Message).Distinct().ToArray();
            for (int i = 0; i < messages.Length; i++)
            {
                error.WriteLine(i < messages.Length - 1 ? $"vae: {TerminalText.Visible(messages[i])}" : $"vae: {TerminalText.Visible(messages[i])} (see '{command} --help')");
            }

            return ErrorReporter.UsageError;
        }

        try
        {
            // Help and --version read no file.
            if (parse.CommandResult.Command != root && parse.Action is not HelpAction && WorkingDirectory.Refusal() is { } refusal)
            {
                error.WriteLine($"vae: {TerminalText.Visible(refusal)}");
                return ErrorReporter.Failure;
            }

            return parse.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception exception)
        {
            return ErrorReporter.Report(exception, parse.GetValue(verbose), error);
        }
    }

    // Help is laid out as inspect's tables are: on a terminal at its width, elsewhere at PipedWidth's.
    private static HelpOption Help(TextWriter output)
    {
        var help = new HelpOption();
        if (help.Action is HelpAction action)
        {
            action.MaxWidth = HelpWidth.Of(output is TerminalWriter terminal ? terminal.AnsiOutput.Width : PipedWidth.Current);
        }

        return help;
    }

    /// <summary>How System.CommandLine begins its complaint about a missing argument, which names no argument.</summary>
    private const string MissingArgumentMessage = "Required argument missing for command";

    /// <summary>
    /// Whether <paramref name="message"/> is System.CommandLine's complaint about a missing argument or required option,
    /// each of which it tells in its own words and line.
    /// </summary>
    private static bool TellsSomethingMissing(ParseResult parse, string message) =>
        message.StartsWith(MissingArgumentMessage, StringComparison.Ordinal)
        || parse.CommandResult.Command.Options.Any(option => option.Required && message == $"Option '{option.Name}' is required.");

    /// <summary>
    /// The arguments and required options the command was not given, by their help names, in one sentence: "'vae
    /// interpolate' is missing DATA (…), --from (…) and --to (…)."; null when it finds none, for the parser's own message.
    /// </summary>
    private static string? Missing(ParseResult parse)
    {
        Command command = parse.CommandResult.Command;
        string[] missing =
        [
            .. command.Arguments
                .Where(argument => argument.Arity.MinimumNumberOfValues > 0 && parse.GetResult(argument) is not { Tokens.Count: > 0 })
                .Select(argument => Described(argument.Name, argument.Description)),
            .. command.Options
                .Where(option => option.Required && parse.GetResult(option) is null or { Implicit: true })
                .Select(option => Described(option.Name, option.Description)),
        ];
        return missing switch
        {
            [] => null,
            [var one] => $"'{Invocation(command)}' is missing {one}.",
            [.. var others, var last] => $"'{Invocation(command)}' is missing {string.Join(", ", others)} and {last}.",
        };
    }

    private static string Described(string name, string? description) => description is { Length: > 0 }
        ? $"{name} ({char.ToLowerInvariant(description[0])}{description[1..].TrimEnd('.')})"
        : name;

    /// <summary>How the command line invokes <paramref name="command"/>: "vae", "vae train".</summary>
    internal static string Invocation(Command command) =>
        string.Join(' ', command.Parents.OfType<Command>().Reverse().Select(parent => parent.Name).Append(command.Name));

    /// <summary>
    /// How <paramref name="command"/> takes its arguments, "vae encode MODEL DATA", and, where given, the options whose
    /// value help calls <paramref name="optionsTaking"/>: "vae train DATA --init MODEL".
    /// </summary>
    internal static string Usage(Command command, string? optionsTaking = null) => string.Join(
        ' ',
        command.Arguments.Where(argument => !argument.Hidden).Select(argument => argument.Name)
            .Concat(command.Options.Where(option => optionsTaking is not null && option.HelpName == optionsTaking).Select(option => $"{option.Name} {optionsTaking}"))
            .Prepend(Invocation(command)));
}
