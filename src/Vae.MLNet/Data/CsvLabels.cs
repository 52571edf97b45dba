using System.Globalization;

namespace Vae.MLNet.Data;

/// <summary>
/// The labels of a CSV file's rows as they are read: integer class ids while every label is one, and class names once
/// one is text, as <c>&lt;=50K</c> is. Names are kept once each, not once a row. When the labels are names, an integer
/// label is named by its digits (<c>2.0</c> is <c>2</c>) and the ids are the names' places in ordinal order, so that
/// one file gives the same ids however its rows are ordered.
/// </summary>
internal sealed class CsvLabels
{
    // Integer labels; once the labels are names, each row's name's place in _names, by first appearance.
    private readonly List<int> _ids = [];
    private Dictionary<string, int>? _idsOfNames;
    private List<string>? _names;

    // A number that is not an integer can be a class name only beside labels that are text; until one comes, the
    // error it makes as a class id waits.
    private VaeDataException? _numberAsName;
    private bool _hasText;

    /// <summary>Adds an integer label.</summary>
    public void Add(int label)
    {
        _ids.Add(_idsOfNames is null ? label : IdOf(label.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Adds a label that is no integer: <paramref name="text"/>, a name; <paramref name="numberError"/>, when the text
    /// is a number, the error to give if no label turns out to be text.
    /// </summary>
    public void Add(string text, VaeDataException? numberError)
    {
        if (_idsOfNames is null)
        {
            _idsOfNames = new Dictionary<string, int>(StringComparer.Ordinal);
            _names = [];
            for (int row = 0; row < _ids.Count; row++)
            {
                _ids[row] = IdOf(_ids[row].ToString(CultureInfo.InvariantCulture));
            }
        }

        _numberAsName ??= numberError;
        _hasText |= numberError is null;
        _ids.Add(IdOf(text));
    }

    /// <summary>The labels, and the class names they index when some label is text; null names when they are class ids.</summary>
    /// <exception cref="VaeDataException">A label is a number that is not an integer, and none is text.</exception>
    public (int[] Labels, string[]? Names) Complete()
    {
        if (_names is null)
        {
            return ([.. _ids], null);
        }

        if (!_hasText)
        {
            throw _numberAsName!;
        }

        string[] names = [.. _names.Order(StringComparer.Ordinal)];
        var sortedIds = new int[names.Length];
        for (int id = 0; id < names.Length; id++)
        {
            sortedIds[_idsOfNames![names[id]]] = id;
        }

        return ([.. _ids.Select(id => sortedIds[id])], names);
    }

    private int IdOf(string name)
    {
        if (!_idsOfNames!.TryGetValue(name, out int id))
        {
            id = _names!.Count;
            _idsOfNames.Add(name, id);
            _names.Add(name);
        }

        return id;
    }
}
