using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Commands;

/// <summary><c>vae encode MODEL DATA</c>: the parameters of q(z | x) per row.</summary>
internal static class EncodeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput();
        Option<string?> output = OutputOptions.Csv();

        var command = new Command("encode", "Encode rows: CSV of the input columns, mean_0… and logvar_0… of q(z | x).") { modelPath };
        data.AddTo(command);
        command.Add(output);
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = ModelFile.Load(path);
            LoadedData input = data.Load(parse);
            ModelFile.RequireMatchingFeatures(model, path, input.Data, input.Path);

            float[] features = input.Data.ToArray();
            int rows = input.Data.RowCount;
            int k = model.LatentDimension;
            var means = new float[rows * k];
            var logVariances = new float[rows * k];
            model.Encode(features, means, logVariances);

            (List<string> header, List<(float[], int)> blocks) = InputColumns.Of(input, features);
            header.AddRange(CsvFormat.Numbered("mean", k));
            header.AddRange(CsvFormat.Numbered("logvar", k));
            blocks.Add((means, k));
            blocks.Add((logVariances, k));
            using TextOutput target = TextOutput.Open(parse.GetValue(output), context.Output);
            CsvFormat.WriteTable(target.Writer, header, rows, blocks.ToArray());
            target.Commit();
            return 0;
        });
        return command;
    }
}
