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
    /// <summary>A block of output columns, <c>Prefix_0 … Prefix_{Width−1}</c>.</summary>
    public readonly record struct Columns(string Prefix, int Width);

    /// <summary>
    /// Fills, for <paramref name="rows"/> rows given by their features (row-major), the first rows × width values of
    /// each array of <paramref name="outputs"/>, one per block of the command's columns, in their order.
    /// </summary>
    public delegate void RowScorer(VaeModel model, ReadOnlySpan<float> features, int rows, float[][] outputs);

    /// <summary>Creates the command.</summary>
    /// <param name="context">Where the command writes.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="columns">The output's blocks of columns for a model.</param>
    /// <param name="score">Computes the output blocks of a chunk of rows.</param>
    public static Command Create(CliContext context, string name, string description, Func<VaeModel, Columns[]> columns, RowScorer score)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput();
        var threads = new ScoringThreads();
        Option<string?> output = OutputOptions.Csv();

        var command = new Command(name, description) { modelPath };
        data.AddTo(command);
        threads.AddTo(command);
        command.Add(output);
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = threads.Load(path, parse);
            LoadedData input = data.Load(parse, context, (model, path));
            int rows = input.Data.RowCount;
            int width = input.Data.FeatureCount;
            IReadOnlyList<int>? labels = input.Data.Labels;

            Columns[] blocks = columns(model);

            using TextOutput target = TextOutput.Open(parse.GetValue(output), context.Output);
            CsvFormat.WriteLine(target.Writer, InputColumns.Header(input).Concat(blocks.SelectMany(block => CsvFormat.Numbered(block.Prefix, block.Width))));

            // One set of arrays serves every chunk: arrays this large are collected only with the oldest generation, so
            // new ones per chunk would pile up. A span cannot be held by the cells' formatters, hence the features' copy.
            int chunkCapacity = Math.Min(VaeDataset.ChunkRows, rows);
            var features = new float[chunkCapacity * width];
            float[][] outputs = [.. blocks.Select(block => new float[chunkCapacity * block.Width])];
            CsvBlock[] outputCells = [.. blocks.Select((block, i) => (CsvBlock)(outputs[i], block.Width))];
            input.Data.ForEachChunk((firstRow, chunk) =>
            {
                int values = chunk.Length;
                int chunkRows = values / width;
                chunk.CopyTo(features);
                input.Scoring(() => score(model, features.AsSpan(0, values), chunkRows, outputs), firstRow);
                CsvFormat.WriteRows(target.Writer, chunkRows, context.Cancellation, [.. InputColumns.Blocks(features, width, labels, firstRow), .. outputCells]);
            });
            target.Commit(rows);
            return 0;
        });
        return command;
    }
}
