using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Cli.Sampling;
using Vae.MLNet.Imaging;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae pictures MODEL DATA --out DIR</c>: the standard pictures of a VAE of images.</summary>
internal static class PicturesCommand
{
    private const int Columns = 8;
    private const int ManifoldGrid = 20;
    private const int InterpolationSteps = 10;
    private const int MaxScatterPoints = 5000;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput();
        Option<string> output = OutputOptions.NotStandardOutput(
            new Option<string>("--out", "-o") { Description = "Directory for the PNG files (created if missing).", HelpName = "DIR", Required = true },
            "a directory of pictures");
        Option<ImageShape?> shape = ImageShape.CreateOption("WIDTHxHEIGHT of the images; IDX input gives it itself.");
        Option<int> count = new Option<int>("--count", "-n") { Description = "Images in the sample grid, and in the reconstruction grid as far as DATA has rows; at most 10000.", DefaultValueFactory = _ => 32 }.Between(1, 10_000);
        var seed = new Option<int>("--seed") { Description = "Seed of the prior samples.", DefaultValueFactory = _ => 0 };
        Option<int> scale = OutputOptions.Scale();

        var command = new Command(
            "pictures",
            "Draw reconstructions, prior samples, an interpolation, the 2-D manifold (K = 2), the latent scatter and the training curves.")
        {
            modelPath,
        };
        data.AddTo(command);
        command.Add(output);
        command.Add(shape);
        command.Add(count);
        command.Add(seed);
        command.Add(scale);
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = ModelFile.Load(path, parse);
            LoadedData input = data.Load(parse, context, (model, path));
            ImageShape image = (parse.GetValue(shape) ?? input.Shape
                ?? throw new CommandLineException($"--image-shape is required: {input.Path} is CSV, which does not say how its rows form images.")).RequireFeatures(model.InputDimension);
            int scaleFactor = parse.GetValue(scale);
            int requested = parse.GetValue(count);
            int shown = Math.Min(requested, input.Data.RowCount);

            // Laid out and checked before any row is decoded: a picture too large for one image is otherwise found only
            // when it is drawn. The manifold's decodings are butted together, so that they read as one surface.
            PictureGrid reconstructionGrid = PictureGrid.Reconstructions(shown, Columns, image, scaleFactor);
            PictureGrid sampleGrid = PictureGrid.Tiled(requested, Columns, image, scaleFactor);
            PictureGrid? interpolationStrip = input.Data.RowCount >= 2 ? PictureGrid.Strip(InterpolationSteps, image, scaleFactor) : null;
            PictureGrid? manifoldGrid = model.LatentDimension == 2
                ? PictureGrid.Tiled(ManifoldGrid * ManifoldGrid, ManifoldGrid, image, scaleFactor, separator: 0)
                : null;
            reconstructionGrid.RequireFits("reconstructions.png", count.Name);
            sampleGrid.RequireFits("samples.png", count.Name);
            interpolationStrip?.RequireFits("interpolation.png", sizeOption: null);
            manifoldGrid?.RequireFits("manifold.png", sizeOption: null);
            using var directory = OutputDirectory.Create(parse.GetRequiredValue(output), "--out");

            // Every picture is drawn before the first is saved, so a picture that cannot be drawn leaves no partial set.
            var pictures = new List<(string Name, RgbImage Picture)>();
            var skipped = new List<string>();

            // A picture can take a while to draw; cancellation is honoured after each one, before anything is saved.
            void Keep(string name, RgbImage picture)
            {
                pictures.Add((name, picture));
                context.Cancellation.ThrowIfCancellationRequested();
            }

            float[] originals = input.Data.Subset(Enumerable.Range(0, shown)).ToArray();
            var reconstructions = new float[originals.Length];
            model.Reconstruct(originals, reconstructions);
            GrayLevels levels = GrayLevels.For(model, originals);
            Keep("reconstructions.png", ReconstructionGrid.Render(
                levels.Map(originals), levels.Map(reconstructions), image.Width, image.Height, reconstructionGrid.Columns, reconstructionGrid.Scale, reconstructionGrid.Separator));

            // Samples come from the prior, so unlike reconstructions they are not limited to the rows read.
            float[] samples = model.Generate(requested, parse.GetValue(seed));
            Keep("samples.png", ImageGrid.Render(levels.Map(samples), image.Width, image.Height, sampleGrid.Columns, sampleGrid.Scale, sampleGrid.Separator));

            if (interpolationStrip is { } stripLayout)
            {
                float[] strip = LatentInterpolation.Interpolate(model, input.Data, 0, 1, InterpolationSteps);
                Keep("interpolation.png", ImageGrid.RenderStrip(levels.Map(strip), image.Width, image.Height, stripLayout.Scale, stripLayout.Separator));
            }
            else
            {
                skipped.Add($"interpolation.png: it runs from the first row to the second, and one row of {input.Path} was read");
            }

            if (manifoldGrid is { } manifoldLayout)
            {
                float[] points = LatentManifold.GridPoints(ManifoldGrid);
                var decoded = new float[ManifoldGrid * ManifoldGrid * model.InputDimension];
                model.Decode(points, decoded);
                Keep("manifold.png", LatentManifold.Render(levels.Map(decoded), image.Width, image.Height, ManifoldGrid, manifoldLayout.Scale, manifoldLayout.Separator));
            }
            else
            {
                skipped.Add($"manifold.png: it maps a latent space of 2 dimensions, and this model's has {model.LatentDimension}");
            }

            if (model.LatentDimension >= 2)
            {
                int rows = Math.Min(input.Data.RowCount, MaxScatterPoints);
                float[] features = input.Data.Subset(Enumerable.Range(0, rows)).ToArray();
                int[]? labels = input.Data.Labels?.Take(rows).ToArray();
                var means = new float[rows * model.LatentDimension];
                model.Encode(features, means, new float[means.Length]);
                Keep("latent-scatter.png", LatentScatter.RenderDimensions(means, model.LatentDimension, labels));
            }
            else
            {
                skipped.Add("latent-scatter.png: it plots pairs of latent dimensions, and this model has one");
            }

            if (model.History.Epochs.Count > 0)
            {
                Keep("training-curves.png", TrainingCurves.Render(model.History));
            }
            else
            {
                skipped.Add("training-curves.png: the model has no training history");
            }

            // Every file is checked before the first is saved, so one that cannot be replaced leaves no partial set either.
            string[] paths = pictures.Select(picture => directory.WritableFile(picture.Name)).ToArray();
            foreach (((string _, RgbImage picture), string file) in pictures.Zip(paths))
            {
                ImageFiles.Save(picture, file, context.Output);
            }

            foreach (string reason in skipped)
            {
                context.Output.WriteLine($"skipped {reason}");
            }

            return 0;
        });
        return command;
    }
}
