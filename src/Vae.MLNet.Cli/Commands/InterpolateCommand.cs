using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Cli.Sampling;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae interpolate MODEL DATA --from A --to B</c>: decodings along the line between two rows' latent means.</summary>
internal static class InterpolateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput();
        var threads = new ScoringThreads();
        Option<int> from = new Option<int>("--from") { Description = "0-based row to start from.", Required = true, HelpName = "ROW" }.AtLeast(0);
        Option<int> to = new Option<int>("--to") { Description = "0-based row to end at.", Required = true, HelpName = "ROW" }.AtLeast(0);
        Option<int> steps = new Option<int>("--steps") { Description = "Points on the line, both ends included.", DefaultValueFactory = _ => 10 }.AtLeast(2, "to include both ends");
        Option<bool> clipAndRound = ClipAndRoundOption.Create("the decoded points");
        Option<string?> output = OutputOptions.CsvOrPicture();
        Option<VaeImageShape?> shape = PictureOptions.PictureShape();
        Option<int> scale = PictureOptions.Scale();

        var command = new Command("interpolate", "Decode points between two rows' latent means: CSV with step, t and the model's features (x_0… where it has no names that read back), "
            + "a categorical column as its most likely category, or a PNG strip with --image-shape or, for a model trained on IDX images, a .png --out.")
        {
            modelPath,
        };
        data.AddTo(command);
        threads.AddTo(command);
        command.Add(from);
        command.Add(to);
        command.Add(steps);
        command.Add(clipAndRound);
        command.Add(output);
        command.Add(shape);
        command.Add(scale);
        PictureOptions.RequireOutputMatchingShape(command, output, shape);
        PictureOptions.RequireShapeForPictureOptions(command, output, shape, scale);
        Func<ParseResult, VaeImageShape, PictureGrid> fittingStrip = PictureOptions.RequirePictureFitting(
            command, shape, steps, scale, (_, images, scaleFactor, picture) => PictureGrid.Strip(images, picture, scaleFactor));
        command.SetAction(parse =>
        {
            string? outPath = OutputOptions.WritableOutput(parse, output);
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = threads.Load(path, parse, context.Cancellation);
            VaeImageShape? picture = PictureOptions.ShapeToDraw(parse, shape, outPath, model, path, context.Error);
            int count = parse.GetValue(steps);

            // Parsing checked the strip of an --image-shape, not of the shape the model recorded.
            PictureGrid? strip = picture is { } drawn ? fittingStrip(parse, drawn) : null;
            VaeFeatureRanges? ranges = ClipAndRoundOption.Ranges(parse, clipAndRound, model);
            PictureOptions.RequireDecodedRowsFit(model, count, steps);
            int fromRow = parse.GetValue(from);
            int toRow = parse.GetValue(to);
            LoadedData input = data.Load(parse, context, (model, path), rowsUsed: (int)Math.Min(Math.Max(fromRow, toRow) + 1L, int.MaxValue));
            try
            {
                float[] decoded = LatentInterpolation.Interpolate(model, input, fromRow, toRow, count);
                if (strip is not null)
                {
                    ranges?.Apply(decoded, model.CategoricalFeatures);
                    context.Cancellation.ThrowIfCancellationRequested();
                    // On the scale of the two rows, as vae pictures draws on the rows it shows, not stretched to the decoded means' own range.
                    GrayLevels levels = GrayLevels.For(model, input.Data.Subset([fromRow, toRow]).ToArray());
                    context.Output.WriteLine(ImageFiles.Save(ImageGrid.RenderStrip(levels.Map(decoded), strip.Shape.Width, strip.Shape.Height, strip.Scale, strip.Separator), outPath!, context.Cancellation));
                    return 0;
                }

                var position = new float[count * 2];
                for (int i = 0; i < count; i++)
                {
                    position[2 * i] = i;
                    position[(2 * i) + 1] = i / (float)(count - 1);
                }

                var rows = new DecodedRows(model);
                CsvBlock cells = rows.Block(decoded, count, ranges);
                using TextOutput target = TextOutput.Open(outPath, output.Name, context.Output, context.Cancellation);
                CsvFormat.WriteTable(target.Writer, rows.Header("step", "t"), count, context.Cancellation, (position, 2), cells);
                target.Commit(count);
            }
            catch (OutOfMemoryException exception)
            {
                // Every step is decoded before the first is written, so the steps are what to cut, not the rows read or the model.
                throw new CommandLineException($"out of memory holding {Counted.Of(count, "step")} of {Counted.Of(model.InputDimension, "value")}; give fewer --steps.", exception);
            }

            return 0;
        });
        return command;
    }
}
