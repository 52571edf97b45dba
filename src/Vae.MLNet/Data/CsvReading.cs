namespace Vae.MLNet.Data;

/// <summary>What <see cref="CsvDatasetReader"/> read from a file, with what messages about its rows need to know.</summary>
/// <param name="Data">The rows.</param>
/// <param name="FeatureColumns">Each feature's column as the reader's messages name it, e.g. <c>column 3 ("petal")</c>.</param>
/// <param name="HeaderLooksLikeData">Whether the header line, taken for column names, reads as a row of numbers (<see cref="CsvColumnLayout.LooksLikeData"/>).</param>
/// <param name="HeaderCannotNameFeatures">
/// Whether the header line repeats a feature column's name or leaves one blank, so that <see cref="Data"/> has no
/// <see cref="VaeDataset.FeatureNames"/> although the file has a header.
/// </param>
internal sealed record CsvReading(VaeDataset Data, string[] FeatureColumns, bool HeaderLooksLikeData, bool HeaderCannotNameFeatures);
