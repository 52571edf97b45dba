using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Cli.Commands;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Refuses, while parsing, a command line whose output file is one of the files the same command reads: writing the
/// output would destroy the model or data it was made from (<c>vae encode m.zip rows.csv --out m.zip</c>); and one
/// whose inputs both read the same descriptor (<c>vae encode /dev/stdin /dev/stdin</c>), from a pipe the first would
/// leave nothing for the second; and one naming a descriptor the process was not started with
/// (<c>vae encode m.zip /dev/stdin &lt;&amp;-</c>), which is the runtime's own pipe: reading it would wait for ever.
/// </summary>
internal static class InputOutputClashes
{
    private static readonly string[] InputArguments = [ModelFile.HelpName, DataInput.Name, LatentInput.Name];

    // Not train's --init, which --out may name: the model trained further then replaces the one it started from, safely,
    // as that model is read whole before the new one is moved over it.
    private static readonly string[] InputOptions = [DataInput.LabelsName, TrainCommand.ValidationDataName];
    private static readonly string[] OutputOptionNames = [OutputOptions.OutName, EvaluateCommand.ScoresName, EvaluateCommand.JsonName];

    // The model train continues from is read like any other input by a directory's files, which are never the model.
    private const string StartingModelOption = TrainCommand.InitName;

    /// <summary>Adds the check to every command under <paramref name="root"/> that reads files and writes one.</summary>
    public static void RefuseForEveryCommand(Command root)
    {
        foreach (Command command in root.Subcommands)
        {
            Symbol[] inputs = Inputs(command, withStartingModel: false);
            Option[] outputs = command.Options.Where(option => OutputOptionNames.Contains(option.Name)).ToArray();
            if (inputs.Length > 0 && outputs.Length > 0)
            {
                command.Validators.Add(result => Check(result, inputs, outputs));
            }

            // The starting model may be the output, which is written only once it has been read, but not share a pipe.
            Symbol[] everyInput = Inputs(command, withStartingModel: true);
            if (everyInput.Length > 1)
            {
                command.Validators.Add(result => CheckDescriptorsRead(result, everyInput));
            }

            if (everyInput.Length + outputs.Length > 0)
            {
                command.Validators.Add(result => CheckDescriptorsGiven(result, everyInput, outputs));
            }

            RefuseForEveryCommand(command);
        }
    }

    private static void Check(CommandResult result, Symbol[] inputs, Option[] outputs)
    {
        foreach (Option output in outputs)
        {
            if (PathOf(result, output) is not { } outputPath || outputPath == OutputOptions.StandardOutput)
            {
                continue;
            }

            foreach (Symbol input in inputs)
            {
                if (PathOf(result, input) is { } inputPath && SameFile(outputPath, inputPath))
                {
                    result.AddError($"{output.Name} {outputPath} is also the {input.Name} this command reads; writing it would destroy that file, so write to another.");
                }
            }
        }
    }

    private static void CheckDescriptorsRead(CommandResult result, Symbol[] inputs)
    {
        var readers = new Dictionary<int, (Symbol Input, string Path)>();
        foreach (Symbol input in inputs)
        {
            if (PathOf(result, input) is not { } path || SpecialFiles.DescriptorReached(Path.GetFullPath(path)) is not int descriptor)
            {
                continue;
            }

            if (readers.TryGetValue(descriptor, out (Symbol Input, string Path) first))
            {
                string read = descriptor == 0 ? "standard input" : $"descriptor {descriptor}";
                result.AddError($"{first.Input.Name} {first.Path} and {input.Name} {path} both read {read}, which a pipe feeds only once; give one of them as a file.");
                return;
            }

            readers[descriptor] = (input, path);
        }
    }

    private static void CheckDescriptorsGiven(CommandResult result, Symbol[] inputs, Option[] outputs)
    {
        foreach (Symbol file in (Symbol[])[.. inputs, .. outputs])
        {
            if (PathOf(result, file) is { } path && SpecialFiles.DescriptorReached(Path.GetFullPath(path)) is int descriptor && !SpecialFiles.MayBeInherited(descriptor))
            {
                string named = descriptor switch
                {
                    0 => "standard input, which was closed when vae started (as by '<&-'); pipe the data in or give a file",
                    1 => "standard output, which was closed when vae started (as by '>&-'); redirect it or give a file",
                    _ => $"descriptor {descriptor}, which vae was not started with; open it for vae ('{descriptor}{(outputs.Contains(file) ? '>' : '<')}FILE') or give a file",
                };
                result.AddError($"{file.Name} {path} names {named}.");
            }
        }
    }

    /// <summary>
    /// Each file <paramref name="result"/>'s command reads, by the name of its argument or option, for the files it writes
    /// into a directory to be checked against: <see cref="StartingModelOption"/> included.
    /// </summary>
    public static (string Name, string Path)[] FilesRead(CommandResult result) =>
    [
        .. Inputs(result.Command, withStartingModel: true)
            .Select(symbol => (symbol.Name, Path: PathOf(result, symbol)))
            .Where(read => read.Path is not null)
            .Select(read => (read.Name, read.Path!)),
    ];

    /// <summary>The arguments and options of <paramref name="command"/> that name a file it reads.</summary>
    private static Symbol[] Inputs(Command command, bool withStartingModel) =>
    [
        .. command.Arguments.Where(argument => InputArguments.Contains(argument.Name)),
        .. command.Options.Where(option => InputOptions.Contains(option.Name) || (withStartingModel && option.Name == StartingModelOption)),
    ];

    // An empty path names no file; OptionValues refuses it with its own message.
    private static string? PathOf(CommandResult result, Symbol symbol) => symbol switch
    {
        Argument argument => result.GetResult(argument)?.Tokens.FirstOrDefault()?.Value,
        Option option => result.GetResult(option) is { Implicit: false } given ? given.Tokens.FirstOrDefault()?.Value : null,
        _ => null,
    } is { Length: > 0 } path ? path : null;

    /// <summary>Whether two paths name the same file once every symbolic link along them is resolved.</summary>
    public static bool SameFile(string first, string second) =>
        string.Equals(SpecialFiles.ResolveLinks(first), SpecialFiles.ResolveLinks(second), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
