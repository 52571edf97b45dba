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
    private const int MaxScatterPoints = 5000;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput();
        var output = new Option<string>("--out", "-o") { Description = "Directory for the PNG files (created if missing).", HelpName = "DIR", Required = true };
        Option<ImageShape?> shape = ImageShape.CreateOption("WIDTHxHEIGHT of the images; IDX input gives it itself.");
        Option<int> count = new Option<int>("--count", "-n") { Description = "Images in the reconstruction and sample grids.", DefaultValueFactory = _ => 32 }.AtLeast(1);
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
            VaeModel model = ModelFile.Load(path);
            LoadedData input = data.Load(parse, context);
            ModelFile.RequireMatchingFeatures(model, path, input);
            ImageShape image = (parse.GetValue(shape) ?? input.Shape
                ?? throw new CommandLineException($"--image-shape is required: {input.Path} is CSV, which does not say how its rows form images.")).RequireFeatures(model.InputDimension);
            string directory = parse.GetRequiredValue(output);
            OutputOptions.CreateDirectory(directory, "--out");
            int scaleFactor = parse.GetValue(scale);
            int shown = Math.Min(parse.GetValue(count), input.Data.RowCount);

            void Save(RgbImage picture, string name) => ImageFiles.Save(picture, Path.Combine(directory, name), context.Output);

            float[] originals = input.Data.Subset(Enumerable.Range(0, shown)).ToArray();
            var reconstructions = new float[originals.Length];
            model.Reconstruct(originals, reconstructions);
            GrayLevels levels = GrayLevels.For(model, originals);
            Save(ReconstructionGrid.Render(levels.Map(originals), levels.Map(reconstructions), image.Width, image.Height, Math.Min(Columns, shown), scaleFactor), "reconstructions.png");

            float[] samples = model.Generate(shown, parse.GetValue(seed));
            Save(ImageGrid.Render(levels.Map(samples), image.Width, image.Height, Math.Min(Columns, shown), scaleFactor), "samples.png");

            if (input.Data.RowCount >= 2)
            {
                float[] strip = LatentInterpolation.Interpolate(model, input.Data, 0, 1, 10);
                Save(ImageGrid.RenderStrip(levels.Map(strip), image.Width, image.Height, scaleFactor), "interpolation.png");
            }

            if (model.LatentDimension == 2)
            {
                float[] points = LatentManifold.GridPoints(ManifoldGrid);
                var decoded = new float[ManifoldGrid * ManifoldGrid * model.InputDimension];
                model.Decode(points, decoded);
                Save(LatentManifold.Render(levels.Map(decoded), image.Width, image.Height, ManifoldGrid, scaleFactor), "manifold.png");
            }

            if (model.LatentDimension >= 2)
            {
                int rows = Math.Min(input.Data.RowCount, MaxScatterPoints);
                float[] features = input.Data.Subset(Enumerable.Range(0, rows)).ToArray();
                int[]? labels = input.Data.Labels?.Take(rows).ToArray();
                var means = new float[rows * model.LatentDimension];
                model.Encode(features, means, new float[means.Length]);
                Save(LatentScatter.RenderDimensions(means, model.LatentDimension, labels), "latent-scatter.png");
            }

            if (model.History.Epochs.Count > 0)
            {
                Save(TrainingCurves.Render(model.History), "training-curves.png");
            }

            return 0;
        });
        return command;
    }
}
