using System.CommandLine;
using Vae.MLNet.Cli.Commands;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.IO;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// The LATENTS argument of <c>vae decode</c> and reading it: a CSV file of latent vectors, either the one
/// <c>vae encode</c> writes, whose latent means (mean_0…) are read by name and its other columns left out, or one of
/// K numbers a row, K being the model's latent dimension.
/// </summary>
internal sealed class LatentInput
{
    /// <summary>The argument's name, which messages and the check of files read against --out name it by.</summary>
    public const string Name = "LATENTS";

    private readonly Argument<string> _path = new(Name)
    {
        Description = $"A CSV file of latent vectors: the one 'vae encode' writes, whose {EncodeCommand.MeanColumnPrefix}_0… columns are read by name and its other columns "
            + "(the input row, the label, logvar_0…) left out, or one of K numbers a row, K being the model's latent dimension.",
    };

    private readonly Option<char> _separator = SeparatorOption.Create();

    private readonly Option<bool> _noHeader = new("--no-header")
    {
        Description = "LATENTS has no header line: every line is a latent vector of K numbers.",
    };

    /// <summary>Adds the argument and options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(_path);
        command.Add(_separator);
        command.Add(_noHeader);
    }

    /// <summary>
    /// Reads the file named on the command line as latent vectors of <paramref name="model"/>, loaded from
    /// <paramref name="modelPath"/>, warning on <paramref name="context"/>'s error writer about a header of numbers.
    /// </summary>
    /// <exception cref="CommandLineException">
    /// The file is no CSV file, is empty, or holds latent vectors of another length than the model's latent dimension,
    /// a cell that is not a number, one that is not finite, one beyond ±3.4e38, or a nonzero one nearer 0 than a 32-bit
    /// float holds; the message names the file, and the line and column.
    /// </exception>
    public LoadedData Load(ParseResult parse, CliContext context, VaeModel model, string modelPath)
    {
        string path = parse.GetRequiredValue(_path);
        bool hasHeader = !parse.GetValue(_noHeader);
        int latentDimension = model.LatentDimension;
        using Stream file = InterruptibleInput.OpenRead(path, nameof(path), $"the {Name} file", bufferSize: 1 << 16, context.Cancellation);
        (FileContent content, Stream fromStart) = FileContent.Sniff(file);
        RequireText(content, path, parse);
        var options = new CsvDatasetOptions
        {
            HasHeader = hasHeader,
            Separator = parse.GetValue(_separator),
            FeatureColumnsOfHeader = header => MeanColumns(header, latentDimension, path, modelPath),
            FeatureColumnCount = latentDimension,
        };

        CsvReading reading;
        try
        {
            reading = CsvDatasetReader.ReadDescribingFeatures(fromStart, options, path, context.Cancellation);
        }
        catch (VaeDataException exception) when (exception.FeatureColumnsChosen is { } chosen)
        {
            throw new CommandLineException(
                $"{path} has {Counted.Of(chosen, "column")}, but {modelPath} decodes latent vectors of {Counted.Of(latentDimension, "number")} (its latent dimension K); "
                + $"give {Counted.Of(latentDimension, "number")} a row, or{(hasHeader ? string.Empty : $", leaving out {_noHeader.Name},")} the CSV file 'vae encode' writes, "
                + $"whose {EncodeCommand.MeanColumnPrefix}_0… columns are read by name.{DataInput.CsvWording.Apply(exception.SeparatorAdvice)}",
                exception);
        }
        catch (VaeDataException exception)
        {
            throw new CommandLineException(LatentWording.Apply(exception.Message), exception);
        }

        DataInput.WarnOfLikelyMisreadings(reading, path, context.Error);
        context.Cancellation.ThrowIfCancellationRequested();
        return new LoadedData(path, reading.Data, new CsvRows(reading.RowLines, reading.FeatureColumns, Ids: null), maxRows: null);
    }

    // A file the CSV reader would call text in no encoding, or gzip-compressed, is named by what it holds; an empty one
    // is left for the reader, which says what it must hold.
    private static void RequireText(FileContent content, string path, ParseResult parse)
    {
        if (content is { Kind: FileKind.Text or FileKind.Unknown, Gzipped: false })
        {
            return;
        }

        string usage = VaeCli.Usage(parse.CommandResult.Command);
        throw new CommandLineException(content switch
        {
            { Kind: FileKind.Text } =>
                $"{path} is gzip-compressed text, such as CSV; compressed CSV is not read, so decompress it first: {PipedInput.ForGzippedCsv}",
            { Kind: FileKind.Zip, Gzipped: false } =>
                $"{path} is a zip file, such as a model, not latent vectors; {Name} takes a CSV file of them, such as 'vae encode' writes, as in: {usage}.",
            _ => $"{path} holds {content.MisplacedForModel("'vae export-onnx'")}, not latent vectors; {Name} takes a CSV file of them, such as 'vae encode' writes, as in: {usage}.",
        });
    }

    /// <summary>
    /// The columns of the latent means in a header 'vae encode' wrote, which has mean_0, or mean_0 with underscores after
    /// it; null for a header without, of a file of latent vectors alone, whose every column is read.
    /// </summary>
    /// <exception cref="CommandLineException">The header holds the means of another number of dimensions than <paramref name="latentDimension"/>.</exception>
    private static string[]? MeanColumns(IReadOnlyList<string> header, int latentDimension, string path, string modelPath)
    {
        // Encode names the means mean_0…, but where names come twice, as a feature named mean_0 beside the means, it
        // numbers its header, and a mean named as one of the model's features takes underscores after it (mean_0_). A
        // header with names holds the means' names as they are (beside, it may be, a feature named mean_0_); in a numbered
        // one no other cell is a mean's name, with underscores or without. So a mean's name as it is, where the header has
        // it, is the mean, and otherwise the first with underscores. Any model's file of means is found so, and one of
        // another latent dimension told as such.
        var meanCells = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string cell in header)
        {
            string name = cell.TrimEnd('_');
            if (name.Length == cell.Length)
            {
                meanCells[name] = cell;
            }
            else
            {
                meanCells.TryAdd(name, cell);
            }
        }

        int found = 0;
        while (meanCells.ContainsKey(MeanColumn(found)))
        {
            found++;
        }

        if (found == 0)
        {
            return null;
        }

        if (found != latentDimension)
        {
            string columns = found == 1 ? MeanColumn(0) : $"{MeanColumn(0)}…{MeanColumn(found - 1)}";
            throw new CommandLineException(
                $"{path} holds the latent means of {Counted.Of(found, "dimension")} ({columns}), but {modelPath} decodes latent vectors of {Counted.Of(latentDimension, "number")} "
                + "(its latent dimension K); decode them with the model that encoded them.");
        }

        return [.. CsvFormat.Numbered(EncodeCommand.MeanColumnPrefix, latentDimension).Select(name => meanCells[name])];
    }

    private static string MeanColumn(int dimension) => $"{EncodeCommand.MeanColumnPrefix}_{dimension}";

    // The reader's messages speak of features and of options for choosing them, which a file of latent vectors has no
    // use for; its advice is cut in the command line's terms, which name a setting the same with a header or without.
    private static readonly LibraryWording LatentWording = new(
        (", and leave text columns out of the features (--exclude-columns) or read them as categories (--categorical-columns)", string.Empty),
        ("every feature must be", "every latent value must be"),
        (", or multiply the feature by a power of ten that brings its values near 1 (take the logarithm of one that spans many powers of ten)", string.Empty),
        (": divide the feature by a power of ten that brings its values near 1 (take the logarithm of one that spans many powers of ten)", string.Empty),
        (" (impute or drop missing values first)", string.Empty))
    {
        Before = DataInput.CsvWording,
    };
}
