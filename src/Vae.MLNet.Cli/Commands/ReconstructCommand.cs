using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae reconstruct MODEL DATA</c>: each row decoded from its latent mean.</summary>
internal static class ReconstructCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput();
        Option<string?> output = OutputOptions.Csv();

        var command = new Command("reconstruct", "Reconstruct rows through z = μ: CSV of the input columns and recon_0…, in the input's units.") { modelPath };
        data.AddTo(command);
        command.Add(output);
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = ModelFile.Load(path);
            LoadedData input = data.Load(parse);
            ModelFile.RequireMatchingFeatures(model, path, input.Data, input.Path);

            float[] features = input.Data.ToArray();
            var reconstructions = new float[features.Length];
            model.Reconstruct(features, reconstructions);

            (List<string> header, List<(float[], int)> blocks) = InputColumns.Of(input, features);
            header.AddRange(CsvFormat.Numbered("recon", model.InputDimension));
            blocks.Add((reconstructions, model.InputDimension));
            using TextOutput target = TextOutput.Open(parse.GetValue(output), context.Output);
            CsvFormat.WriteTable(target.Writer, header, input.Data.RowCount, blocks.ToArray());
            target.Commit();
            return 0;
        });
        return command;
    }
}
