using System.CommandLine;
using System.CommandLine.Parsing;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Output;

/// <summary>
/// The options of the pictures commands draw (--image-shape, --columns, --scale) and the checks that they fit together
/// and with --out; each command needs its own instances.
/// </summary>
internal static class PictureOptions
{
    /// <summary>Images per row of a PNG grid when --columns is left out.</summary>
    private const int DefaultColumns = 8;

    /// <summary>
    /// Refuses, while parsing, an --out that does not fit the picture --image-shape asks for: standard output or a file
    /// not named .png. A .png --out without --image-shape is checked once the model is read (<see cref="ShapeToDraw"/>).
    /// </summary>
    public static void RequireOutputMatchingShape(Command command, Option<string?> output, Option<VaeImageShape?> shape) =>
        command.Validators.Add(result =>
        {
            string? path = result.GetValue(output);
            bool picture = result.GetResult(shape) is not null;
            if (path is { Length: 0 })
            {
                // Said by the option's own check, which names no file kind.
                return;
            }

            if (picture && path is null or OutputOptions.StandardOutput)
            {
                result.AddError("--out FILE.png is required when --image-shape asks for a picture, which does not go to standard output.");
            }
            else if (picture && !OutputOptions.IsPng(path!))
            {
                result.AddError($"--out {path}: --image-shape draws a PNG; name a .png file, or leave out --image-shape for CSV.");
            }
        });

    /// <summary>
    /// Refuses, while parsing, options of the picture (such as --scale) given without the --image-shape or .png --out
    /// that asks for one.
    /// </summary>
    public static void RequireShapeForPictureOptions(Command command, Option<string?> output, Option<VaeImageShape?> shape, params Option[] pictureOptions) =>
        command.Validators.Add(result =>
        {
            if (PictureAskedFor(result, output, shape) is not null)
            {
                return;
            }

            foreach (Option option in pictureOptions)
            {
                if (result.GetResult(option) is { Implicit: false })
                {
                    result.AddError($"{option.Name} sets up the picture that --image-shape or a .png --out asks for; without either the rows are written as CSV.");
                }
            }
        });

    /// <summary>Refuses, while parsing, options that add CSV columns beside --image-shape or a .png --out, whose output is a picture.</summary>
    public static void RequireNoShapeForCsvOptions(Command command, Option<string?> output, Option<VaeImageShape?> shape, params Option[] csvOptions) =>
        command.Validators.Add(result =>
        {
            if (PictureAskedFor(result, output, shape) is not { } asking)
            {
                return;
            }

            foreach (Option option in csvOptions)
            {
                if (result.GetResult(option) is { Implicit: false })
                {
                    result.AddError($"{option.Name} adds columns to the CSV rows, which {asking} draws as a picture instead; leave out one of the two.");
                }
            }
        });

    /// <summary>
    /// The option that asks for a picture, as a message names it: --image-shape, or a .png --out, which draws the
    /// model's recorded shape; null when neither does.
    /// </summary>
    private static string? PictureAskedFor(CommandResult result, Option<string?> output, Option<VaeImageShape?> shape) =>
        result.GetResult(shape) is not null ? shape.Name
        : result.GetValue(output) is { } path && OutputOptions.IsPng(path) ? $"{output.Name} {path}"
        : null;

    /// <summary>
    /// The shape to draw the rows as, once the model is read: --image-shape (<see cref="GivenShape"/>), or for a .png
    /// --out without it the shape the model was trained on (<see cref="VaeModel.ImageShape"/>); null for CSV. A .png
    /// --out for a model that recorded no shape is refused.
    /// </summary>
    public static VaeImageShape? ShapeToDraw(ParseResult parse, Option<VaeImageShape?> shape, string? outPath, VaeModel model, string modelPath, TextWriter warnings)
    {
        if (GivenShape(parse, shape, model, modelPath, warnings) is { } given)
        {
            return given;
        }

        if (outPath is null || !OutputOptions.IsPng(outPath))
        {
            return null;
        }

        return model.ImageShape ?? throw new CommandLineException(
            $"--out {outPath} names a PNG, but {NoShapeKnown(modelPath)}, so the rows would be written as CSV; add --image-shape WIDTHxHEIGHT, or name a .csv file.");
    }

    /// <summary>
    /// The --image-shape given, refused unless it has the model's number of features, and warned of on
    /// <paramref name="warnings"/> when it is not the shape the model was trained on; null when it is left out. The rows
    /// are drawn as asked, as --feature-columns is followed when it chooses other columns than the model's: the user may
    /// know better than a recorded shape, but more often mistyped it.
    /// </summary>
    public static VaeImageShape? GivenShape(ParseResult parse, Option<VaeImageShape?> shape, VaeModel model, string modelPath, TextWriter warnings)
    {
        if (parse.GetValue(shape)?.RequireFeatures(model.InputDimension) is not { } given)
        {
            return null;
        }

        if (model.ImageShape is { } recorded && recorded != given)
        {
            warnings.WriteLine(TerminalText.Visible(
                $"vae: warning: --image-shape {given} is not the {recorded} images {modelPath} was trained on; the rows are drawn as {given} images, "
                + $"their pixels laid out otherwise. Leave --image-shape out to draw them as {recorded}."));
        }

        return given;
    }

    /// <summary>
    /// The clause of a message saying that nothing gives the shape of images to draw: the model at <paramref name="modelPath"/>
    /// records none, and <paramref name="csvData"/>, when the rows come from such a CSV file, does not say either.
    /// </summary>
    public static string NoShapeKnown(string modelPath, string? csvData = null)
    {
        string recordsNone = $"{modelPath} records no image shape (it was not trained on IDX images, or was saved before shapes were kept)";
        return csvData is null ? recordsNone : $"{csvData} is CSV, which does not say how its rows form images, and {recordsNone}";
    }

    /// <summary>
    /// Refuses, while parsing, an --image-shape picture too large for one image, which drawing would find only after
    /// decoding every row in it. <paramref name="layout"/> lays the picture out from the command line, given the number
    /// of images <paramref name="images"/> asks for, the --scale and the image shape. Gives the layout for the command
    /// to draw with, refused in the same terms, for the shape it draws, which may be the one the model records and
    /// parsing could not check.
    /// </summary>
    public static Func<ParseResult, VaeImageShape, PictureGrid> RequirePictureFitting(
        Command command, Option<VaeImageShape?> shape, Option<int> images, Option<int> scale, Func<SymbolResult, int, int, VaeImageShape, PictureGrid> layout)
    {
        PictureGrid Fitting(SymbolResult result, int count, VaeImageShape picture)
        {
            PictureGrid grid = layout(result, count, OptionValues.WithDefault(result, scale), picture);
            grid.RequireFits($"{images.Name} {count}", images.Name);
            return grid;
        }

        command.Validators.Add(result =>
        {
            try
            {
                // A count left out of a command that requires it reads as 0 here; the parser reports it missing.
                if (result.GetValue(shape) is { } picture && OptionValues.WithDefault(result, images) is int count and > 0)
                {
                    Fitting(result, count, picture);
                }
            }
            catch (CommandLineException exception)
            {
                result.AddError(exception.Message);
            }
        });
        return (parse, picture) => Fitting(parse.CommandResult, parse.GetValue(images), picture);
    }

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
    public static Option<VaeImageShape?> PictureShape() =>
        ImageShapeInput.CreateOption("Draw the rows as WIDTHxHEIGHT grayscale images into the --out PNG instead of writing CSV; a .png --out without it draws the shape of the IDX images the model was trained on.");

    /// <summary>--columns, the images per row of <paramref name="grids"/>, the PNG grids the command draws.</summary>
    public static Option<int> Columns(string grids = "the PNG grid") => new Option<int>("--columns")
    {
        Description = $"Images per row of {grids}.",
        DefaultValueFactory = _ => DefaultColumns,
    }.AtLeast(1);

    /// <summary>--scale, the integer upscaling of drawn images.</summary>
    public static Option<int> Scale() => new Option<int>("--scale")
    {
        Description = "Integer upscaling of each image, 1–16.",
        DefaultValueFactory = _ => 2,
    }.Between(1, 16);
}
