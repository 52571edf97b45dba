using System.CommandLine;
using System.Globalization;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Cli.Sampling;
using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae generate MODEL --count N</c>: new rows decoded from prior samples.</summary>
internal static class GenerateCommand
{
    // A prior draw 100 standard deviations out is far beyond anything a decoder was trained on; much larger temperatures
    // overflow float arithmetic in the decoder.
    private const float MaxTemperature = 100f;

    // The library names what to change by its arguments; each overflow message names one of these two.
    private static readonly LibraryWording OverflowWording = new(("Lower the temperature", "Lower --temperature"))
    {
        Before = SampleObservationsOption.Wording,
    };

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        Option<int> count = new Option<int>("--count", "-n") { Description = "Rows to generate.", Required = true }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Seed of the latent draws.", DefaultValueFactory = _ => 0 };
        Option<float> temperature = new Option<float>("--temperature", "-t")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"Standard deviation T of the latent draws z ~ N(0, T²I), 0–{MaxTemperature}; below 1 gives more typical rows."),
            DefaultValueFactory = _ => 1f,
        }.FiniteBetween(0f, MaxTemperature);
        Option<bool> observations = SampleObservationsOption.Create();
        Option<bool> clipAndRound = ClipAndRoundOption.Create("the rows");
        Option<string?> output = OutputOptions.CsvOrPicture();
        Option<VaeImageShape?> shape = PictureOptions.PictureShape();
        Option<int> columns = PictureOptions.Columns();
        Option<int> scale = PictureOptions.Scale();
        var threads = new ScoringThreads();

        var command = new Command(
            "generate",
            "Decode samples of the prior: CSV named as the model's features (x_0… where it has none that read back), a categorical column as its most likely "
            + "category (or, with --sample-observations, one drawn), or a PNG grid with --image-shape or, for a model trained on IDX images, a .png --out.")
        {
            modelPath, count, seed, temperature, observations, clipAndRound, output, shape, columns, scale,
        };
        threads.AddTo(command);
        PictureOptions.RequireOutputMatchingShape(command, output, shape);
        PictureOptions.RequireShapeForPictureOptions(command, output, shape, columns, scale);
        Func<ParseResult, VaeImageShape, PictureGrid> fittingGrid = PictureOptions.RequirePictureFitting(
            command, shape, count, scale, (parse, rows, scaleFactor, picture) => PictureGrid.Tiled(rows, OptionValues.WithDefault(parse, columns), picture, scaleFactor));
        command.SetAction(parse =>
        {
            string? outPath = OutputOptions.WritableOutput(parse, output);
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = threads.Load(path, parse, context.Cancellation);
            VaeImageShape? picture = PictureOptions.ShapeToDraw(parse, shape, outPath, model, path, context.Error);
            int rows = parse.GetValue(count);
            int drawSeed = parse.GetValue(seed);
            float generatingTemperature = parse.GetValue(temperature);
            bool drawObservations = parse.GetValue(observations);
            VaeFeatureRanges? ranges = ClipAndRoundOption.Ranges(parse, clipAndRound, model);
            try
            {
                if (picture is { } s)
                {
                    // Parsing checked the grid of an --image-shape, not of the shape the model recorded.
                    PictureGrid grid = fittingGrid(parse, s);

                    // The picture needs every row at once.
                    PictureOptions.RequireDecodedRowsFit(model, rows, count);
                    float[] generated = model.Generate(rows, drawSeed, generatingTemperature, drawObservations);
                    ranges?.Apply(generated, model.CategoricalFeatures);
                    context.Output.WriteLine(ImageFiles.SaveGrid(model, generated, grid, outPath!, context.Cancellation));
                    return 0;
                }

                using TextOutput target = TextOutput.Open(outPath, output.Name, context.Output, context.Cancellation);

                // Named as the model's features, where it has names, so the rows read back as data for it.
                var decoded = new DecodedRows(model);
                CsvFormat.WriteLine(target.Writer, decoded.Header());
                var sampler = new PriorSampler(model, model.Decode, drawSeed, generatingTemperature, drawObservations);
                int blockRows = Math.Min(rows, BufferRows.Fitting(Math.Max(model.InputDimension, model.LatentDimension), VaeDataset.ChunkRows));
                float[] block = new float[blockRows * model.InputDimension];
                foreach ((int first, int blockCount) in new RowRanges(rows, blockRows))
                {
                    sampler.Next(block.AsSpan(0, blockCount * model.InputDimension));
                    decoded.WriteRows(target.Writer, block, blockCount, ranges, context.Cancellation);
                }

                target.Commit(rows);
            }
            catch (VaeOverflowException exception)
            {
                throw new CommandLineException(OverflowWording.Apply(exception.Message), exception);
            }

            return 0;
        });
        return command;
    }
}
