using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Vae.MLNet.Cli.Commands;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.Data;
using Vae.MLNet.IO;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// The DATA argument and the options saying how to read it: IDX images (raw or gzip) with an optional labels file, or
/// a numeric CSV file. The format is told from the file's first bytes, as the IDX reader does, not from its name.
/// </summary>
/// <param name="forTraining">
/// Whether the command trains on the data, the one use for <c>--binarize resampled</c>: fresh bits at every read would
/// make any other command's numbers change from one read to the next. Training is also told when a header cannot
/// name the features, since the model it makes keeps the names.
/// </param>
/// <param name="idColumnFor">
/// The command's per-row output that <c>--id-column</c> copies each row's id into, as its help says it ("each output
/// row"); null for a command that writes no rows of the data and takes no <c>--id-column</c>.
/// </param>
internal sealed class DataInput(bool forTraining = false, string? idColumnFor = null)
{
    /// <summary>The argument's name, which messages and the check of files read against --out name it by.</summary>
    public const string Name = "DATA";

    /// <summary>The option naming the IDX labels file, which the check of files read against --out finds it by.</summary>
    public const string LabelsName = "--labels";

    // What a failure to read the files calls them.
    private const string DataRole = $"the {Name} file";
    private const string LabelsRole = $"the {LabelsName} file";
    private const string ValidationRole = $"the {TrainCommand.ValidationDataName} file";

    private readonly Argument<string> _path = new(Name)
    {
        Description = "A CSV file of numbers (and of text categories with --categorical-columns), or an IDX images file, raw or gzipped, such as train-images-idx3-ubyte.gz.",
    };

    private readonly Option<string?> _labels = new(LabelsName)
    {
        Description = "IDX labels file matching the images (IDX input only).",
        HelpName = "FILE",
    };

    private readonly Option<string?> _labelColumn = new("--label-column")
    {
        Description = "The label column (CSV input only), of integer class ids or class names: its header name, or its 0-based index with --no-header.",
        HelpName = "COLUMN",
    };

    private readonly Option<string[]?> _featureColumns = new("--feature-columns")
    {
        Description = "Comma-separated feature columns (CSV input only): header names, or 0-based indices with --no-header; "
            + "quote a name that holds a comma, as in '\"a,b\",c'. Default: every column but the label.",
        HelpName = "a,b,c",
        CustomParser = ListParsing.Strings,
    };

    private readonly Option<string[]?> _excludeColumns = new("--exclude-columns")
    {
        Description = "Comma-separated columns that are no features (CSV input only), such as an identifier: header names, or 0-based indices with --no-header. "
            + "The features are then every column but the label and these; a model keeps its features' names, and reads new files by them. "
            + "'\"\"' names a column the header leaves unnamed, as pandas' index.",
        HelpName = "a,b,c",
        CustomParser = ListParsing.ExcludedColumns,
    };

    private readonly Option<string?>? _idColumn = idColumnFor is null ? null : new("--id-column")
    {
        Description = $"A column whose cells are copied unchanged into {idColumnFor}, under its name, to join them back to the data by (CSV input only): "
            + "its header name, or its 0-based index with --no-header (then named id). It is never read as a feature.",
        HelpName = "COLUMN",
    };

    private readonly Option<string[]?> _categoricalColumns = new("--categorical-columns")
    {
        Description = "Comma-separated feature columns of text categories (CSV input only), each read as one 0/1 feature per category it holds, named "
            + "column=category: header names, or 0-based indices with --no-header. A model keeps them, and reads new files into the same features.",
        HelpName = "a,b,c",
        CustomParser = ListParsing.Strings,
    };

    private readonly Option<bool> _unknownCategoriesAsNone = new("--unknown-categories-as-none")
    {
        Description = "Read a category the model was not trained on as none of its column's categories (all its 0/1 features 0), "
            + "as ML.NET's one-hot encoding does, instead of refusing the line. The model's loss then leaves that column of the row out."
            + (forTraining ? " For train, it reads DATA so with --init, and the --validation-data file, read into DATA's categories, always." : string.Empty),
    };

    private readonly Option<char> _separator = SeparatorOption.Create();

    private readonly Option<bool> _noHeader = new("--no-header")
    {
        Description = "The CSV file has no header line; columns are then chosen by 0-based index.",
    };

    private readonly Option<int> _skipLines = new Option<int>("--skip-lines")
    {
        Description = "Lines to pass over at the start of a CSV file, before its header or first row (a title, a note).",
        HelpName = "N",
    }.AtLeast(0);

    private readonly Option<int?> _maxRows = new Option<int?>("--max-rows")
    {
        Description = "Use only the first N rows.",
        HelpName = "N",
    }.AtLeast(1);

    private readonly Option<Binarization?> _binarize = new("--binarize")
    {
        Description = "Turn features in [0, 1] into 0 or 1, for Bernoulli models of binary data and their log-likelihood: at a threshold (e.g. 0.5); "
            + "'stochastic', each feature 1 with probability equal to its value, drawn once; or, for train, 'resampled', drawn anew every epoch of the model, so that --init goes on with the draws (dynamic binarization). "
            + "It reads the values as the file gives them, before any --scaling, which scales only the 0s and 1s: 'stochastic' and 'resampled' need them in [0, 1] already. "
            + "A trained model records it (see inspect), and evaluate warns of data binarized otherwise.",
        HelpName = "THRESHOLD|stochastic|resampled",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (text.Equals("stochastic", StringComparison.OrdinalIgnoreCase))
            {
                return new Binarization(BinarizationKind.Stochastic, 0f);
            }

            if (text.Equals("resampled", StringComparison.OrdinalIgnoreCase))
            {
                if (!forTraining)
                {
                    result.AddError("--binarize resampled draws new bits at every read, which only training wants; use --binarize stochastic to fix one draw.");
                }

                return new Binarization(BinarizationKind.Resampled, 0f);
            }

            if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float threshold) && float.IsFinite(threshold))
            {
                return new Binarization(BinarizationKind.Threshold, threshold);
            }

            result.AddError($"--binarize '{text}' is neither a number nor 'stochastic' or 'resampled'.");
            return null;
        },
    };

    private readonly Option<int> _binarizeSeed = new("--binarize-seed")
    {
        Description = "Seed of the draws of --binarize stochastic or resampled.",
        HelpName = "SEED",
    };

    /// <summary>Adds the argument and options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(_path);
        command.Add(_labels);
        command.Add(_labelColumn);
        command.Add(_featureColumns);
        command.Add(_excludeColumns);
        if (_idColumn is not null)
        {
            command.Add(_idColumn);
        }

        command.Add(_categoricalColumns);
        command.Add(_unknownCategoriesAsNone);
        command.Add(_separator);
        command.Add(_noHeader);
        command.Add(_skipLines);
        command.Add(_maxRows);
        command.Add(_binarize);
        command.Add(_binarizeSeed);
        command.Validators.Add(result =>
        {
            // Read from the tokens: the value itself would throw here when --binarize failed to parse.
            string? binarization = result.GetResult(_binarize)?.Tokens.FirstOrDefault()?.Value;
            bool drawn = "stochastic".Equals(binarization, StringComparison.OrdinalIgnoreCase) || "resampled".Equals(binarization, StringComparison.OrdinalIgnoreCase);
            if (result.GetResult(_binarizeSeed) is { Implicit: false } && !drawn)
            {
                result.AddError("--binarize-seed seeds the draws of --binarize stochastic or resampled, so it would have no effect here.");
            }

            if (result.GetValue(_noHeader) && FirstNonIndexColumn(result) is (string option, string column))
            {
                result.AddError(
                    column.Length == 0 ? $"{option} '\"\"' names the column the header leaves unnamed, but --no-header says the file has no header; give the column's 0-based index."
                    : column.All(char.IsAsciiDigit) ? $"{option} '{column}' is too large; a column index is a whole number up to {int.MaxValue}."
                    : $"{option} '{column}' is not a 0-based column index, which --no-header needs.");
            }
        });
    }

    /// <summary>Whether the command line names an <c>--id-column</c>.</summary>
    public bool NamesIdColumn(SymbolResult parse) => _idColumn is not null && parse.GetResult(_idColumn) is not null;

    /// <summary>Whether the command line names the data's labels (<c>--label-column</c> or <c>--labels</c>); data has none otherwise.</summary>
    public bool NamesLabels(SymbolResult parse) => parse.GetResult(_labelColumn) is not null || parse.GetResult(_labels) is not null;

    /// <summary>Whether the command line reads categories a model's categorical columns lack as none (<c>--unknown-categories-as-none</c>).</summary>
    public bool ReadsUnknownCategoriesAsNone(SymbolResult parse) => parse.GetValue(_unknownCategoriesAsNone);

    /// <summary>
    /// Reads the file named on the command line, warning on <paramref name="context"/>'s error writer about a doubtful
    /// header. Rows for a model (<paramref name="takenBy"/>, with the path it was loaded from) must have the features
    /// it takes: IDX images its pixels, in the shape it was trained on if it records one; a CSV file with a header
    /// gives the columns the model names, in its order, unless --feature-columns chooses them. A command that uses only
    /// the first <paramref name="rowsUsed"/> rows reads no further, as with --max-rows: the rows after them are neither
    /// read nor checked. Rows a command other than train hands to the model get the note of
    /// <see cref="ScoredDataOutsideTrainingNote"/> on the error writer, if any.
    /// </summary>
    public LoadedData Load(ParseResult parse, CliContext context, (VaeModel Model, string Path)? takenBy = null, int? rowsUsed = null) =>
        Load(parse.GetRequiredValue(_path), parse, context, takenBy, rowsUsed, trainingData: null);

    /// <summary>
    /// Reads <paramref name="path"/>, validation rows beside the training rows <paramref name="trainingData"/>, as DATA
    /// is read (the same columns, separator, header, --max-rows and --binarize), but without DATA's --labels file, which
    /// belongs to DATA's images. A CSV file with a header gives the training data's columns by name, in their order,
    /// unless --feature-columns chooses them, and its text categories are read into the training data's; where the
    /// features are so chosen, its label and excluded columns are not read, and need not be there. A model training
    /// goes on from (<paramref name="takenBy"/>) reads it as it reads DATA. Read with DATA's options, it must be laid
    /// out as DATA is, which its refusals say (<see cref="ValidationFileLayout"/>).
    /// </summary>
    public LoadedData LoadValidation(string path, LoadedData trainingData, ParseResult parse, CliContext context, (VaeModel Model, string Path)? takenBy) =>
        Load(path, parse, context, takenBy, rowsUsed: null, trainingData);

    private LoadedData Load(
        string path, ParseResult parse, CliContext context, (VaeModel Model, string Path)? takenBy, int? rowsUsed, LoadedData? trainingData)
    {
        int? maxRowsOption = parse.GetValue(_maxRows);
        int? maxRows = new[] { maxRowsOption, rowsUsed }.Min(); // the smaller limit, or the one given, or none
        Binarization? binarization = parse.GetValue(_binarize);

        (VaeDataset rows, CsvRows? csv) = Read(parse, path, maxRows, context.Error, takenBy, trainingData, context.Cancellation);
        int seed = parse.GetValue(_binarizeSeed);
        VaeDataset data = binarization switch
        {
            null => rows,
            { Kind: BinarizationKind.Threshold } => Threshold(rows, binarization.Threshold),
            { Kind: BinarizationKind.Stochastic } => BinarizedDataset.Stochastic(rows, seed),
            _ => BinarizedDataset.Resampled(rows, seed),
        };
        // Commands that do not check for cancellation as they work stop here, before any of their work.
        context.Cancellation.ThrowIfCancellationRequested();
        var loaded = new LoadedData(path, data, csv, maxRowsOption);
        if (takenBy is not var (model, modelPath))
        {
            return loaded;
        }

        // Validation images were held to DATA's shape as they were read, and DATA to the model's.
        if (trainingData is null)
        {
            DataAgainstModel.RequireMatchingImages(model, modelPath, loaded);
            DataAgainstModel.RequireRecordedImageShape(model, modelPath, loaded, trainedFurther: forTraining);
        }

        // Only --feature-columns can choose other names than the model's; it may map renamed columns on purpose.
        if (model.FeatureNames is { } trained && data.FeatureNames is { } names && FeatureNaming.Difference(trained, names) is { } difference)
        {
            context.Error.WriteLine(TerminalText.Visible(
                $"vae: warning: --feature-columns chooses other columns than {modelPath} was trained on ({difference}); the model is given them in the order listed."));
            loaded = new LoadedData(path, data, csv, maxRowsOption, keepFeatureNames: false);
        }

        // Training further tells this in its own words, of every row it trains on.
        if (!forTraining && ScoredDataOutsideTrainingNote.For(model, modelPath, loaded, readByPosition: parse.GetValue(_noHeader)) is { } note)
        {
            context.Error.WriteLine(TerminalText.Visible(note));
        }

        return loaded;
    }

    private static BinarizedDataset Threshold(VaeDataset rows, float threshold)
    {
        try
        {
            return BinarizedDataset.Threshold(rows, threshold);
        }
        catch (ArgumentOutOfRangeException exception)
        {
            throw new CommandLineException($"--binarize: {ArgumentMessages.Describe(exception)}", exception);
        }
    }

    // The file is opened once, its first bytes looked at to choose the reader, and then read whole by that reader.
    private (VaeDataset Rows, CsvRows? Csv) Read(
        ParseResult parse, string path, int? maxRows, TextWriter warnings, (VaeModel Model, string Path)? takenBy, LoadedData? trainingData,
        CancellationToken cancellation)
    {
        using Stream file = InterruptibleInput.OpenRead(path, nameof(path), trainingData is null ? DataRole : ValidationRole, bufferSize: 1 << 16, cancellation);
        (FileContent content, Stream fromStart) = FileContent.Sniff(file);
        if (content.Kind == FileKind.IdxLabels && trainingData is null && parse.GetValue(_labels) is { } labels)
        {
            switch (KindOf(labels, cancellation))
            {
                case FileKind.IdxImages:
                    throw new CommandLineException($"{path} holds IDX labels and {labels} IDX images: the two are swapped; give {labels} as DATA and --labels {path}.");
                case FileKind.IdxLabels:
                    throw new CommandLineException($"{path} and {labels} both hold IDX labels; give the matching images file (…-images-idx3-ubyte) as DATA and one of them as --labels.");
            }
        }

        if (trainingData is null)
        {
            return ReadsAsIdx(content, path, Name)
                ? LoadIdx(parse, fromStart, path, maxRows, withLabels: true, cancellation)
                : LoadCsv(parse, fromStart, path, maxRows, warnings, takenBy, trainingData, cancellation);
        }

        var layout = new ValidationFileLayout(trainingData, parse.GetValue(_separator), hasHeader: !parse.GetValue(_noHeader), parse.GetValue(_skipLines));
        bool idx = ReadsAsIdx(content, path, TrainCommand.ValidationDataName);
        layout.RequireFormatOfData(path, content, idx);
        if (idx)
        {
            (VaeDataset Rows, CsvRows? Csv) images = LoadIdx(parse, fromStart, path, maxRows, withLabels: false, cancellation);
            layout.RequireImageSizeOfData(path, images.Rows.ImageShape);
            return images;
        }

        try
        {
            return LoadCsv(parse, fromStart, path, maxRows, warnings, takenBy, trainingData, cancellation);
        }
        catch (CommandLineException exception)
        {
            throw layout.Retell(exception);
        }
    }

    // What the first bytes of a file hold; a file that cannot be opened is left for its reader to report.
    private static FileKind KindOf(string path, CancellationToken cancellation)
    {
        try
        {
            using Stream file = InterruptibleInput.OpenRead(path, nameof(path), LabelsRole, bufferSize: 4096, cancellation);
            return FileContent.Sniff(file).Content.Kind;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return FileKind.Unknown;
        }
    }

    // IDX files start with two zero bytes, gzip files with 1f 8b; neither can begin a CSV file of numbers. A zip, such
    // as a model passed where data belongs, an ONNX graph or a PNG image would otherwise be read as CSV cells of binary,
    // and gzip-compressed text, such as a CSV file, would be read as IDX and told its first characters are no IDX magic
    // number.
    private static bool ReadsAsIdx(FileContent content, string path, string givenAs)
    {
        if (content is { Kind: FileKind.Zip, Gzipped: false })
        {
            throw new CommandLineException($"{path} is a zip file, such as a model, not data; give a CSV or IDX file as {givenAs}.");
        }

        if (content is { Kind: FileKind.Onnx, Gzipped: false })
        {
            throw new CommandLineException($"{path} is an ONNX graph, such as 'vae export-onnx' writes, not data; give a CSV or IDX file as {givenAs}.");
        }

        if (content is { Kind: FileKind.Png, Gzipped: false })
        {
            throw new CommandLineException($"{path} is a PNG image, not data; images are read from IDX files, so give a CSV or IDX file as {givenAs}.");
        }

        if (content is { Kind: FileKind.Text, Gzipped: true })
        {
            throw new CommandLineException(
                $"{path} is gzip-compressed text, such as CSV; compressed CSV is not read (gzip is read for IDX files only), so decompress it first: "
                + PipedInput.ForGzippedCsv);
        }

        return content.Gzipped || content.IsIdx;
    }

    private (VaeDataset Rows, CsvRows? Csv) LoadIdx(ParseResult parse, Stream data, string path, int? maxRows, bool withLabels, CancellationToken cancellation)
    {
        // Each option is told what an IDX file has in place of what it asks for: labels come in a file of their own,
        // and there are no columns to choose, no cells to separate and no header line. --id-column is null where the
        // command takes none.
        (Option? Option, string InIdx)[] csvOnlyOptions =
        [
            (_labelColumn, "; use --labels FILE for IDX labels"),
            (_featureColumns, ", whose features are all of its pixels; leave --feature-columns out"),
            (_excludeColumns, ", whose features are all of its pixels; leave --exclude-columns out"),
            (_categoricalColumns, ", whose pixels are numbers; leave --categorical-columns out"),
            (_unknownCategoriesAsNone, ", whose pixels are numbers; leave --unknown-categories-as-none out"),
            (_separator, ", which has no cells to separate; leave --separator out"),
            (_noHeader, ", whose header is binary, not a line of column names; leave --no-header out"),
            (_skipLines, ", whose header is binary, not lines of text; leave --skip-lines out"),
            (_idColumn, ", whose images have no ids, and are written in file order; leave --id-column out"),
        ];
        foreach ((Option? csvOnly, string inIdx) in csvOnlyOptions)
        {
            if (csvOnly is not null && parse.GetResult(csvOnly) is { Implicit: false })
            {
                throw new CommandLineException($"{csvOnly.Name} applies to CSV input, but {path} is an IDX file{inIdx}.");
            }
        }

        try
        {
            string? labelsPath = withLabels ? parse.GetValue(_labels) : null;
            using Stream? labels = labelsPath is null ? null : InterruptibleInput.OpenRead(labelsPath, nameof(labelsPath), LabelsRole, bufferSize: 1 << 16, cancellation);
            IdxImageDataset images = IdxReader.ReadImages(data, path, labels is null ? null : (labels, labelsPath!), maxRows);
            return (images, null);
        }
        catch (VaeDataException exception)
        {
            throw new CommandLineException(IdxWording.Apply(exception.Message), exception);
        }
    }

    /// <summary>The IDX reader's remedies, which name its parameters and files; here those are the options and arguments.</summary>
    private static readonly LibraryWording IdxWording = new(
        ("pass maxRows", "pass --max-rows"),
        ("VaeModel.ExportOnnx", "'vae export-onnx'"),
        ("pass it as the labels file and pass the matching images file (…-images-idx3-ubyte) as the images file", "pass it as --labels and the matching images file (…-images-idx3-ubyte) as DATA"),
        ("pass it as the images file and pass the matching labels file (…-labels-idx1-ubyte) as the labels file", "pass it as DATA and the matching labels file (…-labels-idx1-ubyte) as --labels"));

    /// <summary>
    /// The CSV reader's advice, which names its options, in the command line's terms; the command line chooses columns of a
    /// file with a header by name only.
    /// </summary>
    internal static readonly LibraryWording CsvWording = new(
        (" Rename one, or choose columns by index.", " Rename one."),
        ("set HasHeader to false and give them as LabelColumnIndex, FeatureColumnIndices, CategoricalColumnIndices and ExcludedColumnIndices", "pass --no-header"),
        ("set HasHeader to false", "pass --no-header"),
        ("set HasHeader to true", "leave out --no-header"),
        ("with SkipLines = ", "with --skip-lines "),
        ("with the empty name in ExcludedColumnNames", "with --exclude-columns '\"\"'"),
        ("by its name in ExcludedColumnNames", "with --exclude-columns 'Unnamed: 0'"),
        ("the other columns with FeatureColumnNames or FeatureColumnIndices", "the other columns with --feature-columns"),
        ("set the separator to", "pass --separator"),
        ("those the column is read with (Categories)", "those the model was trained on"),
        (
            "The categories given (Categories) are read from the columns of their names; to read them from columns named otherwise, list those as CategoricalColumnNames, in feature order.",
            "The model reads its categories from the columns of the names it was trained on; to read them from columns named otherwise, list those with --categorical-columns."),
        ("(Categories)", "(the model's)"),
        ("Categories entry", "the model's categorical column"),
        ("to read them, set Categories to the model's CategoricalFeatures too.", "to read a column's categories, list the column in --feature-columns and --categorical-columns."))
    {
        OptionBySetting = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [nameof(CsvDatasetOptions.SkipLines)] = "--skip-lines",
            [nameof(CsvDatasetOptions.MaxRows)] = "--max-rows",
            [nameof(CsvDatasetOptions.LabelColumnName)] = "--label-column",
            [nameof(CsvDatasetOptions.LabelColumnIndex)] = "--label-column",
            [nameof(CsvDatasetOptions.FeatureColumnNames)] = "--feature-columns",
            [nameof(CsvDatasetOptions.FeatureColumnIndices)] = "--feature-columns",
            [nameof(CsvDatasetOptions.CategoricalColumnNames)] = "--categorical-columns",
            [nameof(CsvDatasetOptions.CategoricalColumnIndices)] = "--categorical-columns",
            [nameof(CsvDatasetOptions.ExcludedColumnNames)] = "--exclude-columns",
            [nameof(CsvDatasetOptions.ExcludedColumnIndices)] = "--exclude-columns",
            [nameof(CsvDatasetOptions.UnknownCategoriesAsNone)] = "--unknown-categories-as-none",
        },
    };

    /// <summary>
    /// The library's refusal of a row as it is read, which <see cref="LoadedData"/> tells with its file and line: a value
    /// that <c>--binarize stochastic</c>, which reads the file's values before the model's <c>--scaling</c>, cannot take.
    /// </summary>
    internal static readonly LibraryWording RowReadingWording = new(
        (
            "takes each value, as the data holds it, for the probability of a 1, before any input scaling (InputScaling), which",
            "takes each value, as the file gives it, for the probability of a 1, before any --scaling, which"),
        ("rescale the data beforehand, or binarize at a threshold within their range (Threshold).", "rescale the file beforehand, or pass --binarize a threshold within their range."));

    /// <summary>
    /// The CSV reader's advice in a command that takes <c>--id-column</c>, which copies a column into the rows written as it
    /// is: a label column that is no labels, or has rows without one (as semi-supervised data does), can be carried so
    /// instead. Reading it as a feature is the model's choice, made in training, so that advice is left out.
    /// </summary>
    internal static readonly LibraryWording IdColumnCsvWording = new(
        ("(drop unlabelled rows first).", "(drop unlabelled rows first), or carry the column into the rows written, empty cells included, with --id-column in place of --label-column."),
        ("so a column of measurements is no label: ", "so a column of measurements is no label: carry it into the rows written with --id-column in place of --label-column; or "),
        (" Reading it as a feature instead makes it an input of the model, which every file the model reads must then hold: do that only if it is meant as one.", string.Empty))
    {
        Before = CsvWording,
    };

    private (VaeDataset Rows, CsvRows? Csv) LoadCsv(
        ParseResult parse, Stream data, string path, int? maxRows, TextWriter warnings, (VaeModel Model, string Path)? takenBy, LoadedData? trainingData,
        CancellationToken cancellation)
    {
        if (trainingData is null && parse.GetValue(_labels) is not null)
        {
            throw new CommandLineException($"--labels applies to IDX input, but {path} is a CSV file; use --label-column for a CSV label column.");
        }

        bool hasHeader = !parse.GetValue(_noHeader);
        string? label = parse.GetValue(_labelColumn);
        // Array options read as empty, not null, when absent.
        string[]? features = parse.GetResult(_featureColumns) is null ? null : parse.GetValue(_featureColumns);
        string[]? categorical = parse.GetResult(_categoricalColumns) is null ? null : parse.GetValue(_categoricalColumns);
        string[]? excluded = parse.GetResult(_excludeColumns) is null ? null : parse.GetValue(_excludeColumns);
        string? id = _idColumn is null ? null : parse.GetValue(_idColumn);
        IReadOnlyList<string>? modelColumns = hasHeader && features is null ? takenBy?.Model.FeatureNames : null;
        if (modelColumns is not null)
        {
            (VaeModel model, string modelPath) = takenBy!.Value;
            IReadOnlyList<string> taken = VaeCategoricalFeature.ColumnNamesOf(modelColumns, model.CategoricalFeatures);
            if (label is not null && taken.Contains(label, StringComparer.Ordinal))
            {
                throw new CommandLineException(
                    $"--label-column {label} names a column {modelPath} takes as a feature, so it cannot also be the label; leave out --label-column, "
                    + $"or train the model with --label-column {label}, which leaves it out of the features.");
            }

            if (excluded?.FirstOrDefault(column => taken.Contains(column, StringComparer.Ordinal)) is { } feature)
            {
                throw new CommandLineException(
                    $"--exclude-columns lists {feature}, a column {modelPath} takes as a feature, so it cannot be left out; leave it out of --exclude-columns, "
                    + $"or train the model with --exclude-columns {feature}, which leaves it out of the features.");
            }

            if (id is not null && taken.Contains(id, StringComparer.Ordinal))
            {
                throw IdColumnTakenAsFeature(id, modelPath, evidence: string.Empty);
            }
        }

        if (takenBy?.Model.CategoricalFeatures is { } trained && categorical is not null && categorical.Length != trained.Count)
        {
            throw new CommandLineException(
                $"--categorical-columns lists {Counted.Of(categorical.Length, "column")}, but {takenBy.Value.Path} was trained on {Counted.Of(trained.Count, "categorical column")}; "
                + "leave out --categorical-columns to read the model's, or list the same columns.");
        }

        // A validation file without a model is read into DATA's categories, which are the model's to be.
        IReadOnlyList<VaeCategoricalFeature>? categories = takenBy?.Model.CategoricalFeatures ?? trainingData?.Data.CategoricalFeatures;
        bool unknownAsNone = parse.GetValue(_unknownCategoriesAsNone);
        // DATA read for a model to be, which a --validation-data file follows, holds no category unseen by it: that file may.
        // Without such a file train refuses the option before reading (TrainCommand).
        if (unknownAsNone && categories is null && (takenBy is not null || trainingData is not null))
        {
            throw new CommandLineException(
                takenBy is { } model
                    ? $"--unknown-categories-as-none reads categories a model's categorical columns lack, but {model.Path} has no categorical columns; leave it out."
                    : $"--unknown-categories-as-none reads categories of {path} that DATA's categorical columns lack, but DATA {trainingData!.Path} has no categorical columns; leave it out.");
        }

        var options = new CsvDatasetOptions
        {
            HasHeader = hasHeader,
            SkipLines = parse.GetValue(_skipLines),
            Separator = parse.GetValue(_separator),
            LabelColumnName = hasHeader ? label : null,
            LabelColumnIndex = hasHeader || label is null ? null : ParseIndex(label),
            FeatureColumnNames = hasHeader ? features ?? modelColumns ?? trainingData?.Data.FeatureNames : null,
            FeatureColumnIndices = hasHeader ? null : features?.Select(ParseIndex).ToArray(),
            CategoricalColumnNames = hasHeader ? categorical : null,
            CategoricalColumnIndices = hasHeader ? null : categorical?.Select(ParseIndex).ToArray(),
            ExcludedColumnNames = hasHeader ? excluded : null,
            ExcludedColumnIndices = hasHeader ? null : excluded?.Select(ParseIndex).ToArray(),
            IdColumnName = hasHeader ? id : null,
            IdColumnIndex = hasHeader || id is null ? null : ParseIndex(id),
            Categories = categories,
            UnknownCategoriesAsNone = unknownAsNone,
            MaxRows = maxRows,
            // A validation file's features are DATA's, read with DATA's options; with --init, DATA's are the model's.
            FeatureColumnCount = trainingData is not null ? OriginalColumns.CountOf(trainingData.Data.FeatureCount, trainingData.Data.CategoricalFeatures)
                : takenBy is { } reader ? OriginalColumns.CountOf(reader.Model.InputDimension, reader.Model.CategoricalFeatures)
                : null,
        };

        // Validation rows whose features are chosen, by DATA's names or by --feature-columns, need no label or excluded
        // columns to keep out of them: those need not be in the file, and are not read.
        if (trainingData is not null && (options.FeatureColumnNames is not null || options.FeatureColumnIndices is not null))
        {
            options = options with { LabelColumnName = null, LabelColumnIndex = null, ExcludedColumnNames = null, ExcludedColumnIndices = null };
        }

        CsvReading reading;
        try
        {
            reading = CsvDatasetReader.ReadDescribingFeatures(data, options, path, cancellation);
        }
        catch (ArgumentException exception)
        {
            throw new CommandLineException($"{path}: {CsvWording.Apply(ArgumentMessages.Describe(exception))}", exception);
        }
        catch (VaeDataException exception) when (exception is { FeatureColumnsChosen: { } chosen, FeatureColumnsWanted: { } wanted })
        {
            // DATA, read with the same options, had its columns; advice to choose others would change it too. Only columns
            // taken by position can be too few or too many: DATA's names or --feature-columns choose as many as DATA's.
            if (trainingData is not null)
            {
                string leftOut = label is null && excluded is not { Length: > 0 } ? string.Empty : ", those DATA leaves out of its features included";
                throw new CommandLineException(
                    $"{path} has {Counted.Of(chosen, "feature column")} where DATA {trainingData.Path} has {wanted}: its features are DATA's columns, taken by position, "
                    + $"so it needs as many columns as DATA{leftOut}.{CsvWording.Apply(exception.SeparatorAdvice)}",
                    exception);
            }

            // Without a header the model names no columns to check --id-column against, but it takes the columns the
            // options leave, by position: one short, which the id column would make up, is that column taken as a feature.
            if (!hasHeader && id is not null && features is null && chosen + 1 == wanted)
            {
                throw IdColumnTakenAsFeature(id, takenBy!.Value.Path, $" (without it, the columns of {path} are the {wanted} the model takes, by position)", exception);
            }

            throw DataAgainstModel.FeatureColumnsMismatch(path, chosen, wanted, labelled: label is not null, takenBy!.Value.Path, exception);
        }
        catch (VaeDataException exception) when (modelColumns is not null && trainingData is null && exception.MissingFeatureColumns is not null)
        {
            (VaeModel model, string modelPath) = takenBy!.Value;
            throw new CommandLineException(
                $"{CsvWording.Apply(exception.Message)} {modelPath} was trained on the feature columns {FeatureNaming.Quoted(VaeCategoricalFeature.ColumnNamesOf(modelColumns, model.CategoricalFeatures))}, "
                + "which are read by name; give a file that has them, or choose its columns, in that order, with --feature-columns"
                + (model.CategoricalFeatures is null ? "."
                    : model.CategoricalFeatures.Any(feature => feature.ColumnName is null)
                    ? ", and its columns of text categories with --categorical-columns. Its categorical features without a column name (as an ML.NET feature column's one-hot "
                        + "ranges have) are read from one column of 0s and 1s per category, named as the model names the features."
                    : ", and its categorical ones with --categorical-columns."),
                exception);
        }
        catch (VaeDataException exception)
        {
            throw new CommandLineException(Worded(exception, _idColumn is null ? CsvWording : IdColumnCsvWording), exception);
        }

        if (forTraining && trainingData is null && reading.WhyHeaderCannotNameFeatures is { } why)
        {
            warnings.WriteLine(TerminalText.Visible(
                $"vae: warning: the header line of {path} cannot name the features ({why.TrimEnd('.')}), so the model keeps no feature names and will take "
                + "the columns of any data by position; give every column a short name of its own to have them matched by name."));
        }

        WarnOfLikelyMisreadings(reading, path, warnings);
        RowIds? ids = reading.Ids is { } texts ? new RowIds(hasHeader ? id! : "id", texts) : null;
        return (reading.Data, new CsvRows(reading.RowLines, reading.FeatureColumns, ids));
    }

    /// <summary>
    /// The reader's <paramref name="exception"/> in <paramref name="wording"/>, with the categorical columns it sets, if it
    /// does, as the value to pass to <c>--categorical-columns</c>, and the columns it excludes as that to pass to
    /// <c>--exclude-columns</c>, each written as a shell reads it and the option parses it.
    /// </summary>
    private string Worded(VaeDataException exception, LibraryWording wording) => Worded(
        exception.Message,
        wording,
        (exception.CategoricalColumnsSetting, exception.CategoricalColumnsToRead, _categoricalColumns),
        (exception.ExcludedColumnsSetting, exception.ExcludedColumnsToSet, _excludeColumns));

    /// <summary>
    /// <paramref name="message"/> in <paramref name="wording"/>, each of <paramref name="settings"/> it holds, in the
    /// order it holds them, put as its option and value.
    /// </summary>
    private static string Worded(
        string message, LibraryWording wording, params ReadOnlySpan<(string? Setting, IReadOnlyList<string>? Columns, Option<string[]?> Option)> settings)
    {
        if (settings.IsEmpty)
        {
            return wording.Apply(message);
        }

        // Each setting comes after the cell it is about, which may hold anything, and the last after the others.
        (string? setting, IReadOnlyList<string>? columns, Option<string[]?> option) = settings[^1];
        if (setting is null || columns is null || message.LastIndexOf(setting, StringComparison.Ordinal) is not (>= 0 and var at))
        {
            return Worded(message, wording, settings[..^1]);
        }

        // Worded apart, as no phrase spans it: the columns' names must stay as they are.
        string value = $"{option.Name} {ShellWords.ValueForPosixShell(ListParsing.StringsText(columns))}";
        return $"{Worded(message[..at], wording, settings[..^1])}{value}{wording.Apply(message[(at + setting.Length)..])}";
    }

    /// <summary>The refusal of an <c>--id-column</c> that the model reads as a feature, with the <paramref name="evidence"/> for it, if any.</summary>
    private static CommandLineException IdColumnTakenAsFeature(string id, string modelPath, string evidence, Exception? cause = null) => new(
        $"--id-column {id} names a column {modelPath} takes as a feature{evidence}, so it cannot also be the id column; choose a column the model does not read, "
        + $"or train the model with --exclude-columns {id}, which leaves it out of the features.",
        cause);

    /// <summary>
    /// Warns of what <paramref name="path"/> was most likely read otherwise than meant as: a header line of only numbers,
    /// most likely a first row taken for names (<see cref="CsvReading.HeaderLooksLikeData"/>), and numbers that look like
    /// digits grouped into thousands by '.', read as decimals (<see cref="CsvReading.GroupedThousands"/>).
    /// </summary>
    internal static void WarnOfLikelyMisreadings(CsvReading reading, string path, TextWriter warnings)
    {
        if (reading.HeaderLooksLikeData)
        {
            warnings.WriteLine(TerminalText.Visible(
                $"vae: warning: the header line of {path} holds only numbers, which were taken as column names; if the file has no header line, pass --no-header, or its first row is left out."));
        }

        if (reading.GroupedThousands is { } grouped)
        {
            warnings.WriteLine(TerminalText.Visible($"vae: warning: {path}, {grouped}"));
        }
    }

    /// <summary>The first column named by --label-column, --id-column or a list of columns that is not an index, with its option.</summary>
    private (string Option, string Column)? FirstNonIndexColumn(CommandResult result)
    {
        foreach (Option<string?>? single in new[] { _labelColumn, _idColumn })
        {
            if (single is not null && result.GetValue(single) is { } column && !IsIndex(column))
            {
                return (single.Name, column);
            }
        }

        foreach (Option<string[]?> columns in new[] { _featureColumns, _categoricalColumns, _excludeColumns })
        {
            if ((result.GetValue(columns) ?? []).FirstOrDefault(column => !IsIndex(column)) is { } named)
            {
                return (columns.Name, named);
            }
        }

        return null;
    }

    // Column indices were checked while parsing, by FirstNonIndexColumn.
    private static int ParseIndex(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static bool IsIndex(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>What <c>--binarize</c> asked for; <see cref="Threshold"/> is used by <see cref="BinarizationKind.Threshold"/> only.</summary>
    private sealed record Binarization(BinarizationKind Kind, float Threshold);

    private enum BinarizationKind
    {
        Threshold,
        Stochastic,
        Resampled,
    }
}
