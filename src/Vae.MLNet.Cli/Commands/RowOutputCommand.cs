using System.CommandLine;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Cli.Sampling;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Commands;

/// <summary>
/// The shape of the commands that read a model and data and write, per row, the input row followed by what the model
/// computes for it, as CSV. The row's --id-column cell, if any, comes first under its column's name, then the input in
/// the model's columns (<see cref="DecodedRows"/>), named as the model names them, then its label, if any, as
/// <c>label</c>; were a name to come twice, as a feature named <c>label</c> would, the columns are numbered instead
/// (x_0…, the id column <c>id</c>), with a <c>_</c> after any name of one of the model's features. --no-features leaves
/// out the input's features, which for images are hundreds of pixels a row beside a few computed values. Rows are
/// scored and written a chunk at a time, so what the command holds beyond the data is one chunk's output, however many
/// rows there are.
/// </summary>
internal static class RowOutputCommand
{
    /// <summary>
    /// A block of output columns holding <paramref name="Width"/> values a row: <c>Prefix_0 … Prefix_{Width−1}</c>; or,
    /// with <paramref name="InModelColumns"/>, a row of the model's features written as the input row is, each column's
    /// name after <c>Prefix_</c>.
    /// </summary>
    public readonly record struct Columns(string Prefix, int Width, bool InModelColumns = false);

    /// <summary>
    /// Fills, for <paramref name="rows"/> rows given by their features (row-major), the first rows × width values of
    /// each array of <paramref name="outputs"/>, one per block of the command's columns, in their order; with the
    /// command's --log-variance, one more array comes last, for the decoder's log-variances of the rows, D values each.
    /// </summary>
    public delegate void RowScorer(VaeModel model, ReadOnlySpan<float> features, int rows, float[][] outputs);

    /// <summary>Creates the command.</summary>
    /// <param name="context">Where the command writes.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="columns">The output's blocks of columns for a model.</param>
    /// <param name="score">Computes the output blocks of a chunk of rows.</param>
    /// <param name="clipAndRound">
    /// The command's <c>--clip-and-round</c>, which keeps the blocks <see cref="Columns.InModelColumns"/> to the model's
    /// ranges; null for a command whose output is no rows of features.
    /// </param>
    /// <param name="logVariance">
    /// The command's <c>--log-variance</c>, which adds the decoder's log-variances of the numeric features after the
    /// other columns (<see cref="LogVarianceOption"/>); null for a command that decodes no rows.
    /// </param>
    public static Command Create(
        CliContext context, string name, string description, Func<VaeModel, Columns[]> columns, RowScorer score, Option<bool>? clipAndRound = null, Option<bool>? logVariance = null)
    {
        Argument<string> modelPath = ModelFile.CreateArgument();
        var data = new DataInput(idColumnFor: "each output row");
        var threads = new ScoringThreads();
        var noFeatures = new Option<bool>("--no-features")
        {
            Description = "Leave out the input row's features: write only the --id-column cell and the label, if any, before the computed columns.",
        };
        Option<string?> output = OutputOptions.Csv();

        var command = new Command(name, description) { modelPath };
        data.AddTo(command);
        threads.AddTo(command);
        foreach (Option<bool>? option in new[] { clipAndRound, logVariance })
        {
            if (option is not null)
            {
                command.Add(option);
            }
        }

        command.Add(noFeatures);
        command.Add(output);
        command.SetAction(parse =>
        {
            string? outPath = OutputOptions.WritableOutput(parse, output);
            string path = parse.GetRequiredValue(modelPath);
            VaeModel model = threads.Load(path, parse, context.Cancellation);
            VaeFeatureRanges? ranges = clipAndRound is null ? null : ClipAndRoundOption.Ranges(parse, clipAndRound, model);
            bool logVariances = logVariance is not null && LogVarianceOption.Requested(parse, logVariance, model, path);
            LoadedData input = data.Load(parse, context, (model, path));
            int rows = input.Data.RowCount;
            int width = input.Data.FeatureCount;
            Func<int, CsvBlock>? labels = input.Data.Labels is null ? null : CsvBlock.Labels(input.Data);
            RowIds? ids = input.Ids;
            bool repeatFeatures = !parse.GetValue(noFeatures);

            Columns[] blocks = columns(model);
            var modelColumns = new DecodedRows(model);

            // Data read without the model's categories, one-hot features of a file's own, is repeated as it was read.
            DecodedRows inputColumns = input.Data.CategoricalFeatures is null ? new DecodedRows(width, null, model.FeatureNames) : modelColumns;
            string[] header = CsvFormat.NamedUnlessClashing(named => (ids is null ? [] : new[] { ids.ColumnName(named) })
                .Concat(repeatFeatures ? inputColumns.ColumnNames(named) : [])
                .Concat(labels is null ? [] : ["label"])
                .Concat(blocks.SelectMany(block => block.InModelColumns ? modelColumns.ColumnNames(named, block.Prefix) : CsvFormat.Numbered(block.Prefix, block.Width)))
                .Concat(logVariances ? modelColumns.NumericColumnNames(named, LogVarianceOption.ColumnPrefix) : []),
                modelColumns.FeatureColumnNames);

            using TextOutput target = TextOutput.Open(outPath, output.Name, context.Output, context.Cancellation);
            CsvFormat.WriteLine(target.Writer, header);

            // One set of arrays, as many rows as ForEachChunk hands over, serves every chunk: arrays this large are collected
            // only with the oldest generation, so new ones per chunk would pile up. A span cannot be held by the cells'
            // formatters, hence the features' copy.
            int chunkCapacity = Math.Min(VaeDataset.ChunkRowsOf(width), rows);
            var features = new float[chunkCapacity * width];
            float[][] outputs = [.. blocks.Select(block => new float[chunkCapacity * block.Width]), .. logVariances ? new[] { new float[chunkCapacity * model.InputDimension] } : []];
            input.Data.ForEachChunk(rows, width, (firstRow, chunk) =>
            {
                int values = chunk.Length;
                int chunkRows = values / width;
                chunk.CopyTo(features);
                input.Scoring(() => score(model, features.AsSpan(0, values), chunkRows, outputs), firstRow);
                CsvBlock[] cells =
                [
                    .. ids is null ? [] : new[] { CsvBlock.Texts(ids.Texts, firstRow) },
                    .. repeatFeatures ? new[] { inputColumns.Block(features, chunkRows) } : [],
                    .. labels is null ? [] : new[] { labels(firstRow) },
                    .. blocks.Select((block, i) => block.InModelColumns ? modelColumns.Block(outputs[i], chunkRows, ranges) : (outputs[i], block.Width)),
                    .. logVariances ? new[] { modelColumns.NumericBlock(outputs[^1]) } : [],
                ];
                CsvFormat.WriteRows(target.Writer, chunkRows, context.Cancellation, cells);
            });
            target.Commit(rows);
            return 0;
        });
        return command;
    }
}
