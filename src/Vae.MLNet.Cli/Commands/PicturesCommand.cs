using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Cli.Sampling;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae pictures MODEL DATA --out DIR</c>: the standard pictures of a VAE of images.</summary>
internal static class PicturesCommand
{
    private const int ManifoldGrid = 20;

    // ±2.5 standard deviations of the prior: nearly all of its mass, wherever a model's data lies.
    private const float ManifoldExtent = 2.5f;
    private const int InterpolationSteps = 10;
    private const int MaxScatterPoints = 5000;

    // Each name is drawn, laid out, named in help and listed as skipped: a skipped name also decides which earlier
    // picture is removed, so one spelling of it must serve every role.
    private const string ReconstructionsFile = "reconstructions.png";
    private const string SamplesFile = "samples.png";
    private const string InterpolationFile = "interpolation.png";
    private const string ManifoldFile = "manifold.png";
    private const string LatentScatterFile = "latent-scatter.png";

    // The samples are drawn at temperature 1, which pictures has no option for; generate has.
    private static readonly LibraryWording SamplesOverflowWording = new(("Lower the temperature", "Draw samples with 'vae generate' and a lower --temperature"));

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput();
        var threads = new ScoringThreads();
        Option<string> output = OutputOptions.DirectoryNotNamedAsFile(
            OutputOptions.DirectoryNotStandardOutput(
                new Option<string>(OutputOptions.OutName, "-o") { Description = "Directory for the PNG files (created if missing; a new one cannot be named like a file, as pics.png is).", HelpName = "DIR", Required = true },
                "a directory of pictures"),
            "the set of pictures");
        Option<VaeImageShape?> shape = ImageShapeInput.CreateOption("WIDTHxHEIGHT of the images; IDX input gives it itself, and for CSV rows a model trained on IDX images does. Without any, CSV rows get only the latent scatter and the training curves.");
        Option<int> count = new Option<int>("--count", "-n") { Description = "Images in the sample grid, and in the reconstruction grid as far as DATA has rows; at most 10000.", DefaultValueFactory = _ => 32 }.Between(1, 10_000);
        var seed = new Option<int>("--seed") { Description = "Seed of the prior samples.", DefaultValueFactory = _ => 0 };
        Option<int> columns = PictureOptions.Columns($"{ReconstructionsFile} and {SamplesFile}");
        Option<int> scale = PictureOptions.Scale();
        Option<ScatterDimensions?> dimensions = ScatterDimensions.CreateOption();

        var command = new Command(
            "pictures",
            "Draw reconstructions, prior samples, an interpolation, the 2-D manifold (K = 2), the latent scatter and the training curves.")
        {
            modelPath,
        };
        data.AddTo(command);
        threads.AddTo(command);
        command.Add(output);
        command.Add(shape);
        command.Add(count);
        command.Add(seed);
        command.Add(columns);
        command.Add(scale);
        command.Add(dimensions);
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = threads.Load(path, parse, context.Cancellation);
            ScatterDimensions? chosenDimensions = parse.GetValue(dimensions)?.RequireWithin(model.LatentDimension);
            LoadedData input = data.Load(parse, context, (model, path), rowsUsed: Math.Max(parse.GetValue(count), MaxScatterPoints));

            // Tabular data of a model trained on other data than images has no image shape: its rows still get the latent
            // scatter and the training curves, and the options of the pictures of images would have no effect.
            VaeImageShape? image = PictureOptions.GivenShape(parse, shape, model, path, context.Error) ?? input.Shape ?? model.ImageShape;
            if (image is null && new Option[] { count, seed, columns, scale }.FirstOrDefault(option => parse.GetResult(option) is { Implicit: false }) is { } unused)
            {
                throw new CommandLineException(
                    $"{unused.Name} applies to the pictures of images, and {PictureOptions.NoShapeKnown(path, input.Path)}; add --image-shape WIDTHxHEIGHT or leave {unused.Name} out.");
            }
            int scaleFactor = parse.GetValue(scale);
            int requested = parse.GetValue(count);
            int shown = Math.Min(requested, input.Data.RowCount);

            // Laid out and checked before any row is decoded: a picture too large for one image is otherwise found only
            // when it is drawn.
            ImageLayouts? layouts = image is { } shapeOfImages
                ? ImageLayouts.Checked(shapeOfImages, shown, requested, input.Data.RowCount, model.LatentDimension, parse.GetValue(columns), scaleFactor, count.Name)
                : null;

            using var directory = OutputDirectory.Create(parse.GetRequiredValue(output), output.Name, parse.CommandResult);

            // Every picture is drawn before the first is saved, so a picture that cannot be drawn leaves no partial set.
            var pictures = new List<(string Name, RgbImage Picture)>();
            var skipped = new List<(string[] Pictures, string Reason)>();
            var notes = new List<string>();

            // A picture can take a while to draw; cancellation is honoured after each one, before anything is saved.
            void Keep(string name, RgbImage picture)
            {
                pictures.Add((name, picture));
                context.Cancellation.ThrowIfCancellationRequested();
            }

            if (layouts is { } layout)
            {
                VaeImageShape imageShape = layout.Shape;
                float[] originals = input.Data.Subset(Enumerable.Range(0, shown)).ToArray();
                var reconstructions = new float[originals.Length];
                input.Scoring(() => model.Reconstruct(originals, reconstructions));
                GrayLevels levels = GrayLevels.For(model, originals);
                Keep(ReconstructionsFile, ReconstructionGrid.Render(
                    levels.Map(originals), levels.Map(reconstructions), imageShape.Width, imageShape.Height, layout.Reconstructions.Columns, layout.Reconstructions.Scale, layout.Reconstructions.Separator));

                // Samples come from the prior, so unlike reconstructions they are not limited to the rows read.
                float[] samples;
                try
                {
                    samples = model.Generate(requested, parse.GetValue(seed));
                }
                catch (VaeOverflowException exception)
                {
                    throw new CommandLineException(SamplesOverflowWording.Apply(exception.Message), exception);
                }

                Keep(SamplesFile, ImageGrid.Render(levels.Map(samples), imageShape.Width, imageShape.Height, layout.Samples.Columns, layout.Samples.Scale, layout.Samples.Separator));

                if (layout.Interpolation is { } stripLayout)
                {
                    float[] strip = LatentInterpolation.Interpolate(model, input, 0, 1, InterpolationSteps);
                    Keep(InterpolationFile, ImageGrid.RenderStrip(levels.Map(strip), imageShape.Width, imageShape.Height, stripLayout.Scale, stripLayout.Separator));
                }
                else
                {
                    skipped.Add(([InterpolationFile], $"it runs from the first row to the second, and one row of {input.Path} was read"));
                }

                if (layout.Manifold is { } manifoldLayout)
                {
                    float[] points = LatentManifold.GridPoints(ManifoldGrid, ManifoldExtent);
                    var decoded = new float[ManifoldGrid * ManifoldGrid * model.InputDimension];
                    model.Decode(points, decoded);
                    Keep(ManifoldFile, LatentManifold.Render(levels.Map(decoded), imageShape.Width, imageShape.Height, ManifoldGrid, manifoldLayout.Scale, manifoldLayout.Separator));
                    string extent = NumberText.Significant(ManifoldExtent);
                    notes.Add($"{ManifoldFile} decodes z0 across and z1 up, each from -{extent} to {extent}: "
                        + $"the prior's ±{extent} standard deviations, wherever the data's means lie; {LatentScatterFile} shows where they do");
                }
                else
                {
                    skipped.Add(([ManifoldFile], $"it maps a latent space of 2 dimensions, and this model's has {model.LatentDimension}"));
                }
            }
            else
            {
                skipped.Add((
                    [ReconstructionsFile, SamplesFile, InterpolationFile, ManifoldFile],
                    $"{PictureOptions.NoShapeKnown(path, input.Path)}; --image-shape WIDTHxHEIGHT draws them"));
            }

            if (model.LatentDimension >= 2)
            {
                int rows = Math.Min(input.Data.RowCount, MaxScatterPoints);
                float[] features = input.Data.Subset(Enumerable.Range(0, rows)).ToArray();
                int[]? labels = input.Data.Labels?.Take(rows).ToArray();
                var means = new float[rows * model.LatentDimension];
                input.Scoring(() => model.Encode(features, means, default));
                (ScatterDimensions drawn, string reason) = ScatterDimensionsOf(model, means, rows, chosenDimensions);
                Keep(LatentScatterFile, LatentScatter.RenderDimensions(means, model.LatentDimension, labels, drawn.X, drawn.Y, labelNames: input.Data.LabelNames));
                notes.Add($"{LatentScatterFile} plots z{drawn.X} across and z{drawn.Y} up: {reason}");
            }
            else
            {
                skipped.Add(([LatentScatterFile], "it plots pairs of latent dimensions, and this model has one"));
            }

            if (model.History.Epochs.Count == 0)
            {
                skipped.Add(([TrainingCurvesPicture.FileName], "the model has no training history"));
            }
            else if (TrainingCurvesPicture.Draw(model.History, out string? undrawable) is { } curves)
            {
                Keep(TrainingCurvesPicture.FileName, curves);
            }
            else
            {
                skipped.Add(([TrainingCurvesPicture.FileName], undrawable!));
            }

            var written = new FileSet();
            foreach ((string name, RgbImage picture) in pictures)
            {
                ImageFiles.AddTo(written, picture, directory.WritableFile(name), PicturesMark.For(name));
            }

            foreach (string note in notes)
            {
                written.AddNote(TerminalText.Visible(note), []);
            }

            // A picture this run skips is removed with the set's commit when an earlier run left one, so that the set
            // never mixes two models' pictures; a file of its name that no run wrote is the user's, and stays.
            foreach ((string[] skippedPictures, string reason) in skipped)
            {
                (string[] earlier, string[] others) = directory.EarlierFiles(skippedPictures, PicturesMark.IsOn);
                string left = others.Length == 0 ? string.Empty : $"; left {ShortList.Listed(others)}, which bears no mark of vae pictures";
                written.AddNote(TerminalText.Visible($"skipped {ShortList.Listed(skippedPictures)}: {reason}{left}"), earlier);
            }

            written.Write(context.Output, context.Cancellation);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The dimensions the latent scatter plots and why: those --dimensions names, else the two whose means vary most over
    /// the <paramref name="rows"/> drawn, whose latent <paramref name="means"/> the scatter plots, as a model's first two
    /// may be dimensions it leaves at the prior.
    /// </summary>
    private static (ScatterDimensions Drawn, string Reason) ScatterDimensionsOf(VaeModel model, float[] means, int rows, ScatterDimensions? chosen)
    {
        string others = $"{ScatterDimensions.OptionName} I,J plots others";
        if (chosen is { } named)
        {
            return (named, $"as {ScatterDimensions.OptionName} asks");
        }

        if (model.LatentDimension == 2)
        {
            return (new ScatterDimensions(0, 1), "the model's two latent dimensions");
        }

        if (rows < 2)
        {
            return (new ScatterDimensions(0, 1), $"the first two of the model's {model.LatentDimension} latent dimensions, as one row has no spread to choose by; {others}");
        }

        // From the means the scatter plots: measuring the activity would encode its rows again.
        double[] variances = VaeLatentActivity.MeanVariancesOf(means, model.LatentDimension);
        var drawn = ScatterDimensions.MostVaried(variances);
        return (drawn, $"of the model's {model.LatentDimension} latent dimensions, the two whose means vary most over the {rows} rows drawn "
            + $"(variances {NumberText.Significant(variances[drawn.X])} and {NumberText.Significant(variances[drawn.Y])}); {others}");
    }

    /// <summary>The grids of the pictures of images; an interpolation needs two rows read, a manifold K = 2.</summary>
    private readonly record struct ImageLayouts(VaeImageShape Shape, PictureGrid Reconstructions, PictureGrid Samples, PictureGrid? Interpolation, PictureGrid? Manifold)
    {
        /// <summary>Lays out every grid and refuses one too large for a picture, naming the option that sizes it.</summary>
        public static ImageLayouts Checked(VaeImageShape image, int shown, int requested, int rowsRead, int latentDimension, int columns, int scale, string countOption)
        {
            var layouts = new ImageLayouts(
                image,
                PictureGrid.Reconstructions(shown, columns, image, scale),
                PictureGrid.Tiled(requested, columns, image, scale),
                rowsRead >= 2 ? PictureGrid.Strip(InterpolationSteps, image, scale) : null,
                // The manifold's decodings are butted together, so that they read as one surface.
                latentDimension == 2 ? PictureGrid.Tiled(ManifoldGrid * ManifoldGrid, ManifoldGrid, image, scale, separator: 0) : null);
            layouts.Reconstructions.RequireFits(ReconstructionsFile, countOption);
            layouts.Samples.RequireFits(SamplesFile, countOption);
            layouts.Interpolation?.RequireFits(InterpolationFile, sizeOption: null);
            layouts.Manifold?.RequireFits(ManifoldFile, sizeOption: null);
            return layouts;
        }
    }
}
