using Vae.MLNet.Text;

namespace Vae.MLNet.Data;

/// <summary>
/// Codes for the distinct texts of a CSV column as they are met, a text at a time without a string for one already
/// met, or for known texts only, in their given order; <see cref="Ordered"/> then puts them in the order a dataset
/// keeps them. A column's texts are all known only at the file's end, and they are ordered, not numbered as met.
/// Known texts are matched without the whitespace around them, as cells are read: a model trained through ML.NET on
/// untrimmed text keeps categories such as <c>" Male"</c>, which the cells of the file it was read from then match.
/// </summary>
internal sealed class TextCodes
{
    /// <summary>The code <see cref="CodeOf"/> gives a text the known ones lack.</summary>
    public const int Unknown = -1;

    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _texts = [];
    private readonly bool _known;

    /// <summary>Codes for texts as met, or for <paramref name="known"/> texts only when given, none of them <see cref="Twins"/>.</summary>
    public TextCodes(IReadOnlyList<string>? known)
    {
        _lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (string text in known ?? [])
        {
            _codes.Add(text.Trim(), _texts.Count);
            _texts.Add(text);
        }

        _known = known is not null;
    }

    /// <summary>
    /// The first two of <paramref name="known"/> that differ only in the whitespace around them, which trimmed cells
    /// cannot tell apart; null when there are none.
    /// </summary>
    public static (string First, string Second)? Twins(IReadOnlyList<string> known)
    {
        var firsts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string text in known)
        {
            if (!firsts.TryAdd(text.Trim(), text))
            {
                return (firsts[text.Trim()], text);
            }
        }

        return null;
    }

    /// <summary>Refuses texts that are <see cref="Twins"/>, which one cell would match both of.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="holder">What holds them, as the message's subject: <c>LabelNames</c>.</param>
    /// <param name="paramName">The parameter or option that gives them.</param>
    /// <param name="what">What they are, plural: <c>categories</c>.</param>
    /// <exception cref="ArgumentException">Two of them differ only in the whitespace around them.</exception>
    public static void RequireNoTwins(IReadOnlyList<string> texts, string holder, string paramName, string what)
    {
        if (Twins(texts) is var (first, second))
        {
            throw new ArgumentException(
                $"{holder} holds \"{ShortList.Cut(first)}\" and \"{ShortList.Cut(second)}\", which are one text once the whitespace around them is taken off, as the CSV reader takes it off a cell; "
                + $"give {what} that differ in their text.",
                paramName);
        }
    }

    /// <summary>The texts in code order.</summary>
    public IReadOnlyList<string> Texts => _texts;

    /// <summary>
    /// The code of <paramref name="text"/>, a cell without the whitespace around it: a new one for a text not met
    /// before, or <see cref="Unknown"/> for one the known texts lack.
    /// </summary>
    public int CodeOf(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out int code))
        {
            return code;
        }

        if (_known)
        {
            return Unknown;
        }

        string added = text.ToString();
        _codes.Add(added, _texts.Count);
        _texts.Add(added);
        return _texts.Count - 1;
    }

    /// <summary>The texts in ordinal order (the known ones as given), and the place of each code's text in that order.</summary>
    public (string[] Texts, int[] Ranks) Ordered()
    {
        int[] order = [.. Enumerable.Range(0, _texts.Count)];
        if (!_known)
        {
            Array.Sort(order, (a, b) => string.CompareOrdinal(_texts[a], _texts[b]));
        }

        var ranks = new int[order.Length];
        for (int rank = 0; rank < order.Length; rank++)
        {
            ranks[order[rank]] = rank;
        }

        return ([.. order.Select(code => _texts[code])], ranks);
    }
}
