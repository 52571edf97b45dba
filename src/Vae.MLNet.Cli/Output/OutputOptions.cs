using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.IO;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>Options shared by the commands that write files; each command needs its own instances.</summary>
internal static class OutputOptions
{
    /// <summary>The option naming the file or directory a command writes, which the check of files read against it names it by.</summary>
    public const string OutName = "--out";

    /// <summary>The --out value that sends CSV to standard output, as when --out is left out.</summary>
    public const string StandardOutput = "-";

    /// <summary>Extensions of the files the commands read and write, and of pictures, which a directory's name seldom ends in.</summary>
    private static readonly string[] FileExtensions = [".png", ".jpg", ".jpeg", ".csv", ".gz", ".zip", ".onnx", ".json"];

    /// <summary>
    /// Whether <paramref name="path"/> is "-" or a name of this process's standard output (<c>/dev/stdout</c>,
    /// <c>/dev/fd/1</c>, or a link to one), where the reports of the files a command writes also go.
    /// </summary>
    public static bool NamesStandardOutput(string path) =>
        path == StandardOutput || (path.Length > 0 && !path.Contains('\0') && SpecialFiles.DescriptorReached(Path.GetFullPath(path)) == 1);

    /// <summary>--out for a command whose result is CSV.</summary>
    public static Option<string?> Csv() => RefusingPng(new Option<string?>(OutName, "-o")
    {
        Description = "CSV file to write; standard output when omitted or '-'.",
        HelpName = "FILE",
    });

    /// <summary>
    /// Refuses, while parsing, a file named .png for <paramref name="option"/>, whose file always gets CSV: a viewer
    /// would open text.
    /// </summary>
    public static Option<string?> RefusingPng(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && IsPng(path))
            {
                result.AddError($"{option.Name} {path} names a PNG, but this command writes CSV there; name a .csv file.");
            }
        });
        return option;
    }

    /// <summary>
    /// Refuses, while parsing, '-' or another name of standard output (<see cref="NamesStandardOutput"/>) for a file the
    /// command puts in place when complete. <paramref name="what"/> says which, e.g. "the model zip".
    /// </summary>
    public static TSymbol FileNotStandardOutput<TSymbol>(TSymbol symbol, string what)
        where TSymbol : Symbol => NotStandardOutput(symbol, what, "a file name");

    /// <summary>
    /// Refuses, while parsing, '-' or another name of standard output (<see cref="NamesStandardOutput"/>) for a directory
    /// of files. <paramref name="what"/> says which, e.g. "a directory of pictures".
    /// </summary>
    public static TSymbol DirectoryNotStandardOutput<TSymbol>(TSymbol symbol, string what)
        where TSymbol : Symbol => NotStandardOutput(symbol, what, "a directory");

    /// <summary>Adds the refusal of standard output for <paramref name="what"/>, advising <paramref name="instead"/>.</summary>
    private static TSymbol NotStandardOutput<TSymbol>(TSymbol symbol, string what, string instead)
        where TSymbol : Symbol
    {
        void Refuse(SymbolResult result)
        {
            if (result.Tokens is [{ Value: string path }] && NamesStandardOutput(path))
            {
                string named = path == StandardOutput ? "give a name (./- for one named '-')" : $"give {instead}";
                result.AddError($"{symbol.Name} {path}: {what} cannot go to standard output; {named}.");
            }
        }

        switch (symbol)
        {
            case Option option:
                option.Validators.Add(Refuse);
                break;
            case Argument argument:
                argument.Validators.Add(Refuse);
                break;
        }

        return symbol;
    }

    /// <summary>
    /// Refuses, while parsing, a <paramref name="option"/> naming a directory that does not exist yet by a file's name
    /// (<c>pics.png</c>, <c>out.csv</c>), which would make a directory of that name for <paramref name="what"/>, such
    /// as "the set of pictures". An existing directory of such a name is used as it is.
    /// </summary>
    public static TOption DirectoryNotNamedAsFile<TOption>(TOption option, string what)
        where TOption : Option
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: { Length: > 0 } path }] && FileExtension(path) is { } extension && !Path.Exists(path))
            {
                result.AddError(
                    $"{option.Name} {path} is named as a {extension} file, but it names a directory for {what}; give a directory such as {option.Name} {Path.ChangeExtension(path, null)}.");
            }
        });
        return option;
    }

    /// <summary>
    /// The extension of <paramref name="path"/> when it is one of <see cref="FileExtensions"/>; null for another, or for a
    /// name that is all extension, as <c>.png</c> is.
    /// </summary>
    private static string? FileExtension(string path)
    {
        string extension = Path.GetExtension(path);
        return Path.GetFileNameWithoutExtension(path).Length > 0 && FileExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase) ? extension : null;
    }

    /// <summary>Whether <paramref name="path"/> names a PNG file.</summary>
    public static bool IsPng(string path) => path.EndsWith(".png", StringComparison.OrdinalIgnoreCase);

    /// <summary>--out for a command whose result is CSV unless it draws a picture.</summary>
    public static Option<string?> CsvOrPicture() => new(OutName, "-o")
    {
        Description = "File to write: CSV, or a PNG named .png, drawn with --image-shape or the image shape of a model trained on IDX images. CSV goes to standard output when omitted or '-'.",
        HelpName = "FILE",
    };

    /// <summary>
    /// Fails before a long computation when the file could not be written afterwards: it is a directory, its directory is
    /// missing, or no file can be created there (tried with a temporary file, which is removed at once).
    /// </summary>
    public static void RequireWritableFile(string path, string option)
    {
        try
        {
            using var probe = new AtomicFileWriter(path, nameof(path));
        }
        catch (ArgumentException e)
        {
            throw new CommandLineException($"{option} {path}: {ArgumentMessages.Describe(e)}", e);
        }
    }

    /// <summary>
    /// The file <paramref name="output"/> names (<c>--out</c>, <c>--scores</c>), checked by <see cref="RequireWritableFile"/>
    /// before the model and the data are read; standard output (no such option, <c>-</c>, <c>/dev/stdout</c>) needs no check.
    /// </summary>
    public static string? WritableOutput(ParseResult parse, Option<string?> output)
    {
        string? path = parse.GetValue(output);
        if (path is not null && !NamesStandardOutput(path))
        {
            RequireWritableFile(path, output.Name);
        }

        return path;
    }
}
