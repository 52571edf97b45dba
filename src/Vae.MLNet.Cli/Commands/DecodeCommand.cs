using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Cli.Sampling;
using Vae.MLNet.Data;
using Vae.MLNet.Model;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae decode MODEL LATENTS</c>: rows decoded from given latent vectors, written as <c>vae generate</c> writes its rows.</summary>
internal static class DecodeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var latents = new LatentInput();
        Option<bool> observations = SampleObservationsOption.Create();
        var seed = new Option<int>("--seed") { Description = "Seed of the draws of --sample-observations.", DefaultValueFactory = _ => 0 };
        Option<bool> clipAndRound = ClipAndRoundOption.Create("the rows");
        Option<bool> logVariance = LogVarianceOption.Create("each row");
        Option<string?> output = OutputOptions.CsvOrPicture();
        Option<VaeImageShape?> shape = PictureOptions.PictureShape();
        Option<int> columns = PictureOptions.Columns();
        Option<int> scale = PictureOptions.Scale();
        var threads = new ScoringThreads();

        var command = new Command(
            "decode",
            "Decode latent vectors, a row each: those of the CSV file 'vae encode' writes (its mean_0… columns, read by name; the others are left out), or of a CSV "
            + "file of K numbers a row. Writes what 'vae generate' writes: CSV named as the model's features (x_0… where it has none that read back), a categorical "
            + "column as its most likely category (or, with --sample-observations, one drawn), then with --log-variance the decoder's log σ² of each numeric feature; "
            + "or a PNG grid with --image-shape or, for a model trained on IDX images, a .png --out.")
        {
            modelPath,
        };
        latents.AddTo(command);
        command.Add(observations);
        command.Add(seed);
        command.Add(clipAndRound);
        command.Add(logVariance);
        command.Add(output);
        command.Add(shape);
        command.Add(columns);
        command.Add(scale);
        threads.AddTo(command);
        PictureOptions.RequireOutputMatchingShape(command, output, shape);
        PictureOptions.RequireShapeForPictureOptions(command, output, shape, columns, scale);
        PictureOptions.RequireNoShapeForCsvOptions(command, output, shape, logVariance);
        command.Validators.Add(result =>
        {
            if (result.GetResult(seed) is { Implicit: false } && !result.GetValue(observations))
            {
                result.AddError($"{seed.Name} seeds the draws of {observations.Name}, so it would have no effect here.");
            }
        });
        command.SetAction(parse =>
        {
            string? outPath = OutputOptions.WritableOutput(parse, output);
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = threads.Load(path, parse, context.Cancellation);
            VaeImageShape? picture = PictureOptions.ShapeToDraw(parse, shape, outPath, model, path, context.Error);
            VaeFeatureRanges? ranges = ClipAndRoundOption.Ranges(parse, clipAndRound, model);
            bool logVariances = LogVarianceOption.Requested(parse, logVariance, model, path);
            LoadedData input = latents.Load(parse, context, model, path);
            int rows = input.Data.RowCount;
            var decoder = new LatentDecoder(model, input, parse.GetValue(observations) ? new ObservationDraws(model, parse.GetValue(seed), ofGivenLatents: true) : null, logVariances);
            try
            {
                if (picture is { } s)
                {
                    // Known only once LATENTS is read, the number of images may make a picture too large, which every row
                    // would be decoded before drawing found.
                    PictureGrid grid = PictureGrid.Tiled(rows, parse.GetValue(columns), s, parse.GetValue(scale));
                    grid.RequireFits($"{input.Path} holds {Counted.Of(rows, "latent vector")}", $"the number of rows in {LatentInput.Name}");
                    float[] decoded = new float[rows * model.InputDimension];
                    decoder.DecodeAll((firstRow, block, _, count) => block.AsSpan(0, count * model.InputDimension).CopyTo(decoded.AsSpan(firstRow * model.InputDimension)));
                    ranges?.Apply(decoded, model.CategoricalFeatures);
                    context.Output.WriteLine(ImageFiles.SaveGrid(model, decoded, grid, outPath!, context.Cancellation));
                    return 0;
                }

                using TextOutput target = TextOutput.Open(outPath, output.Name, context.Output, context.Cancellation);

                // Named as the model's features, where it has names, so the rows read back as data for it.
                var rowsWritten = new DecodedRows(model);
                CsvFormat.WriteLine(target.Writer, logVariances ? rowsWritten.HeaderFollowedByNumeric(LogVarianceOption.ColumnPrefix) : rowsWritten.Header());
                decoder.DecodeAll((_, block, logVarianceBlock, count) => CsvFormat.WriteRows(
                    target.Writer,
                    count,
                    context.Cancellation,
                    [rowsWritten.Block(block, count, ranges), .. logVariances ? new[] { rowsWritten.NumericBlock(logVarianceBlock) } : []]));
                target.Commit(rows);
            }
            catch (VaeOverflowException exception)
            {
                throw new CommandLineException(SampleObservationsOption.Wording.Apply(exception.Message), exception);
            }

            return 0;
        });
        return command;
    }
}
