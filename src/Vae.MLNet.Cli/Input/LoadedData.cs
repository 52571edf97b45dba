using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>Rows read from DATA or LATENTS, with the image shape when the file itself declares one (IDX).</summary>
internal sealed class LoadedData
{
    // How many features a note names before an ellipsis.
    private const int FeaturesNamedInNote = 3;

    private readonly CsvRows? _csv;
    private readonly VaeDataset _rows;
    private readonly int? _maxRows;

    /// <summary>Wraps the rows read from <paramref name="path"/>.</summary>
    /// <param name="path">The file as the user named it, for messages.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="csv">Where a CSV file's rows and features lie in it; null for IDX.</param>
    /// <param name="maxRows">The rows --max-rows let be read, if given.</param>
    /// <param name="keepFeatureNames">
    /// Whether <see cref="Data"/> names its features and its categorical columns as <paramref name="rows"/> do; without,
    /// the library takes the rows in their order, whatever a model's names.
    /// </param>
    public LoadedData(string path, VaeDataset rows, CsvRows? csv, int? maxRows, bool keepFeatureNames = true)
    {
        Path = path;
        _csv = csv;
        _rows = rows;
        _maxRows = maxRows;
        Data = keepFeatureNames
            ? new LocatedRows(rows, this, rows.FeatureNames, rows.CategoricalFeatures)
            : new LocatedRows(rows, this, null, rows.CategoricalFeatures?.Select(column => new VaeCategoricalFeature(null, column.FirstFeature, column.Categories)).ToArray());
    }

    /// <summary>The file as the user named it.</summary>
    public string Path { get; }

    /// <summary>
    /// The file as a message about the rows read names it: "data.csv (the first 100, --max-rows)" when --max-rows may
    /// have left rows unread, which a conclusion about the rows does not reach.
    /// </summary>
    public string RowsRead => _maxRows is { } limit && Data.RowCount == limit ? $"{Path} (the first {limit}, --max-rows)" : Path;

    /// <summary>The rows; a problem the library finds in one of them while reading names the file and line.</summary>
    public VaeDataset Data { get; }

    /// <summary>The images' shape for IDX input; null for CSV.</summary>
    public VaeImageShape? Shape => _rows.ImageShape;

    /// <summary>The rows' cells of the --id-column column, in row order; null without one.</summary>
    public RowIds? Ids => _csv?.Ids;

    /// <summary>Whether the rows are bits drawn or thresholded from the file's values (--binarize).</summary>
    public bool Binarized => _rows is BinarizedDataset;

    /// <summary>Where feature <paramref name="feature"/> lies in the file: its CSV column, or its pixel.</summary>
    public string FeatureSource(int feature) => _csv is { } file ? file.FeatureColumns[feature] : $"pixel {feature}";

    /// <summary>
    /// Where the first <see cref="FeaturesNamedInNote"/> of <paramref name="features"/> lie in the file, as a note names
    /// them, and an ellipsis when there are more: <c>column 1 ("a"), pixel 3, pixel 4, …</c>.
    /// </summary>
    public string FeatureSources(IReadOnlyCollection<int> features) =>
        string.Join(", ", features.Take(FeaturesNamedInNote).Select(FeatureSource)) + (features.Count > FeaturesNamedInNote ? ", …" : string.Empty);

    /// <summary>
    /// The library's error about one row, told with the file and the row's line (CSV) or image number (IDX), which the
    /// library, reading rows by index, does not know, and for a feature's value with its column or pixel;
    /// <paramref name="terms"/> may reword it for the command line.
    /// </summary>
    public VaeDataException Explain(VaeDataException exception, Func<string, string>? terms = null)
    {
        string where = Where(exception.Row);
        string Reworded(string text) => terms?.Invoke(text) ?? text;
        string message = exception switch
        {
            { FeatureProblem: { } problem, Row: not null, Column: { } feature } =>
                $"{where}, {FeatureSource(feature)} is {Reworded(problem)}",
            { RowProblem: { } problem, Row: not null } => $"{where}: {Reworded(problem)}",
            _ => $"{where}: {Reworded(exception.Message)}",
        };
        return new VaeDataException(message, Path, exception.Row, exception.Column, exception);
    }

    /// <summary>
    /// The library's overflow in one of these rows, told with the file and the row's line (CSV) or image number (IDX);
    /// the library numbered the rows it was given from 0, and the first of them is row <paramref name="firstRow"/> here.
    /// </summary>
    public VaeOverflowException Explain(VaeOverflowException exception, int firstRow = 0) =>
        exception is { Row: { } row, RowProblem: { } problem } ? new VaeOverflowException($"{Where(firstRow + row)}: {problem}", firstRow + row, exception) : exception;

    /// <summary>
    /// Runs <paramref name="score"/>, which scores rows of these data from row <paramref name="firstRow"/> on, and
    /// retells an overflow with the row's line: the library numbers the rows it was given from 0.
    /// </summary>
    public void Scoring(Action score, int firstRow = 0)
    {
        try
        {
            score();
        }
        catch (VaeOverflowException exception)
        {
            throw Explain(exception, firstRow);
        }
    }

    /// <summary>
    /// Runs <paramref name="check"/>, which refuses a feature of these data with rows numbered as in the file, from its
    /// first row, and retells the refusal with the row's line and the feature's column.
    /// </summary>
    public void Checking(Action check)
    {
        try
        {
            check();
        }
        catch (VaeDataException exception) when (IsUnplaced(exception))
        {
            throw Explain(exception);
        }
    }

    /// <summary>Whether <paramref name="exception"/> comes from the library reading rows, which does not know their file.</summary>
    public static bool IsUnplaced(VaeDataException exception) => exception.DataSource is null;

    private string Where(long? row) =>
        row is not { } index ? Path
        : _csv is { } csv ? $"{Path}, line {csv.Lines.LineOf(checked((int)index))}"
        : $"{Path}, image {index}";

    private sealed class LocatedRows(VaeDataset rows, LoadedData file, IReadOnlyList<string>? featureNames, IReadOnlyList<VaeCategoricalFeature>? categoricalFeatures) : VaeDataset
    {
        public override int RowCount => rows.RowCount;

        public override int FeatureCount => rows.FeatureCount;

        public override IReadOnlyList<int>? Labels => rows.Labels;

        public override IReadOnlyList<string>? LabelNames => rows.LabelNames;

        public override IReadOnlyList<string>? FeatureNames => featureNames;

        public override VaeImageShape? ImageShape => rows.ImageShape;

        public override IReadOnlyList<VaeCategoricalFeature>? CategoricalFeatures => categoricalFeatures;

        internal override VaeBinarization? RowBinarization => rows.RowBinarization;

        internal override VaeDataset WithFixedRows(int draw) => WithFixedRowsOf(rows, draw, fixedRows => new LocatedRows(fixedRows, file, featureNames, categoricalFeatures));

        public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
        {
            try
            {
                rows.CopyRows(rowIndices, destination);
            }
            catch (VaeDataException exception) when (IsUnplaced(exception))
            {
                throw file.Explain(exception, DataInput.RowReadingWording.Apply);
            }
        }
    }
}
