using System.Globalization;

namespace Vae.MLNet.Data;

/// <summary>
/// The labels of a CSV file's rows as they are read: integer class ids while every label is one, and class names once
/// one is text, as <c>&lt;=50K</c> is, or when the names are given (<see cref="CsvDatasetOptions.LabelNames"/>). Names
/// are kept once each, not once a row. An integer label among names is named by its digits (<c>2.0</c> is <c>2</c>),
/// except that a given name written as the label is (<c>01</c> among given names holding <c>01</c>). A number that is no
/// class id names a class only beside a label that is text or among given names: among numbers it is no class, but a
/// column of measurements. A missing-value marker (<c>NA</c>, <c>?</c>) beside labels that are numbers is a label
/// missing; it names a class beside a label that is text, among given names, or where every label is a marker.
/// The ids of given names are their places among them; otherwise those of the names in ordinal order, so that one
/// file gives the same ids however its rows are ordered.
/// </summary>
internal sealed class CsvLabels(IReadOnlyList<string>? givenNames)
{
    // Beyond this many distinct numbers that are no class ids, with no label that is text, the column is taken for
    // measurements: its first such number is refused then rather than after every row is read and kept.
    private const int MaxNumbersAwaitingText = 10_000;

    // Integer labels; once the labels are names, each row's name's code.
    private readonly List<int> _ids = [];
    private TextCodes? _names = givenNames is null ? null : new TextCodes(givenNames);

    // A number that is not an integer can be a class name only beside labels that are text (or given names), and a
    // missing-value marker only there or among markers alone; until a text comes, the error the first of each makes waits.
    private VaeDataException? _numberAsName;
    private VaeDataException? _missingLabel;
    private bool _hasText;
    private bool _hasNumber;

    /// <summary>The class names given, or null.</summary>
    public IReadOnlyList<string>? GivenNames => givenNames;

    /// <summary>
    /// Adds an integer label, <paramref name="written"/> in the file; false when the names are given and hold neither
    /// its text as written nor its digits.
    /// </summary>
    public bool Add(int label, ReadOnlySpan<char> written)
    {
        _hasNumber = true;
        if (_names is null)
        {
            _ids.Add(label);
            return true;
        }

        // Given names are the user's own spelling, which may keep leading zeros ("01") that the digits drop.
        return (givenNames is not null && AddName(written)) || AddName(label.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Adds a label that is no integer class id: <paramref name="text"/>, a name. <paramref name="numberError"/>, when the
    /// text is a number, and <paramref name="missingError"/>, when it is a missing-value marker, make the error to give
    /// if no label turns out to be text. False when the names are given and <paramref name="text"/> is not among them.
    /// </summary>
    /// <exception cref="VaeDataException">No label has been text yet, and too many distinct numbers are waiting for one.</exception>
    public bool Add(ReadOnlySpan<char> text, Func<VaeDataException>? numberError, Func<VaeDataException>? missingError)
    {
        if (_names is null)
        {
            _names = new TextCodes(known: null);
            for (int row = 0; row < _ids.Count; row++)
            {
                _ids[row] = _names.CodeOf(_ids[row].ToString(CultureInfo.InvariantCulture));
            }
        }

        if (numberError is null && missingError is null)
        {
            _hasText = true;
        }
        else if (!_hasText && givenNames is null)
        {
            _hasNumber |= numberError is not null;
            _numberAsName ??= numberError?.Invoke();
            _missingLabel ??= missingError?.Invoke();
            if (_names.Texts.Count >= MaxNumbersAwaitingText)
            {
                throw (_numberAsName ?? _missingLabel)!;
            }
        }

        return AddName(text);
    }

    /// <summary>The labels, and the class names they index when some label is text or the names were given; null names when they are class ids.</summary>
    /// <exception cref="VaeDataException">
    /// A label is a number that is not an integer, or a missing-value marker beside labels that are numbers, none is
    /// text, and no names were given.
    /// </exception>
    public (int[] Labels, string[]? Names) Complete()
    {
        if (_names is null)
        {
            return ([.. _ids], null);
        }

        if (!_hasText && givenNames is null && (_numberAsName ?? (_hasNumber ? _missingLabel : null)) is { } error)
        {
            throw error;
        }

        (string[] names, int[] ranks) = _names.Ordered();
        return ([.. _ids.Select(id => ranks[id])], names);
    }

    // Adds the row's name: false, adding nothing, for a name the given ones lack.
    private bool AddName(ReadOnlySpan<char> name)
    {
        int code = _names!.CodeOf(name);
        if (code == TextCodes.Unknown)
        {
            return false;
        }

        _ids.Add(code);
        return true;
    }
}
