using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Commands;

/// <summary>
/// The shape of the commands that read a model and data and write, per row, the input columns followed by what the
/// model computes for the row, as CSV. Rows are scored and written a chunk at a time, so what the command holds beyond
/// the data is one chunk's output, however many rows there are.
/// </summary>
internal static class RowOutputCommand
{
    /// <summary>A block of output columns: <c>Prefix_0 … Prefix_{Width−1}</c>, filled from <c>Values</c> row by row.</summary>
    public readonly record struct Columns(string Prefix, float[] Values, int Width);

    /// <summary>Computes the output blocks of <paramref name="rows"/> rows from their features (row-major).</summary>
    public delegate Columns[] RowScorer(VaeModel model, ReadOnlySpan<float> features, int rows);

    /// <summary>Creates the command.</summary>
    /// <param name="context">Where the command writes.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="score">Computes the output blocks of a chunk of rows.</param>
    public static Command Create(CliContext context, string name, string description, RowScorer score)
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
            int rows = input.Data.RowCount;
            int width = input.Data.FeatureCount;
            IReadOnlyList<int>? labels = input.Data.Labels;

            using TextOutput target = TextOutput.Open(parse.GetValue(output), context.Output);

            // A span cannot be held by the blocks' cell readers, so the chunk is copied into this array, one for every chunk.
            var features = new float[Math.Min(VaeDataset.ChunkRows, rows) * width];
            input.Data.ForEachChunk((firstRow, chunk) =>
            {
                int values = chunk.Length;
                int chunkRows = values / width;
                chunk.CopyTo(features);
                Columns[] scored = [];
                input.Scoring(() => scored = score(model, features.AsSpan(0, values), chunkRows), firstRow);
                if (firstRow == 0)
                {
                    CsvFormat.WriteLine(target.Writer, InputColumns.Header(input).Concat(scored.SelectMany(columns => CsvFormat.Numbered(columns.Prefix, columns.Width))));
                }

                CsvBlock[] blocks = [.. InputColumns.Blocks(features, width, labels, firstRow), .. scored.Select(columns => (CsvBlock)(columns.Values, columns.Width))];
                CsvFormat.WriteRows(target.Writer, chunkRows, context.Cancellation, blocks);
            });
            target.Commit(rows);
            return 0;
        });
        return command;
    }
}
