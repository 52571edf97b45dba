namespace Vae.MLNet.Data;

/// <summary>
/// The line each row of a CSV file starts on. Rows follow each other line by line but below a row whose quoted cell
/// holds line breaks, so only the first row and those after such a row are kept: one number a row would be as many as
/// the values of a one-feature file.
/// </summary>
internal sealed class CsvRowLines
{
    private readonly List<int> _rows = [];
    private readonly List<int> _lines = [];

    /// <summary>Records that <paramref name="row"/>, the row after the last one added, starts on <paramref name="line"/>.</summary>
    public void Add(int row, int line)
    {
        if (_rows.Count == 0 || line - _lines[^1] != row - _rows[^1])
        {
            _rows.Add(row);
            _lines.Add(line);
        }
    }

    /// <summary>The line, counting from 1, that <paramref name="row"/>, one of those added, starts on.</summary>
    public int LineOf(int row)
    {
        int at = _rows.BinarySearch(row);
        at = at >= 0 ? at : ~at - 1;
        return _lines[at] + (row - _rows[at]);
    }
}
