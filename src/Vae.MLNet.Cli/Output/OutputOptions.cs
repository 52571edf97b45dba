using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.IO;
using Vae.MLNet.Model;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Output;

/// <summary>Options shared by the commands that write files; each command needs its own instances.</summary>
internal static class OutputOptions
{
    /// <summary>The option naming the file or directory a command writes, which the check of files read against it names it by.</summary>
    public const string OutName = "--out";

    /// <summary>The --out value that sends CSV to standard output, as when --out is left out.</summary>
    public const string StandardOutput = "-";

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
    /// Refuses, while parsing, '-' or another name of standard output (<see cref="NamesStandardOutput"/>) for an output
    /// that cannot be standard output: a file the command puts in place when complete, or a directory.
    /// <paramref name="what"/> says which, e.g. "the model zip".
    /// </summary>
    public static TSymbol NotStandardOutput<TSymbol>(TSymbol symbol, string what)
        where TSymbol : Symbol
    {
        void Refuse(SymbolResult result)
        {
            if (result.Tokens is [{ Value: string path }] && NamesStandardOutput(path))
            {
                string named = path == StandardOutput ? "give a name (./- for one named '-')" : "give a file name";
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

    /// <summary>--out for a command whose result is CSV unless it draws a picture.</summary>
    public static Option<string?> CsvOrPicture() => new(OutName, "-o")
    {
        Description = "File to write: CSV, or PNG with --image-shape. CSV goes to standard output when omitted or '-'.",
        HelpName = "FILE",
    };

    /// <summary>
    /// Refuses, while parsing, an --out that does not fit what the command writes: a .png file when no --image-shape asks
    /// for a picture, which would get CSV; and, with --image-shape, standard output or a file not named .png.
    /// </summary>
    public static void RequireOutputMatchingShape(Command command, Option<string?> output, Option<ImageShape?> shape) =>
        command.Validators.Add(result =>
        {
            string? path = result.GetValue(output);
            bool picture = result.GetResult(shape) is not null;
            if (path is { Length: 0 })
            {
                // Said by the option's own check, which names no file kind.
                return;
            }

            if (!picture && path is not null && IsPng(path))
            {
                result.AddError($"--out {path} names a PNG, but without --image-shape the rows are written as CSV; add --image-shape WIDTHxHEIGHT, or name a .csv file.");
            }
            else if (picture && path is null or StandardOutput)
            {
                result.AddError("--out FILE.png is required when --image-shape asks for a picture, which does not go to standard output.");
            }
            else if (picture && !IsPng(path!))
            {
                result.AddError($"--out {path}: --image-shape draws a PNG; name a .png file, or leave out --image-shape for CSV.");
            }
        });

    /// <summary>Refuses, while parsing, options of the picture (such as --scale) given without the --image-shape that asks for one.</summary>
    public static void RequireShapeForPictureOptions(Command command, Option<ImageShape?> shape, params Option[] pictureOptions) =>
        command.Validators.Add(result =>
        {
            if (result.GetResult(shape) is not null)
            {
                return;
            }

            foreach (Option option in pictureOptions)
            {
                if (result.GetResult(option) is { Implicit: false })
                {
                    result.AddError($"{option.Name} sets up the picture that --image-shape asks for; without it the rows are written as CSV.");
                }
            }
        });

    /// <summary>
    /// Refuses, while parsing, an --image-shape picture too large for one image, which drawing would find only after
    /// decoding every row in it. <paramref name="layout"/> lays the picture out from the command line, given the number
    /// of images <paramref name="images"/> asks for, the --scale and the --image-shape.
    /// </summary>
    public static void RequirePictureFitting(
        Command command, Option<ImageShape?> shape, Option<int> images, Option<int> scale, Func<CommandResult, int, int, ImageShape, PictureGrid> layout) =>
        command.Validators.Add(result =>
        {
            try
            {
                // A count left out of a command that requires it reads as 0 here; the parser reports it missing.
                if (result.GetValue(shape) is { } picture && OptionValues.WithDefault(result, images) is int count and > 0)
                {
                    layout(result, count, OptionValues.WithDefault(result, scale), picture).RequireFits($"{images.Name} {count}", images.Name);
                }
            }
            catch (CommandLineException exception)
            {
                result.AddError(exception.Message);
            }
        });

    /// <summary>
    /// Refuses <paramref name="rows"/> decoded rows of the model's width that one array cannot hold, in the terms of
    /// <paramref name="option"/>, which asked for them: the library's refusal names its own parameter.
    /// </summary>
    public static void RequireDecodedRowsFit(VaeModel model, int rows, Option<int> option)
    {
        int width = Math.Max(model.InputDimension, model.LatentDimension);
        if (!ScoringArguments.FitInOneArray(rows, width))
        {
            throw new CommandLineException(
                $"{option.Name} {rows} is more rows of {width} values than one array holds; give {option.Name} {Array.MaxLength / width} or less.");
        }
    }

    /// <summary>--image-shape for a command that can draw its rows as a picture.</summary>
    public static Option<ImageShape?> PictureShape() =>
        ImageShape.CreateOption("Draw the rows as WIDTHxHEIGHT grayscale images into the --out PNG instead of writing CSV.");

    private static bool IsPng(string path) => path.EndsWith(".png", StringComparison.OrdinalIgnoreCase);

    /// <summary>--columns, the images per row of a PNG grid.</summary>
    public static Option<int> Columns() => new Option<int>("--columns")
    {
        Description = "Images per row of the PNG grid.",
        DefaultValueFactory = _ => 8,
    }.AtLeast(1);

    /// <summary>--scale, the integer upscaling of drawn images.</summary>
    public static Option<int> Scale() => new Option<int>("--scale")
    {
        Description = "Integer upscaling of each image, 1–16.",
        DefaultValueFactory = _ => 2,
    }.Between(1, 16);

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
