namespace Vae.MLNet.Data;

/// <summary>What <see cref="CsvDatasetReader"/> read from a file, with what messages about its rows need to know.</summary>
/// <param name="Data">The rows.</param>
/// <param name="FeatureColumns">Each feature's column as the reader's messages name it, e.g. <c>column 3 ("petal")</c>.</param>
/// <param name="HeaderLooksLikeData">Whether the header line, taken for column names, reads as a row of numbers (<see cref="CsvColumnLayout.LooksLikeData"/>).</param>
/// <param name="WhyHeaderCannotNameFeatures">
/// The rule of feature names the header line breaks (a repeated or blank name, names too long for a model to keep), so
/// that <see cref="Data"/> has no <see cref="VaeDataset.FeatureNames"/> although the file has a header; null otherwise.
/// </param>
/// <param name="GroupedThousands">
/// A warning naming the numeric columns of a ';'-separated file whose numbers look like digits grouped into thousands by
/// '.' (<see cref="CsvThousandsGrouping"/>), which were read as decimals; null when none do.
/// </param>
/// <param name="Ids">Each row's cell of the <see cref="CsvDatasetOptions.IdColumnName"/> column, unquoted but otherwise as written; null without one.</param>
/// <param name="RowLines">The line each row starts on, for messages about a row once it is read.</param>
internal sealed record CsvReading(VaeDataset Data, IReadOnlyList<string> FeatureColumns, bool HeaderLooksLikeData, string? WhyHeaderCannotNameFeatures, string? GroupedThousands, IReadOnlyList<string>? Ids, CsvRowLines RowLines);
