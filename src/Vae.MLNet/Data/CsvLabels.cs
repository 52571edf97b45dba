using System.Globalization;

namespace Vae.MLNet.Data;

/// <summary>
/// The labels of a CSV file's rows as they are read: integer class ids while every label is one, and class names once
/// one is text, as <c>&lt;=50K</c> is, or when the names are given (<see cref="CsvDatasetOptions.LabelNames"/>). Names
/// are kept once each, not once a row. An integer label among names is named by its digits (<c>2.0</c> is <c>2</c>).
/// The ids of given names are their places among them; otherwise those of the names in ordinal order, so that one
/// file gives the same ids however its rows are ordered.
/// </summary>
internal sealed class CsvLabels
{
    // Beyond this many distinct numbers that are no class ids, with no label that is text, the column is taken for
    // measurements: its first such number is refused then rather than after every row is read and kept.
    private const int MaxNumbersAwaitingText = 10_000;

    // Integer labels; once the labels are names, each row's name's place in _names.
    private readonly List<int> _ids = [];
    private readonly bool _namesGiven;
    private Dictionary<string, int>? _idsOfNames;
    private List<string>? _names;

    // A number that is not an integer can be a class name only beside labels that are text (or given names); until
    // one comes, the error it makes as a class id waits.
    private VaeDataException? _numberAsName;
    private bool _hasText;

    /// <summary>Labels to be read as ids, or as the places of <paramref name="names"/> when given.</summary>
    public CsvLabels(IReadOnlyList<string>? names)
    {
        if (names is not null)
        {
            _namesGiven = true;
            _names = [.. names];
            _idsOfNames = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int id = 0; id < _names.Count; id++)
            {
                _idsOfNames.Add(_names[id], id);
            }
        }
    }

    /// <summary>The class names given, or null.</summary>
    public IReadOnlyList<string>? GivenNames => _namesGiven ? _names : null;

    /// <summary>Adds an integer label; false when the names are given and its digits are not among them.</summary>
    public bool Add(int label)
    {
        if (_idsOfNames is null)
        {
            _ids.Add(label);
            return true;
        }

        return AddName(label.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Adds a label that is no integer class id: <paramref name="text"/>, a name; <paramref name="numberError"/>, when
    /// the text is a number, makes the error to give if no label turns out to be text. False when the names are given
    /// and <paramref name="text"/> is not among them.
    /// </summary>
    /// <exception cref="VaeDataException">No label has been text yet, and too many distinct numbers are waiting for one.</exception>
    public bool Add(string text, Func<VaeDataException>? numberError)
    {
        if (_idsOfNames is null)
        {
            _idsOfNames = new Dictionary<string, int>(StringComparer.Ordinal);
            _names = [];
            for (int row = 0; row < _ids.Count; row++)
            {
                _ids[row] = IdOf(_ids[row].ToString(CultureInfo.InvariantCulture))!.Value;
            }
        }

        if (numberError is null)
        {
            _hasText = true;
        }
        else if (!_hasText && !_namesGiven)
        {
            _numberAsName ??= numberError();
            if (_names!.Count >= MaxNumbersAwaitingText)
            {
                throw _numberAsName;
            }
        }

        return AddName(text);
    }

    /// <summary>The labels, and the class names they index when some label is text or the names were given; null names when they are class ids.</summary>
    /// <exception cref="VaeDataException">A label is a number that is not an integer, none is text, and no names were given.</exception>
    public (int[] Labels, string[]? Names) Complete()
    {
        if (_names is null)
        {
            return ([.. _ids], null);
        }

        if (_namesGiven)
        {
            return ([.. _ids], [.. _names]);
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

    // Adds the row's name: false, adding nothing, for a name the given ones lack.
    private bool AddName(string name)
    {
        if (IdOf(name) is not { } id)
        {
            return false;
        }

        _ids.Add(id);
        return true;
    }

    // The name's id, a new one for a name not met before; null for a name the given ones lack.
    private int? IdOf(string name)
    {
        if (!_idsOfNames!.TryGetValue(name, out int id))
        {
            if (_namesGiven)
            {
                return null;
            }

            id = _names!.Count;
            _idsOfNames.Add(name, id);
            _names.Add(name);
        }

        return id;
    }
}
