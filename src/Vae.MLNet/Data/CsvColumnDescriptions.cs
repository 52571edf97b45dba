using System.Collections;

namespace Vae.MLNet.Data;

/// <summary>
/// Each feature's column as messages name it, e.g. <c>column 3 ("petal")</c>, made when a message asks: a file of a
/// million columns would otherwise keep a million such strings for errors that rarely come.
/// </summary>
internal sealed class CsvColumnDescriptions(int[] featureColumns, IReadOnlyList<string>? header) : IReadOnlyList<string>
{
    public int Count => featureColumns.Length;

    public string this[int feature] => CsvColumnLayout.Describe(featureColumns[feature], header);

    public IEnumerator<string> GetEnumerator() => Enumerable.Range(0, Count).Select(feature => this[feature]).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
