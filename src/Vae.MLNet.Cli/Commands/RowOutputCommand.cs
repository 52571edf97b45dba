using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;

namespace Vae.MLNet.Cli.Commands;

/// <summary>
/// The shape of the commands that read a model and data and write, per row, the input columns followed by what the
/// model computes for the row, as CSV.
/// </summary>
internal static class RowOutputCommand
{
    /// <summary>A block of output columns: <c>Prefix_0 … Prefix_{Width−1}</c>, filled from <c>Values</c> row by row.</summary>
    public readonly record struct Columns(string Prefix, float[] Values, int Width);

    /// <summary>Creates the command.</summary>
    /// <param name="context">Where the command writes.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="score">Computes the output blocks from the model, the rows' features (row-major) and the row count.</param>
    public static Command Create(CliContext context, string name, string description, Func<VaeModel, float[], int, Columns[]> score)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput();
        Option<string?> output = OutputOptions.Csv();

        var command = new Command(name, description) { modelPath };
        data.AddTo(command);
        command.Add(output);
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = ModelFile.Load(path, parse);
            LoadedData input = data.Load(parse, context, (model, path));

            float[] features = input.Features();
            int rows = input.Data.RowCount;
            (List<string> header, List<CsvBlock> blocks) = InputColumns.Of(input, features);
            input.Scoring(() =>
            {
                foreach (Columns columns in score(model, features, rows))
                {
                    header.AddRange(CsvFormat.Numbered(columns.Prefix, columns.Width));
                    blocks.Add((columns.Values, columns.Width));
                }
            });

            using TextOutput target = TextOutput.Open(parse.GetValue(output), context.Output);
            CsvFormat.WriteTable(target.Writer, header, rows, context.Cancellation, blocks.ToArray());
            target.Commit(rows);
            return 0;
        });
        return command;
    }
}
