using System.Globalization;
using Vae.MLNet.IO;
using Vae.MLNet.Numerics;
using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// Reads a numeric CSV file into a dataset: one row per line, or per several where a quoted cell holds line breaks, features as 32-bit floats and an optional label column,
/// of integer class ids or of class names, one of them text (<see cref="VaeDataset.LabelNames"/>; an integer among names
/// is named by its digits, <c>2.0</c> as <c>2</c>); columns of text categories are read as one-hot features
/// (<see cref="CsvDatasetOptions.CategoricalColumnNames"/>), and a model's categorical features without a column name
/// from their one-hot columns (<see cref="CsvDatasetOptions.Categories"/>).
/// Numbers are parsed culture-invariantly; a cell may be wrapped in double quotes (<c>"1.5"</c> reads as 1.5), and then
/// hold the separator, a quote written <c>""</c>, and line breaks, as RFC 4180 allows: a category, a class name or a
/// header name keeps them as written, and a number holds none.
/// Handles <c>\n</c>, <c>\r\n</c> and <c>\r</c> line endings, byte order marks and trailing blank lines; a file is
/// UTF-8 unless its byte order mark names UTF-16 or UTF-32. Every problem
/// is a <see cref="VaeDataException"/> whose message names the source, the 1-based line and column, and whose
/// <see cref="VaeDataException.Row"/> and <see cref="VaeDataException.Column"/> give the zero-based data row and column.
/// </summary>
public static class CsvDatasetReader
{
    // The name pandas gives an unnamed column it read, such as a row index, when it writes the frame out again.
    private const string PandasIndexName = "Unnamed: 0";

    private const string DefaultSourceName = "CSV input";

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">The file, UTF-8 (with or without a byte order mark), or UTF-16 or UTF-32 with one.</param>
    /// <param name="options">Header, separator and column choices; <see langword="null"/> for the defaults (a header, commas, every column a feature, no labels).</param>
    /// <param name="cancellationToken">Checked between rows; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>
    /// The rows, with <see cref="VaeDataset.Labels"/> set when a label column was chosen, and <see cref="VaeDataset.FeatureNames"/>
    /// taken from the header when the file has one that gives the feature columns distinct, non-blank names that a model
    /// can keep (well-formed, at most 8 MiB together).
    /// </returns>
    /// <exception cref="VaeDataException">The file is empty, gzip-compressed, IDX data, a zip, an ONNX graph or a PNG image (as its first bytes show), ragged, repeats its header line below it (as files concatenated with their headers do), not text in its encoding (UTF-8, or the UTF-16 or UTF-32 its byte order mark names), has a cell that is not a finite number, is a number beyond ±3.4e38 or a nonzero one nearer 0 than a 32-bit float holds, a categorical cell that is empty or not among the given categories, one-hot columns of a row that are not one-hot, or labels that are numbers, one of them no integer in the range of int, or numbers beside a missing-value marker (NA, ?), lacks a named column, has a quote that is never closed, or has a line or a row longer than 16 777 216 characters.</exception>
    /// <exception cref="ArgumentException">The options contradict each other or list no column or a null name, or two categories of a column or two class names that differ only in the whitespace around them, or <paramref name="path"/> names a directory.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the file was read whole.</exception>
    public static VaeDataset Read(string path, CsvDatasetOptions? options, CancellationToken cancellationToken) =>
        ReadDescribingFeatures(path, options ?? new CsvDatasetOptions(), cancellationToken).Data;

    /// <summary>
    /// Reads a CSV file as <see cref="Read(string, CsvDatasetOptions?, CancellationToken)"/> does, with no way to stop the
    /// read; kept beside it so that code built against the release before it runs unchanged.
    /// </summary>
    /// <param name="path">The file, UTF-8 (with or without a byte order mark), or UTF-16 or UTF-32 with one.</param>
    /// <param name="options">Header, separator and column choices; <see langword="null"/> for the defaults (a header, commas, every column a feature, no labels).</param>
    /// <returns>The rows, as <see cref="Read(string, CsvDatasetOptions?, CancellationToken)"/> returns them.</returns>
    /// <exception cref="VaeDataException">As for <see cref="Read(string, CsvDatasetOptions?, CancellationToken)"/>.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Read(string, CsvDatasetOptions?, CancellationToken)"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static VaeDataset Read(string path, CsvDatasetOptions? options = null) => Read(path, options, CancellationToken.None);

    /// <summary>
    /// Reads a file as <see cref="Read(string, CsvDatasetOptions?, CancellationToken)"/> does, and says where each feature came from, as
    /// this reader's own messages name a cell (<c>column 3 ("petal")</c>), for messages about a feature found later,
    /// and whether the header looks like a row of data (<see cref="CsvColumnLayout.LooksLikeData"/>), whose values
    /// were then taken for names.
    /// </summary>
    internal static CsvReading ReadDescribingFeatures(string path, CsvDatasetOptions options, CancellationToken cancellationToken = default)
    {
        InputFile.RequirePath(path, nameof(path));
        options.Validate();
        using FileStream file = InputFile.OpenRead(path, nameof(path));
        return ReadValidated(file, options, path, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReadDescribingFeatures(string, CsvDatasetOptions, CancellationToken)"/> of a stream, read from its current position and
    /// left open, that messages call <paramref name="sourceName"/>.
    /// </summary>
    internal static CsvReading ReadDescribingFeatures(Stream stream, CsvDatasetOptions options, string sourceName, CancellationToken cancellationToken = default)
    {
        options.Validate();
        return ReadValidated(stream, options, sourceName, cancellationToken);
    }

    private static CsvReading ReadValidated(Stream stream, CsvDatasetOptions options, string sourceName, CancellationToken cancellationToken)
    {
        (FileContent content, Stream fromStart) = FileContent.Sniff(stream);
        if (NotCsvMessage(content, sourceName) is { } notCsv)
        {
            throw new VaeDataException(notCsv, sourceName);
        }

        // Bytes that are not text are refused rather than read as U+FFFD: a header saved as Latin-1 would otherwise give
        // a model feature names that the same header saved as UTF-8 does not match.
        byte[] head = new byte[4];
        head = head[..fromStart.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        using var reader = new StreamReader(
            new PrefixedReadStream(head, fromStart), TextByteEscapes.CreateEncoding(head), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return ReadCore(reader, options, sourceName, decodedByCaller: false, cancellationToken);
    }

    // A file of another kind, named by what it holds and the reader that reads it: read as text, it would be refused for
    // bytes that are not UTF-8 or for the NUL characters of its binary header, as if it were CSV saved another way.
    // Null for text, and for what its first bytes do not name, which the reading itself then refuses.
    private static string? NotCsvMessage(FileContent content, string source)
    {
        if (content is { Kind: FileKind.Text, Gzipped: true })
        {
            return $"{source} is gzip-compressed; decompress it first, or read it with Read(TextReader) through a StreamReader over a GZipStream.";
        }

        string readImages = $"{nameof(IdxReader)}.{nameof(IdxReader.ReadImages)}";
        string? advice = content switch
        {
            { Kind: FileKind.Text or FileKind.Unknown or FileKind.IdxOfOtherKind, Gzipped: false } => null,
            { Kind: FileKind.IdxImages } => $"read it with {readImages}, which takes it raw or gzip-compressed.",
            { Kind: FileKind.IdxLabels } => $"read it with {readImages} as the labels file, with the matching images file (…-images-idx3-ubyte) as the images file.",
            { Kind: FileKind.Zip } => $"load a model zip with {nameof(VaeModel)}.{nameof(VaeModel.Load)}.",
            { Kind: FileKind.Png, Gzipped: false } => $"images are read from IDX files ({readImages}), so convert the images to IDX, or their pixels to rows of a CSV file.",
            _ => "give a CSV file.",
        };
        return advice is null ? null : $"{source} holds {content.Described(FileContent.LibraryGraphWriter)}, not CSV text; {advice}";
    }

    /// <summary>Reads CSV text from a reader, which is left open.</summary>
    /// <param name="reader">The CSV text, decoded with the encoding it was saved in (a <see cref="StreamReader"/> decodes UTF-8 unless given another).</param>
    /// <param name="options">Header, separator and column choices; <see langword="null"/> for the defaults (a header, commas, every column a feature, no labels).</param>
    /// <param name="sourceName">How messages name the input, e.g. a file name or URL; defaults to "CSV input".</param>
    /// <param name="cancellationToken">Checked between rows; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>
    /// The rows, with <see cref="VaeDataset.Labels"/> set when a label column was chosen, and <see cref="VaeDataset.FeatureNames"/>
    /// taken from the header when the file has one that gives the feature columns distinct, non-blank names that a model
    /// can keep (well-formed, at most 8 MiB together).
    /// </returns>
    /// <exception cref="VaeDataException">The text is empty, ragged, repeats its header line below it (as files concatenated with their headers do), has a cell that is not a finite number, is a number beyond ±3.4e38 or a nonzero one nearer 0 than a 32-bit float holds, a header name, category, class name or id that holds U+FFFD (text decoded with another encoding than the file's), a categorical cell that is empty, holds half a surrogate pair or is not among the given categories, one-hot columns of a row that are not one-hot, or labels that are numbers, one of them no integer in the range of int, or numbers beside a missing-value marker (NA, ?), lacks a named column, has a quote that is never closed, or has a line or a row longer than 16 777 216 characters.</exception>
    /// <exception cref="ArgumentException">The options contradict each other or list no column or a null name, or two categories of a column or two class names that differ only in the whitespace around them; or <paramref name="sourceName"/> is blank.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the text was read whole.</exception>
    public static VaeDataset Read(TextReader reader, CsvDatasetOptions? options, string? sourceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (sourceName is not null && string.IsNullOrWhiteSpace(sourceName))
        {
            throw new ArgumentException(
                $"The source name is blank, which leaves messages without the input they are about; give one, such as the file's name, or leave it null for \"{DefaultSourceName}\".",
                nameof(sourceName));
        }

        options ??= new CsvDatasetOptions();
        options.Validate();
        return ReadCore(reader, options, sourceName ?? DefaultSourceName, decodedByCaller: true, cancellationToken).Data;
    }

    /// <summary>
    /// Reads CSV text as <see cref="Read(TextReader, CsvDatasetOptions?, string?, CancellationToken)"/> does, with no way to
    /// stop the read; kept beside it so that code built against the release before it runs unchanged.
    /// </summary>
    /// <param name="reader">The CSV text, decoded with the encoding it was saved in (a <see cref="StreamReader"/> decodes UTF-8 unless given another).</param>
    /// <param name="options">Header, separator and column choices; <see langword="null"/> for the defaults (a header, commas, every column a feature, no labels).</param>
    /// <param name="sourceName">How messages name the input, e.g. a file name or URL; defaults to "CSV input".</param>
    /// <returns>The rows, as <see cref="Read(TextReader, CsvDatasetOptions?, string?, CancellationToken)"/> returns them.</returns>
    /// <exception cref="VaeDataException">As for <see cref="Read(TextReader, CsvDatasetOptions?, string?, CancellationToken)"/>.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Read(TextReader, CsvDatasetOptions?, string?, CancellationToken)"/>.</exception>
    public static VaeDataset Read(TextReader reader, CsvDatasetOptions? options = null, string? sourceName = null) =>
        Read(reader, options, sourceName, CancellationToken.None);

    // A header of one cell above a line the separator splits is a header written with another separator when it holds
    // that one as often as the line does (decimal commas under "a;b"). A header of fewer cells than the first row may be
    // a title, as UCI Adult's test file opens with ("|1x3 Cross validator" above comma-separated rows), or a note that
    // holds the separator ("Survey data, 2020"); one cell more is likelier a separator ending every row, or a decimal
    // comma, unless the row holds names. Below rows that matched the header, the line itself is at fault.
    private static string HeaderHint(CsvColumnLayout layout, List<string>? header, int headerLine, int row, string line, List<CsvCell> rowCells, char separator)
    {
        if (header is null)
        {
            return string.Empty;
        }

        if (header is [string names] && CsvColumnLayout.OtherSeparator(names, separator, header) is char other && names.Count(c => c == other) == line.Count(c => c == other))
        {
            return CsvColumnLayout.SeparatorHint(names, separator, "header", header);
        }

        return row == 0 && TitleAbove(layout.ColumnCount, line, rowCells) ? CsvColumnLayout.TitleHint("header", headerLine) : string.Empty;
    }

    // Whether a header of headerCells cells above the first row's rowCells is rather a title or a note: one cell more is
    // a title too when the row's cells are names rather than numbers, and its last cell is not empty.
    private static bool TitleAbove(int headerCells, string line, List<CsvCell> rowCells) =>
        rowCells.Count > headerCells + 1
        || (rowCells.Count == headerCells + 1 && !rowCells[^1].In(line).IsWhiteSpace() && rowCells.Any(cell => IsName(cell.In(line))));

    // A cell that is neither blank, which no name is, nor a number.
    private static bool IsName(ReadOnlySpan<char> cell) => !cell.IsWhiteSpace() && !IsNumber(cell);

    private static bool IsNumber(ReadOnlySpan<char> cell) => float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    // Too many cells, one of them empty before the last: a separator written twice, as two spaces between numbers are, or
    // one starting the line, as a space aligning its first number does, explains the extra cell better than a title above
    // the header would.
    private static string? DoubledSeparatorHint(CsvColumnLayout layout, string line, List<CsvCell> rowCells, char separator)
    {
        int empty = rowCells.Count > layout.ColumnCount ? rowCells.FindIndex(0, rowCells.Count - 1, cell => cell.In(line).IsWhiteSpace()) : -1;
        return empty < 0 ? null
            : empty == 0 ? $" Cell 1 is empty, as a '{separator}' starting the line makes; start the line with its first cell."
            : $" Cell {empty + 1} is empty, as two '{separator}' in a row make; put one '{separator}' between cells.";
    }

    // Advice for an empty cell of a file split on whitespace, whose runs of it, as in columns aligned with spaces, make
    // empty cells where nothing is missing; empty for other separators.
    private static string EmptyCellHint(char separator) => char.IsWhiteSpace(separator)
        ? $" Runs of {CsvColumnLayout.SeparatorName(separator)}, or one starting the line, make empty cells too: separate the file's cells by exactly one {CsvColumnLayout.SeparatorName(separator)}."
        : string.Empty;

    // A row that a quoted cell's line breaks ran on over several lines, where a quote that was no cell's opening one
    // would have joined them.
    private static string? SpannedLinesHint(int firstLine, int lastLine) =>
        lastLine > firstLine
            ? $" The row runs on to line {lastLine}, as a quoted cell holds the line breaks up to there; if no cell should hold one, a quote on line {firstLine} or below lacks its closing quote."
            : null;

    // One cell more, the last one empty after a separator ending the line: a writer that ends every row with the separator.
    private static string? TrailingSeparatorHint(CsvColumnLayout layout, string line, List<CsvCell> rowCells, char separator) =>
        rowCells.Count == layout.ColumnCount + 1 && rowCells[^1].In(line).IsWhiteSpace() && EndsWithSeparator(line, separator)
            ? $" The line ends with '{separator}', which adds an empty last cell; remove the trailing separator."
            : null;

    // Whether the line's last character other than trailing whitespace is the separator (itself whitespace, perhaps).
    private static bool EndsWithSeparator(string line, char separator)
    {
        ReadOnlySpan<char> rest = line;
        while (rest.Length > 0 && rest[^1] != separator && char.IsWhiteSpace(rest[^1]))
        {
            rest = rest[..^1];
        }

        return rest.EndsWith(separator);
    }

    // Whether the row's cells are the header's names, as the header of each file joined after the first is, where files
    // that each start with one were concatenated: read as data, it would be a category or a class named after its column,
    // or a cell that is no number. Every cell must match, since a data row may share a name or two with the header (a
    // category named as its column); and the header must name something, since a first row of numbers taken for the
    // header may well recur as data. The first cell may start with the byte order mark of a file joined after the first,
    // which the decoder takes off only at the start of the text.
    private static bool RepeatsHeader(List<string> header, string line, List<CsvCell> cells)
    {
        for (int c = 0; c < cells.Count; c++)
        {
            ReadOnlySpan<char> cell = cells[c].In(line);
            if (!(c == 0 ? cell.TrimStart('\uFEFF') : cell).Trim().SequenceEqual(header[c]))
            {
                return false;
            }
        }

        return header.Any(name => IsName(name));
    }

    // Read as a feature, the row index a DataFrame writes by default would teach the model the rows' order, or after a
    // shuffle or a split, numbers that mean nothing. evidence says what the column's cells showed.
    private static VaeDataException RowIndexError(string name, string source, string evidence) =>
        new(
            $"{source}, column 1 (index 0): the column has no name in the header (or pandas' \"{PandasIndexName}\") and {evidence}, "
            + "as the row index pandas writes (DataFrame.to_csv without index=False) does; it is no feature. "
            + $"Leave it out of the features {(name == PandasIndexName ? "by its name in ExcludedColumnNames" : "with the empty name in ExcludedColumnNames")}, "
            + "choose the other columns with FeatureColumnNames or FeatureColumnIndices, or write the file without the index.",
            source,
            column: 0);

    // decodedByCaller when the text comes from a caller's reader rather than this reader's own decoding, so that it may
    // hold the U+FFFD a decoder makes of bytes that are not text in its encoding (RequireNoReplacement).
    private static CsvReading ReadCore(TextReader reader, CsvDatasetOptions options, string source, bool decodedByCaller, CancellationToken cancellationToken)
    {
        var cells = new List<CsvCell>();
        List<string>? header = null;
        int headerLine = 0;
        CsvColumnLayout? layout = null;
        CsvCategoricalColumns? categorical = null;
        CsvOneHotColumns? oneHot = null;
        RowBlocks? features = null;
        CsvThousandsGrouping? grouping = null;
        CsvLabels? labels = null;
        List<string>? ids = null;
        CsvRowIndexColumn? rowIndex = null;
        var rowLines = new CsvRowLines();
        int row = 0;
        int firstBlankLine = 0;

        string emptyCellHint = EmptyCellHint(options.Separator);
        var lines = new CsvLineReader(reader, source);

        // Lines, not rows: a quote in a title above the table opens no cell that would run on into the table.
        lines.Skip(options.SkipLines);

        while (row != options.MaxRows && lines.ReadRow(options.Separator) is { } line)
        {
            // Checked every row, which costs next to nothing beside splitting and parsing it: a file of millions of rows
            // takes seconds to read, which a caller stopping it should not have to wait out.
            cancellationToken.ThrowIfCancellationRequested();
            int lineNumber = lines.StartLineNumber;
            // Whitespace alone is a blank line, unless it holds a whitespace separator: "\t" is a TSV row of empty cells.
            if (string.IsNullOrWhiteSpace(line) && !line.Contains(options.Separator))
            {
                firstBlankLine = firstBlankLine == 0 ? lineNumber : firstBlankLine;
                continue;
            }

            if (firstBlankLine != 0)
            {
                throw new VaeDataException(
                    $"{source}, line {firstBlankLine}: the line is blank but more data follows on line {lineNumber}; "
                    + (lines.HasDoubledCarriageReturns
                        ? "the lines end in \"\\r\\r\\n\", as in a file converted to Windows line endings twice, so each line break reads as two; convert them back to \"\\r\\n\" or \"\\n\"."
                        : header is null && layout is null
                        ? $"remove the blank lines above the {(options.HasHeader ? "header" : "first row")}, or pass over them with SkipLines = {lineNumber - 1}."
                        : "remove blank lines from the middle of the file."),
                    source,
                    row: header is null && layout is null ? null : row);
            }

            int unclosed = CsvLineSplitter.Split(line, options.Separator, cells);
            if (unclosed >= 0)
            {
                throw new VaeDataException(
                    $"{source}, line {lineNumber}, {CsvColumnLayout.Describe(unclosed, header)}: the quote opened on line {lines.UnclosedQuoteLineNumber} is never closed, so its cell runs on to the end of the file; close it where the cell ends.",
                    source,
                    row: options.HasHeader && header is null ? null : row,
                    column: unclosed);
            }

            if (options.HasHeader && header is null)
            {
                headerLine = lineNumber;
                header = cells.Select(cell => cell.Text(line).Trim()).ToList();
                for (int c = 0; c < header.Count; c++)
                {
                    // Described by index: the name itself, with its NUL characters, would name the column no better.
                    RequireNoNul(header[c], source, lineNumber, row: null, c, header: null);
                    if (decodedByCaller)
                    {
                        RequireNoReplacement(header[c], "name", source, lineNumber, row: null, c, header: null);
                    }
                }

                continue;
            }

            // The header's columns are resolved once the first row is split: the cells it has more than the header tell
            // a title or a note above the data from a header that lacks a column the options name.
            if (layout is null)
            {
                (layout, categorical, oneHot) = header is null
                    ? ResolveColumns(options, null, cells.Select(cell => cell.Text(line)).ToList(), lineNumber, titleAbove: false, source)
                    : ResolveColumns(options, header, header, headerLine, TitleAbove(header.Count, line, cells), source);

                // ';' separates the cells of files whose locale writes decimal commas, and may group thousands by '.'.
                grouping = options.Separator == ';' ? new CsvThousandsGrouping(layout.FeatureColumns.Length) : null;
                rowIndex = options.FeatureColumnNames is null && options.FeatureColumnIndices is null && header is [var firstName, ..]
                    && (string.IsNullOrWhiteSpace(firstName) || firstName == PandasIndexName) && layout.FeatureColumns[0] == 0 && categorical?.Holds(0) != true
                    ? new CsvRowIndexColumn()
                    : null;
            }

            if (cells.Count != layout.ColumnCount)
            {
                throw new VaeDataException(
                    $"{source}, line {lineNumber}: expected {Counted.Of(layout.ColumnCount, "column")}, as in the {(header is null ? "first row" : "header")}, but got {cells.Count}; every line needs the same number of '{options.Separator}'-separated cells.{SpannedLinesHint(lineNumber, lines.LineNumber) ?? DoubledSeparatorHint(layout, line, cells, options.Separator) ?? TrailingSeparatorHint(layout, line, cells, options.Separator) ?? HeaderHint(layout, header, headerLine, row, line, cells, options.Separator)}",
                    source,
                    row,
                    Math.Min(cells.Count, layout.ColumnCount));
            }

            if (header is not null && RepeatsHeader(header, line, cells))
            {
                throw new VaeDataException(
                    $"{source}, line {lineNumber}: the line repeats the header line (line {headerLine}); were files with headers concatenated? Remove the repeated header lines, "
                    + "or join the files keeping the first one's header alone (awk 'FNR > 1 || NR == 1' part-*.csv > all.csv). If the line is a row of data, "
                    + "rename a column, so that the header no longer reads as one.",
                    source,
                    row);
            }

            if (decodedByCaller && line.Contains('\uFFFD', StringComparison.Ordinal))
            {
                RequireNoReplacementInTexts(layout, line, cells, source, lineNumber, row, header);
            }

            // The values kept count, not the features: a categorical cell is kept as one code, and its row expands into
            // the column's one-hot features only as it is copied out.
            features ??= new RowBlocks(layout.FeatureColumns.Length);
            if (features.Count + layout.FeatureColumns.Length > Array.MaxLength)
            {
                throw new VaeDataException(
                    $"{source}, line {lineNumber}: the rows up to this one hold more feature cells than a dataset keeps ({Array.MaxLength}, as many values as one array holds, a categorical cell one value too); "
                    + $"read at most {row} rows (MaxRows), or fewer feature columns.",
                    source,
                    row);
            }

            // A separator ending every line makes an unnamed last column of empty cells, which is no missing data; the first
            // row tells, as a later one's empty last cell under a first row's value is a missing value.
            int last = layout.ColumnCount - 1;
            if (row == 0 && last > 0 && cells[last].In(line).IsWhiteSpace() && EndsWithSeparator(line, options.Separator) && layout.FeatureColumns.Contains(last)
                && (header is null || string.IsNullOrWhiteSpace(header[last])))
            {
                throw CellError(
                    $"the line ends with '{options.Separator}', which leaves its last cell empty; if every line does, the file has no column there: "
                    + "choose the other columns with FeatureColumnNames or FeatureColumnIndices, or remove the trailing separator; otherwise impute or drop missing values first.",
                    source, lineNumber, row, last, header);
            }

            for (int f = 0; f < layout.FeatureColumns.Length; f++)
            {
                int column = layout.FeatureColumns[f];
                ReadOnlySpan<char> cell = cells[column].In(line);
                float value;
                if (categorical?.Holds(f) == true)
                {
                    value = ParseCategory(categorical, f, cell, options.UnknownCategoriesAsNone, emptyCellHint, source, lineNumber, row, column, header);
                }
                else
                {
                    value = ParseFeature(cell, emptyCellHint, source, lineNumber, row, column, header)
                        ?? throw TextCellError(options, layout, line, cells, source, lineNumber, row, column, header);
                    grouping?.Observe(f, cell);
                }

                if (oneHot?.ProblemOf(f, value) is { } notOneHot)
                {
                    throw CellError(notOneHot, source, lineNumber, row, column, header);
                }

                features.Add(value);
                if (f == 0 && rowIndex?.Settled(value) == true)
                {
                    throw RowIndexError(header![0], source, $"counts its first {CsvRowIndexColumn.RowsInOrderThatSettleIt} rows in order, from 0 or 1");
                }
            }

            if (layout.LabelColumn is { } labelColumn)
            {
                AddLabel(labels ??= new CsvLabels(options.LabelNames), cells[labelColumn].In(line), emptyCellHint, source, lineNumber, row, labelColumn, header);
            }

            if (layout.IdColumn is { } idColumn)
            {
                (ids ??= []).Add(cells[idColumn].Text(line));
            }

            rowLines.Add(row, lineNumber);
            row++;
        }

        if (header is not null && layout is null)
        {
            // No row below: a column the options name that the header lacks is still told before the missing rows are.
            _ = ResolveColumns(options, header, header, headerLine, titleAbove: false, source);
        }

        if (row == 0)
        {
            // The lines there are, not the lines asked to be skipped: a file may have fewer.
            int fileLines = lines.LineNumber;
            string nothing = fileLines == 0 || options.SkipLines == 0 ? "is empty"
                : fileLines <= options.SkipLines ? $"has {Counted.Of(fileLines, "line")}, {(fileLines == 1 ? "which is" : "all of them")} passed over with SkipLines = {options.SkipLines}"
                : $"holds nothing but blank lines after the {Counted.Of(options.SkipLines, "line")} skipped (SkipLines)";
            throw new VaeDataException(
                header is null
                    ? $"{source} {nothing}; it must hold {(options.HasHeader ? "a header line and " : string.Empty)}at least one row of numbers."
                    : $"{source} has a header but no data rows; add at least one row of numbers below the header.{CsvColumnLayout.HeaderlessAdvice(header)}",
                source);
        }

        float[][] values = features!.Blocks();
        int featureCount = layout!.FeatureColumns.Length;
        if (rowIndex?.NumbersEveryRow == true)
        {
            throw RowIndexError(header![0], source, "holds a different whole number in every row");
        }

        int[] featureColumns = layout.FeatureColumns;
        VaeCategoricalFeature[] readFromText = [];
        OneHotExpansion? expansion = null;
        if (categorical is not null)
        {
            (expansion, featureColumns, readFromText) = categorical.Expansion(layout.FeatureColumns, source, source);
            featureCount = expansion.FeatureCount;
        }

        // Columns of text categories expand before the one-hot columns' places, which are those of the features they give.
        VaeCategoricalFeature[]? categoricalFeatures = readFromText.Concat(layout.OneHotColumns.Select(range => range.Categories)).OrderBy(feature => feature.FirstFeature).ToArray() is
            { Length: > 0 } ordered
            ? ordered
            : null;

        string[]? featureNames = header is null ? null : NamesOf(featureColumns, header, categoricalFeatures);
        string? whyUnnamed = featureNames is null ? null : FeatureNaming.RuleBroken(featureNames);
        ArrayDataset dataset;
        try
        {
            (int[] Labels, string[]? Names)? read = labels?.Complete();
            dataset = new ArrayDataset(values, featureCount, read?.Labels, whyUnnamed is null ? featureNames : null, categoricalFeatures: categoricalFeatures, labelNames: read?.Names is { } names ? Array.AsReadOnly(names) : null, expansion: expansion);
        }
        catch (ArgumentException e) when (e.ParamName == "categoricalFeatures")
        {
            // Only their size can break the rules here: the reading made the columns in order, each with distinct categories.
            throw new VaeDataException($"{source}: {ArgumentMessages.Describe(e)}", source, innerException: e);
        }

        return new CsvReading(
            dataset,
            new CsvColumnDescriptions(featureColumns, header),
            header is not null && CsvColumnLayout.LooksLikeData(header),
            whyUnnamed,
            grouping?.Warning(feature => CsvColumnLayout.Describe(layout.FeatureColumns[feature], header)),
            ids,
            rowLines);
    }

    // The columns the options choose, learned from the header or, without one, from the first row (line); titleAbove
    // when the row below the header suggests it is a title or a note above the data rather than the header.
    private static (CsvColumnLayout Layout, CsvCategoricalColumns? Categorical, CsvOneHotColumns? OneHot) ResolveColumns(
        CsvDatasetOptions options, List<string>? header, IReadOnlyList<string> line, int lineNumber, bool titleAbove, string source)
    {
        string where = $"{source}, line {lineNumber} ({(header is null ? "first row" : "header")})";
        CsvColumnLayout layout = CsvColumnLayout.Resolve(options, header, line, lineNumber, titleAbove, where, source);
        return (layout, CsvCategoricalColumns.For(layout, layout.TextCategories, header, where, source), CsvOneHotColumns.For(layout, header));
    }

    // Each feature's name: its column's, or column=category for the features of a column of text categories.
    private static string[] NamesOf(int[] featureColumns, List<string> header, VaeCategoricalFeature[]? categoricalFeatures)
    {
        string[] names = featureColumns.Select(column => header[column]).ToArray();
        foreach (VaeCategoricalFeature feature in categoricalFeatures ?? [])
        {
            for (int category = 0; category < feature.Categories.Count; category++)
            {
                names[feature.FirstFeature + category] = feature.FeatureName(category) ?? names[feature.FirstFeature + category];
            }
        }

        return names;
    }

    private static float ParseCategory(
        CsvCategoricalColumns categorical, int feature, ReadOnlySpan<char> cell, bool unknownAsNone, string emptyCellHint, string source, int lineNumber, int row, int column, List<string>? header)
    {
        if (cell.IsWhiteSpace())
        {
            throw CellError(
                $"the cell is empty; a categorical column needs a category in every row (give missing values a category of their own, such as \"?\", first).{emptyCellHint}",
                source, lineNumber, row, column, header);
        }

        RequireNoNul(cell, source, lineNumber, row, column, header);
        if (LoneSurrogates.IndexIn(cell) is var half and >= 0)
        {
            // A file's bytes are decoded strictly, so only text handed over already broken, as by a reader over a string
            // cut in the middle of a character, gets here; the category would otherwise fail only once the file is read.
            throw CellError(
                $"character {half + 1} of the cell is half a surrogate pair, which a model's UTF-8 manifest cannot hold in a category; pass the text whole, not cut in the middle of a character.",
                source, lineNumber, row, column, header);
        }

        int code = categorical.CodeOf(feature, cell);
        if (code == CsvCategoricalColumns.UnknownCode && !unknownAsNone)
        {
            IReadOnlyList<string> known = categorical.KnownCategories(feature);

            // A number among categories that are all text is rather a numeric column where the categorical one belongs,
            // which reading it as none of them would hide.
            if (IsNumber(cell.Trim()) && !known.Any(category => IsNumber(category.AsSpan().Trim())))
            {
                throw CellError(
                    $"the cell \"{ShortList.Cut(cell.Trim().ToString())}\" is a number, but the column is read with categories that are all text ({nameof(CsvDatasetOptions.Categories)}): "
                    + $"{FeatureNaming.Quoted(known)}; the columns are most likely not those the categories were read from, so choose the feature columns they were read with, in the same order.",
                    source, lineNumber, row, column, header);
            }

            throw CellError(
                $"the category \"{ShortList.Cut(cell.Trim().ToString())}\" is not among those the column is read with ({nameof(CsvDatasetOptions.Categories)}): "
                + $"{FeatureNaming.Quoted(known)}; a model takes only the categories it was trained on, so map it to one of these, leave the row out, "
                + $"or read it as none of them ({nameof(CsvDatasetOptions.UnknownCategoriesAsNone)}).{AccentForms.Hint([cell.Trim().ToString()], known, "the column's categories")}",
                source, lineNumber, row, column, header);
        }

        return code;
    }

    // Advice for a cell of the first row, read without a header, that is not a number: the row may be no row, but a
    // title or a note above the data, which is one cell, or the header the file has after all, no cell of which is a number.
    private static string FirstRowHint(CsvColumnLayout layout, string line, List<CsvCell> rowCells, int lineNumber) =>
        layout.ColumnCount == 1 ? CsvColumnLayout.TitleHint("first row", lineNumber)
        : rowCells.Any(cell => IsNumber(cell.In(line))) ? string.Empty
        : $" Line {lineNumber} looks like a header, no cell of it being a number: if it names the columns, set {nameof(CsvDatasetOptions.HasHeader)} to true.";

    // The cell's number; null for text, which may be a column of categories and is told with the whole row (TextCellError).
    private static float? ParseFeature(ReadOnlySpan<char> cell, string emptyCellHint, string source, int lineNumber, int row, int column, List<string>? header)
    {
        if (cell.IsWhiteSpace())
        {
            throw CellError($"the cell is empty; every feature must be a number (impute or drop missing values first).{emptyCellHint}", source, lineNumber, row, column, header);
        }

        RequireNoNul(cell, source, lineNumber, row, column, header);
        if (!TryParseNumber(cell, out float value))
        {
            return NotANumberProblem(cell, row) is { } problem ? throw CellError(problem, source, lineNumber, row, column, header) : null;
        }

        if (!float.IsFinite(value))
        {
            // float.TryParse reads a number beyond float32's range, such as 1e39, as an infinity.
            throw CellError(
                $"the cell \"{ShortList.Cut(cell.ToString())}\" is{(IsWrittenWithDigits(cell) ? FloatOverflow.Problem : FiniteValues.NotFinite)}",
                source, lineNumber, row, column, header);
        }

        if (value == 0 && !IsWrittenAsZero(cell))
        {
            throw CellError($"the cell \"{ShortList.Cut(cell.ToString())}\" is{FloatUnderflow.Problem}", source, lineNumber, row, column, header);
        }

        return value;
    }

    // Whether the cell is a number, finite or not (value), as a feature is read: float.TryParse reads past a line break
    // around a number as it does past a space, but a quoted cell holding one is text.
    private static bool TryParseNumber(ReadOnlySpan<char> cell, out float value) =>
        TryParseShortInteger(cell, out value)
        || (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && cell.IndexOfAny('\r', '\n') < 0);

    // What is wrong with a cell that is no number (TryParseNumber) of the given row, where it is other than text: a
    // missing-value marker, a number but for a hidden character, an infinity. Null for text, the one problem the advice
    // to read the column as categories fits.
    private static string? NotANumberProblem(ReadOnlySpan<char> cell, int row)
    {
        // Every earlier row's cell of the column was read as a number, so such a marker leaves a value out rather than
        // starting a text column, and the advice to read it as categories would mislead.
        if (row > 0 && MissingValueMarkers.Holds(cell))
        {
            return $"the cell \"{ShortList.Cut(cell.ToString())}\" looks like a missing value, the column's cells above it being numbers; every feature must be a number (impute or drop missing values first).";
        }

        // Spaces around a number are read past, but only ' ' and the ASCII controls among them: a cell whose other
        // characters make a number is told the one in its way, which the quoted cell shows only as an escape. A tab or
        // another ASCII control in the cell is rather a separator or damage, which joining its parts would hide.
        if (InvisibleCharacters.IndexIn(cell) is var hidden and >= 0 && cell.IndexOfAnyInRange('\0', '\u001F') < 0
            && float.TryParse(InvisibleCharacters.Without(cell), NumberStyles.Float, CultureInfo.InvariantCulture, out float withoutIt) && float.IsFinite(withoutIt))
        {
            return $"the cell \"{ShortList.Cut(cell.ToString())}\" is not a number only because it holds {InvisibleCharacters.Describe(cell, hidden)}: "
                + "a number may have ordinary spaces around it, but no such character (as spreadsheet programs of some cultures write to group digits or after a number); remove it from the file's numbers.";
        }

        // numpy's savetxt and pandas' to_csv write an infinity as "inf", which float.TryParse does not read as it does "Infinity".
        return cell.Trim().TrimStart("+-").Equals("inf", StringComparison.OrdinalIgnoreCase) ? $"the cell \"{ShortList.Cut(cell.ToString())}\" is{FiniteValues.NotFinite}" : null;
    }

    // Whether a first row's feature cell reads as a category: text, for which ParseFeature gives no number and tells no
    // other problem, and neither a missing-value marker, a number written with its digits grouped, a decimal comma, a
    // currency or a percent sign (NumberWrittenOtherwise), nor cells a wrong separator left joined (JoinedCells). A
    // column of those is one of numbers, or no column, and read as categories it would make a category of each number.
    private static bool IsCategory(ReadOnlySpan<char> cell, char separator, List<string>? header) =>
        IsText(cell) && NotANumberProblem(cell, row: 0) is null
        && !MissingValueMarkers.Holds(cell) && !NumberWrittenOtherwise.Is(cell) && !JoinedCells(cell, separator, header);

    // Whether a cell holds text: something, no NUL, and no number as a feature is read.
    private static bool IsText(ReadOnlySpan<char> cell) => !cell.IsWhiteSpace() && !cell.Contains('\0') && !TryParseNumber(cell, out _);

    // Whether another usual separator splits the cell into parts among which a number is: cells a wrong separator left
    // joined, as "5;red;2" of "1,5;red;2,25" read with ','. Parts of text alone are a category's own punctuation, as in
    // "Washington, DC" or "Action|Comedy".
    private static bool JoinedCells(ReadOnlySpan<char> cell, char separator, List<string>? header) =>
        CsvColumnLayout.OtherSeparator(cell.ToString(), separator, header) is char other
        && cell.ToString().Split(other).Any(part => TryParseNumber(part.Trim(), out _));

    // The refusal of a feature cell of text, with advice for its column, and in the first row the columns to read as
    // categories (CategoricalColumnsOf). A one-column file's cell may be a line a wrong separator left whole, and a
    // headerless file's first row may be a title or a header (FirstRowHint); only this error needs the whole row.
    private static VaeDataException TextCellError(
        CsvDatasetOptions options, CsvColumnLayout layout, string line, List<CsvCell> cells, string source, int lineNumber, int row, int column, List<string>? header)
    {
        string cell = cells[column].In(line).ToString();
        string separatorHint = layout.ColumnCount == 1 ? CsvColumnLayout.SeparatorHint(cell, options.Separator, "cell", header) : string.Empty;
        string firstRowHint = header is null && row == 0 ? FirstRowHint(layout, line, cells, lineNumber) : string.Empty;

        // Without a header columns are chosen by index only. Each advice is written out whole, so that the command
        // line's check of the phrases it rewords finds it in this source.
        string textColumnAdvice = header is null
            ? $", and leave text columns out of the features ({nameof(CsvDatasetOptions.ExcludedColumnIndices)}) or read them as categories ({nameof(CsvDatasetOptions.CategoricalColumnIndices)})"
            : $", and leave text columns out of the features ({nameof(CsvDatasetOptions.ExcludedColumnNames)}) or read them as categories ({nameof(CsvDatasetOptions.CategoricalColumnNames)})";

        // A hint that the line is no row, or holds no columns, is the likelier way out than reading its cells as categories.
        CategoricalColumnsAdvice? categorical = separatorHint.Length == 0 && firstRowHint.Length == 0 ? CategoricalColumnsOf(options, layout, line, cells, row, column, header) : null;
        return new VaeDataException(
            CellMessage(
                $"the cell \"{ShortList.Cut(cell)}\" is not a number; write numbers culture-invariantly, like 1.5 or -2e-3{textColumnAdvice}.{separatorHint}{firstRowHint}{categorical?.Sentence}",
                source, lineNumber, column, header),
            source,
            row,
            column)
        {
            CategoricalColumnsToRead = categorical?.Categorical?.Columns,
            CategoricalColumnsSetting = categorical?.Categorical?.Setting,
            ExcludedColumnsToSet = categorical?.Excluded?.Columns,
            ExcludedColumnsSetting = categorical?.Excluded?.Setting,
        };
    }

    // The most characters a setting of columns may take: a message quotes no more of a file than it needs to be
    // recognized by (ShortList), but a setting is pasted, so one longer is left out rather than cut.
    private const int ColumnsSettingLength = 1000;

    // What a cell that IsCategory turns down is, told where the advice leaves such cells out (LeftOut).
    private const string NoCategoryKinds = "a missing value, a number written otherwise or cells left joined";

    // The advice that lists the columns to read as categories, a sentence holding the setting of them, and that of the
    // columns named like identifiers to leave out: a caller in other terms than the library's puts its own in each
    // setting's place. Categorical is null where the row's text is in columns named like identifiers alone, Excluded
    // where it is in none, and either where no setting can choose the columns (SettingOf).
    private sealed record CategoricalColumnsAdvice(string Sentence, ColumnsSetting? Categorical, ColumnsSetting? Excluded);

    // A setting with its value, as a message writes it (CategoricalColumnIndices = [1, 3]), and the columns that value
    // names: names, or indices as digits.
    private sealed record ColumnsSetting(string Setting, IReadOnlyList<string> Columns);

    // The feature columns to read as categories for the row's text to be read, those read so already among them, in
    // feature order: the whole value to set, since setting it replaces the one given. Null below the first row, whose
    // columns all held numbers in the rows above, so that text there is rather a stray or missing value than a column of
    // categories, which would make a category of each number. Null too where categories were given (Categories) or a
    // number of feature columns asked for, as a model's are, which more categorical columns would not fit; and where no
    // setting can choose the columns (SettingOf). Only cells that read as a category count (IsCategory), and none is
    // listed unless the refused one, in column textColumn, does; a column named like an identifier
    // (IdentifierColumnNames) is told to be left out instead.
    private static CategoricalColumnsAdvice? CategoricalColumnsOf(
        CsvDatasetOptions options, CsvColumnLayout layout, string line, List<CsvCell> cells, int row, int textColumn, List<string>? header)
    {
        if (row > 0 || options.Categories is not null || options.FeatureColumnCount is not null || !IsCategory(cells[textColumn].In(line), options.Separator, header))
        {
            return null;
        }

        int[] identifiers = header is null
            ? []
            : [.. layout.FeatureColumns.Where(column => !layout.CategoricalColumns.Contains(column)
                && IdentifierColumnNames.Holds(header[column]) && IsCategory(cells[column].In(line), options.Separator, header))];
        (string identifiersLeftOut, ColumnsSetting? exclusion) = IdentifiersLeftOut(options, identifiers, header);
        string[] leftOut = LeftOut(options, layout, line, cells, header);
        int[] columns = layout.FeatureColumns.Where(column => layout.CategoricalColumns.Contains(column)
            || (!identifiers.Contains(column) && IsCategory(cells[column].In(line), options.Separator, header))).ToArray();
        int given = layout.CategoricalColumns.Length;
        int found = columns.Length - given;
        if (found == 0)
        {
            // The refused cell is an identifier, and no other column's text is a category's: the cells that are no
            // categories either are what leaving it out leaves to refuse.
            string remaining = leftOut.Length == 0 ? string.Empty : $" That leaves {CellsListed(leftOut)}, no categories either: {NoCategoryKinds}.";
            return new CategoricalColumnsAdvice($"{identifiersLeftOut}{remaining}", null, exclusion);
        }

        bool named = header is not null && options.CategoricalColumnIndices is null;
        ColumnsSetting? categorical = named
            ? SettingOf(nameof(CsvDatasetOptions.CategoricalColumnNames), [.. columns.Select(column => header![column])], header)
            : SettingOf(nameof(CsvDatasetOptions.CategoricalColumnIndices), [.. columns.Select(column => column.ToString(CultureInfo.InvariantCulture))], header: null);
        if (categorical is null)
        {
            return null;
        }

        // The row's text is in the cell's column at least, which "this one" names where it is alone, unless that column
        // holds identifiers: the columns found are then others.
        bool refusedIdentifier = identifiers.Contains(textColumn);
        bool alone = found == 1 && !refusedIdentifier;
        string categoricalOnes = given == 1 ? "categorical one" : "categorical ones";
        string featureColumns = !refusedIdentifier ? Counted.Of(found, "feature column")
            : found == 1 ? "another feature column"
            : Counted.Of(found, "other feature column");
        // What the categorical columns hold is not said, as it may be numbers.
        string holds = alone ? (given == 0 ? "no other feature column" : $"no other feature column, the {categoricalOnes} aside")
            : given == 0 ? featureColumns
            : $"{featureColumns} besides the {categoricalOnes}";
        string read = alone ? "this one" : found == 1 ? "it" : given == 0 ? "them all" : "them";
        string too = given == 0 ? string.Empty : $" too, listing the {categoricalOnes} with {(found == 1 ? "it" : "them")}";

        // Beside text that is no category, the text counted is that of categories.
        string text = leftOut.Length == 0 && identifiers.Length == 0 ? "text" : "text of categories";
        string leavesOut = leftOut.Length == 0 ? string.Empty : $" It leaves out {CellsListed(leftOut)}, as no categories: {NoCategoryKinds}.";
        return new CategoricalColumnsAdvice(
            $" The line holds {text} in {holds}: {categorical.Setting} reads {read} as categories{too}.{leavesOut}{identifiersLeftOut}", categorical, exclusion);
    }

    // The setting of option to columns, names written as C# string literals and indices as digits (header null), or
    // null where a name would not choose its column: one the header leaves blank or repeats, or holding a character
    // that a message shows escaped, which a setting pasted from it would not match; and where the setting would be
    // longer than ColumnsSettingLength.
    private static ColumnsSetting? SettingOf(string option, string[] columns, List<string>? header)
    {
        if (header is null)
        {
            string indices = $"{option} = [{string.Join(", ", columns)}]";
            return indices.Length > ColumnsSettingLength ? null : new ColumnsSetting(indices, columns);
        }

        Dictionary<string, int> named = header.CountBy(name => name, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        if (columns.Any(name => string.IsNullOrWhiteSpace(name) || named.GetValueOrDefault(name) != 1 || InvisibleCharacters.IndexIn(name) >= 0))
        {
            return null;
        }

        // As C# string literals: the names hold no control character, each being an invisible one, so a backslash and a
        // quote are all there is to escape.
        string literals = string.Join(", ", columns.Select(name => $"\"{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""));
        string setting = $"{option} = [{literals}]";
        return setting.Length > ColumnsSettingLength ? null : new ColumnsSetting(setting, columns);
    }

    // The sentence telling the row's text columns named like identifiers (IdentifierColumnNames), which the columns to
    // set leave out, to be left out of the features: read as categories, each row's would be a category of its own.
    // Empty without any. Its setting lists the columns already excluded too, as given, since setting it replaces the
    // one given; it is null where no setting can choose the columns (SettingOf).
    private static (string Sentence, ColumnsSetting? Setting) IdentifiersLeftOut(CsvDatasetOptions options, int[] identifiers, List<string>? header)
    {
        if (identifiers.Length == 0)
        {
            return (string.Empty, null);
        }

        ColumnsSetting? setting = options.ExcludedColumnIndices is { } indices
            ? SettingOf(nameof(CsvDatasetOptions.ExcludedColumnIndices), [.. indices.Concat(identifiers).Select(column => column.ToString(CultureInfo.InvariantCulture))], header: null)
            : SettingOf(nameof(CsvDatasetOptions.ExcludedColumnNames), [.. (options.ExcludedColumnNames ?? []).Concat(identifiers.Select(column => header![column]))], header);
        string columns = ShortList.Listed([.. identifiers.Select(column => CsvColumnLayout.Describe(column, header))]);
        (string names, string hold, string them) = identifiers.Length == 1 ? ("its name", "holds", "it") : ("their names", "hold", "them");
        return ($" By {names}, {columns} {hold} identifiers, no categories: read as categories, each would add a feature no other row shares; "
            + $"leave {them} out of the features ({setting?.Setting ?? nameof(CsvDatasetOptions.ExcludedColumnNames)}).", setting);
    }

    // The row's cells of text that are no categories (IsCategory), which the columns to set leave out, each with its
    // column: each is refused in the run that follows, and told now, it can be cleaned in the same go.
    private static string[] LeftOut(CsvDatasetOptions options, CsvColumnLayout layout, string line, List<CsvCell> cells, List<string>? header) =>
    [
        .. layout.FeatureColumns
            .Where(column => !layout.CategoricalColumns.Contains(column) && IsTextOfNoCategory(cells[column].In(line), options.Separator, header))
            .Select(column => $"\"{ShortList.Cut(cells[column].In(line).ToString())}\" in {CsvColumnLayout.Describe(column, header)}"),
    ];

    // A row of many cells left out is told by its first few, as other lists a message takes from a file are (ShortList.Of).
    private static string CellsListed(string[] leftOut) => leftOut.Length > ShortList.ItemsShown ? ShortList.Of(leftOut) : ShortList.Listed(leftOut);

    // Whether a cell is text that IsCategory turns down: a missing-value marker, a number written otherwise, cells left joined.
    private static bool IsTextOfNoCategory(ReadOnlySpan<char> cell, char separator, List<string>? header) =>
        IsText(cell) && !IsCategory(cell, separator, header);

    // Whether the cell, past its sign, starts with a digit or a decimal point, as a number does, unlike "Infinity" or "NaN".
    private static bool IsWrittenWithDigits(ReadOnlySpan<char> cell) => cell.Trim().TrimStart("+-") is [>= '0' and <= '9' or '.', ..];

    // Whether the cell's digits are all zeros, as in "0", "-0.0" and "0e5": float.TryParse reads a number nearer 0 than
    // about 7e-46 as 0 too.
    private static bool IsWrittenAsZero(ReadOnlySpan<char> cell)
    {
        ReadOnlySpan<char> text = cell.Trim();
        int e = text.IndexOfAny('e', 'E');
        return (e >= 0 ? text[..e] : text).IndexOfAnyExcept("+-.0") < 0;
    }

    /// <summary>
    /// Reads a cell of at most nine digits, optionally signed, as <see cref="float.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out float)"/>
    /// would, several times as fast: the integer is exact, and converting it to float rounds as parsing does. Pixel and
    /// count columns are all such cells; anything else is left to the general parser.
    /// </summary>
    private static bool TryParseShortInteger(ReadOnlySpan<char> cell, out float value)
    {
        bool negative = cell is ['-', ..];
        ReadOnlySpan<char> digits = negative ? cell[1..] : cell;
        value = 0f;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        int magnitude = 0;
        foreach (char digit in digits)
        {
            if (!char.IsAsciiDigit(digit))
            {
                return false;
            }

            magnitude = (magnitude * 10) + (digit - '0');
        }

        // "-0" parses as negative zero.
        value = negative ? -(float)magnitude : magnitude;
        return true;
    }

    private static void AddLabel(CsvLabels labels, ReadOnlySpan<char> cell, string emptyCellHint, string source, int lineNumber, int row, int column, List<string>? header)
    {
        if (cell.IsWhiteSpace())
        {
            throw CellError($"the label cell is empty; every row needs a label, a class id or name (drop unlabelled rows first).{emptyCellHint}", source, lineNumber, row, column, header);
        }

        RequireNoNul(cell, source, lineNumber, row, column, header);
        ReadOnlySpan<char> text = cell.Trim();
        int? id = ClassIdOf(text, out bool number);

        // A name is kept as a string once, not once a row; a number's or a marker's text only while it may become the error.
        string? numberText = id is null && number ? text.ToString() : null;
        string? markerText = id is null && !number && MissingValueMarkers.Holds(text) ? text.ToString() : null;
        bool known = id is { } classId
            ? labels.Add(classId, text)
            : labels.Add(
                text,
                numberText is null ? null : () => NumberAsLabelError(numberText, source, lineNumber, row, column, header),
                markerText is null ? null : () => MissingLabelError(markerText, source, lineNumber, row, column, header));
        if (!known)
        {
            throw CellError(
                $"the label \"{ShortList.Cut(text.ToString())}\" is not among the class names given ({nameof(CsvDatasetOptions.LabelNames)}), {FeatureNaming.Quoted(labels.GivenNames!)}; "
                + $"give names that hold it, or leave them out to read the file's own.{AccentForms.Hint([text.ToString()], labels.GivenNames!, "the class names")}",
                source, lineNumber, row, column, header);
        }
    }

    /// <summary>The class id <paramref name="cell"/> writes when it is an integer within int's range, as <c>2</c>, <c>2.0</c> and <c>20e-1</c> are; otherwise null.</summary>
    internal static int? ClassIdOf(ReadOnlySpan<char> cell) => ClassIdOf(cell, out _);

    // As ClassIdOf, telling too whether the cell is a number at all.
    private static int? ClassIdOf(ReadOnlySpan<char> cell, out bool number)
    {
        if (int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label))
        {
            number = true;
            return label;
        }

        // Tools that write every column as floating point turn class 2 into "2.0"; that is still an integer id.
        return IsInteger(cell, out number, out double value) && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
    }

    // Whether the cell is a number (number, with its value) that is an integer as written, whatever its size: 2, 2.0 and 20e-1 are.
    private static bool IsInteger(ReadOnlySpan<char> cell, out bool number, out double value)
    {
        number = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        // "1e400" overflows to ∞ but is written as an integer, unlike "Infinity".
        bool integerValue = double.IsInteger(value) || (double.IsInfinity(value) && IsWrittenWithDigits(cell));
        return number && integerValue && IsWrittenAsInteger(cell);
    }

    // Numbers other than class ids are class names only among labels that are text: a column of them is rather a target to
    // predict, which a feature would leak into the latents and make every row the model reads need. Without a header columns
    // are left out by index only; each advice is written out whole, so that the command line's check of the phrases it
    // rewords finds it in this source.
    // A missing-value marker among labels that are numbers leaves the row's class out, as it leaves a feature out:
    // taken for a class, it would turn the class ids into names, the marker one of them, without a word.
    private static VaeDataException MissingLabelError(string text, string source, int lineNumber, int row, int column, List<string>? header) =>
        CellError(
            $"the label \"{ShortList.Cut(text)}\" looks like a missing value, the column's other labels being numbers; every row needs a label, a class id or name (drop unlabelled rows first; "
            + "if it names a class of its own, rename that class to a word no missing value is written as).",
            source, lineNumber, row, column, header);

    private static VaeDataException NumberAsLabelError(string text, string source, int lineNumber, int row, int column, List<string>? header)
    {
        string leaveOut = header is null
            ? $"leave it out of the features ({nameof(CsvDatasetOptions.ExcludedColumnIndices)}), as a target to predict must be, or map its values to class ids first"
            : $"leave it out of the features ({nameof(CsvDatasetOptions.ExcludedColumnNames)}), as a target to predict must be, or map its values to class ids first";
        return CellError(
            IsInteger(text, out _, out _)
                ? string.Create(CultureInfo.InvariantCulture, $"the label \"{ShortList.Cut(text)}\" is beyond the range of class ids, {int.MinValue} to {int.MaxValue}; map the labels to small integer ids (0, 1, 2, …) first.")
                : $"the label \"{ShortList.Cut(text)}\" is a number but not an integer; labels are classes, integer ids (0, 1, 2, …) or names, so a column of measurements is no label: "
                    + $"{leaveOut}. Reading it as a feature instead makes it an input of the model, which every file the model reads must then hold: do that only if it is meant as one.",
            source, lineNumber, row, column, header);
    }

    /// <summary>
    /// Whether a number that <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out double)"/>
    /// read is an integer as written: its last nonzero digit stands left of the decimal point once the exponent moves
    /// it. A double rounds "1e-400" to 0 and "0.99999999999999999" to 1, which are no class ids.
    /// </summary>
    private static bool IsWrittenAsInteger(ReadOnlySpan<char> cell)
    {
        ReadOnlySpan<char> text = cell.Trim();
        int exponent = 0;
        int e = text.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            // An exponent beyond int leaves a double of 0 or ∞, which is an integer only when written as a zero.
            if (!int.TryParse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return text[..e].IndexOfAnyExcept("+-.0") < 0;
            }

            text = text[..e];
        }

        text = text.TrimStart("+-");
        int point = text.IndexOf('.');
        ReadOnlySpan<char> whole = point < 0 ? text : text[..point];
        ReadOnlySpan<char> fraction = point < 0 ? default : text[(point + 1)..];
        int lastInFraction = fraction.LastIndexOfAnyExcept('0');
        int lastNonZero = lastInFraction >= 0 ? whole.Length + lastInFraction : whole.LastIndexOfAnyExcept('0');
        return lastNonZero < 0 || (long)lastNonZero < (long)whole.Length + exponent;
    }

    /// <summary>
    /// Refuses a cell holding NUL, which .NET's number parsing would skip at a number's end ("1\0" reads as 1), and
    /// which a UTF-16 file without a byte order mark, read as UTF-8, puts between every two characters.
    /// </summary>
    private static void RequireNoNul(ReadOnlySpan<char> cell, string source, int lineNumber, int? row, int column, List<string>? header)
    {
        if (cell.Contains('\0'))
        {
            throw CellError(
                "the cell holds NUL characters, as a UTF-16 file read as UTF-8 does; save the file as UTF-8 (a UTF-16 file is read as such only with its byte order mark).",
                source, lineNumber, row, column, header);
        }
    }

    /// <summary>
    /// Refuses U+FFFD in the cells read as text, categories, class names and ids, which <see cref="RequireNoReplacement"/>
    /// tells why; a feature cell that holds it is no number, and refused as such.
    /// </summary>
    private static void RequireNoReplacementInTexts(CsvColumnLayout layout, string line, List<CsvCell> cells, string source, int lineNumber, int row, List<string>? header)
    {
        foreach (int column in layout.CategoricalColumns)
        {
            RequireNoReplacement(cells[column].In(line), "category", source, lineNumber, row, column, header);
        }

        if (layout.LabelColumn is { } labelColumn)
        {
            RequireNoReplacement(cells[labelColumn].In(line), "label", source, lineNumber, row, labelColumn, header);
        }

        if (layout.IdColumn is { } idColumn)
        {
            RequireNoReplacement(cells[idColumn].In(line), "id", source, lineNumber, row, idColumn, header);
        }
    }

    /// <summary>
    /// Refuses a header name, category, class name or id that holds U+FFFD, as text a caller's reader decoded does where
    /// the file's bytes are not text in the reader's encoding (StreamReader's default): a Windows-1252 "Bär" and "Bör"
    /// read as UTF-8 both become "B\uFFFDr", one category of two. This reader's own decoding escapes such bytes
    /// (<see cref="TextByteEscapes"/>), so in a file read by path the character is the file's own.
    /// </summary>
    private static void RequireNoReplacement(ReadOnlySpan<char> text, string what, string source, int lineNumber, int? row, int column, List<string>? header)
    {
        if (text.Contains('\uFFFD'))
        {
            throw CellError(
                $"the {what} \"{ShortList.Cut(text.Trim().ToString())}\" holds U+FFFD, the character a decoder puts where bytes are not text in its encoding, "
                + $"so the text was most likely decoded with another encoding than the file was saved in ({TextByteEscapes.LikelyOtherEncodings}, read as UTF-8), "
                + $"which would make one {what} of two that differ only there; open the reader with the file's encoding (Encoding.Latin1, or Windows-1252 from CodePagesEncodingProvider), "
                + "or save the file as UTF-8.",
                source, lineNumber, row, column, header);
        }
    }

    private static VaeDataException CellError(string problem, string source, int lineNumber, int? row, int column, List<string>? header) =>
        new(CellMessage(problem, source, lineNumber, column, header), source, row, column);

    // A message about a cell: where it is, then the problem.
    private static string CellMessage(string problem, string source, int lineNumber, int column, List<string>? header) =>
        $"{source}, line {lineNumber}, {CsvColumnLayout.Describe(column, header)}: {problem}";
}
