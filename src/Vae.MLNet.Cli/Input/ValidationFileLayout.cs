using System.Text.RegularExpressions;
using Vae.MLNet.Cli.Commands;
using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Data;
using Vae.MLNet.IO;
using Vae.MLNet.Text;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// The layout a <c>--validation-data</c> file must have: it is read with DATA's reading options, so it has DATA's format
/// and, for CSV, DATA's separator, header line or none, and lines above it. Its failures are told against that layout,
/// never with advice to change a reading option, which would change how DATA is read too.
/// </summary>
/// <param name="trainingData">DATA, read.</param>
/// <param name="separator">The separator both files are read with.</param>
/// <param name="hasHeader">Whether both files are read with a header line.</param>
/// <param name="skipLines">The lines passed over at the start of both files.</param>
internal sealed partial class ValidationFileLayout(LoadedData trainingData, char separator, bool hasHeader, int skipLines)
{
    private const string Option = TrainCommand.ValidationDataName;

    // A text column of DATA's is read as categories or left out of the features, so this column is one of numbers in DATA.
    private const string TextColumnAdvice = ", and leave text columns out of the features (--exclude-columns) or read them as categories (--categorical-columns)";

    /// <summary>
    /// Refuses a validation file at <paramref name="path"/> of another format than DATA's, which no reading option of
    /// DATA's could read: <paramref name="readsAsIdx"/> tells whether it is read as IDX, <paramref name="content"/> what it holds.
    /// </summary>
    public void RequireFormatOfData(string path, FileContent content, bool readsAsIdx)
    {
        bool dataIsIdx = trainingData.Shape is not null;
        if (readsAsIdx && !dataIsIdx)
        {
            throw new CommandLineException(
                $"{path} is an IDX file, but DATA {trainingData.Path} is a CSV file; {Option} is read with DATA's options, so give a CSV file laid out as DATA is.");
        }

        if (!readsAsIdx && dataIsIdx)
        {
            throw new CommandLineException(
                $"{path} is a CSV file, but DATA {trainingData.Path} is an IDX images file; {Option} is read as DATA is, so give an IDX images file of DATA's image size.");
        }

        if (content.Kind == FileKind.IdxLabels)
        {
            throw new CommandLineException(
                $"{path} is an IDX labels file, but DATA {trainingData.Path} is an IDX images file; {Option} is read as DATA is, so give the images file "
                + "(…-images-idx3-ubyte) of the validation rows, whose labels are not read.");
        }
    }

    /// <summary>Refuses validation images at <paramref name="path"/>, of <paramref name="shape"/>, unless they are of DATA's size.</summary>
    public void RequireImageSizeOfData(string path, VaeImageShape? shape) =>
        ImageShapeInput.RequireSame(path, shape, $"DATA {trainingData.Path} holds", trainingData.Shape, $"{Option} is read as DATA is, so give it images of DATA's size");

    /// <summary>
    /// The refusal of the validation file, <paramref name="exception"/>, told for it: advice to pass a CSV reading
    /// option becomes the change to the file that gives it DATA's layout, and where the layout is in question (advice
    /// about it, a problem with the header or first row, which the columns are learned from, or columns other than
    /// DATA's in number) what it is follows.
    /// </summary>
    public CommandLineException Retell(CommandLineException exception)
    {
        string separatorName = CsvColumnLayout.SeparatorName(separator);
        string message = SeparatorAdvice().Replace(exception.Message, $"put DATA's separator {separatorName} between its cells instead");
        message = LinesAboveAdvice().Replace(message, "rather than the $1, remove it and the lines above it that DATA does not have");
        message = BlankLinesAdvice().Replace(message, string.Empty);
        message = NoHeaderAdvice().Replace(message, "give it DATA's header line");
        message = message.Replace("leave out --no-header", "remove it, as DATA has no header line", StringComparison.Ordinal);
        bool aboutLayout = message != exception.Message
            || LineTheColumnsAreLearnedFrom().IsMatch(message)
            || exception.InnerException is VaeDataException { FeatureColumnsChosen: not null };

        // Categories and the type of a column are DATA's, not the file's layout.
        message = message.Replace(TextColumnAdvice, ", as DATA has in this column", StringComparison.Ordinal);
        message = message.Replace("is not among those the model was trained on", "is not among DATA's", StringComparison.Ordinal);
        if (!aboutLayout)
        {
            return new CommandLineException(message, exception);
        }

        string header = hasHeader ? "a header line" : "no header line";
        string above = hasHeader ? "it" : "its first row";
        string lines = skipLines == 0 ? "no line" : Counted.Of(skipLines, "line");
        return new CommandLineException(
            $"{message} {Option} is read with DATA's options, so it must be laid out as DATA is: {separatorName} between cells, {header} and {lines} above {above}.",
            exception);
    }

    [GeneratedRegex("pass --separator (?:tab|'.')")]
    private static partial Regex SeparatorAdvice();

    [GeneratedRegex(@"rather than the (header|first row), pass over the lines up to it with --skip-lines \d+")]
    private static partial Regex LinesAboveAdvice();

    [GeneratedRegex(@", or pass over them with --skip-lines \d+")]
    private static partial Regex BlankLinesAdvice();

    [GeneratedRegex(@"line \d+ \((?:header|first row)\)")]
    private static partial Regex LineTheColumnsAreLearnedFrom();

    [GeneratedRegex("pass --no-header(?: and choose columns by 0-based index)?")]
    private static partial Regex NoHeaderAdvice();
}
