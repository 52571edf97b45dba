using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Input;

/// <summary>Where a CSV file's rows and features lie in it, for messages about one of them, and the rows' ids, for output.</summary>
/// <param name="Lines">The 1-based line each row starts on.</param>
/// <param name="FeatureColumns">Each feature's column as the CSV reader names it, e.g. <c>column 3 ("petal")</c>.</param>
/// <param name="Ids">The rows' cells of the --id-column column; null without one.</param>
internal sealed record CsvRows(CsvRowLines Lines, IReadOnlyList<string> FeatureColumns, RowIds? Ids);
