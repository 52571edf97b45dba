using System.Globalization;

namespace Vae.MLNet.Text;

/// <summary>
/// Lists and text from a file, cut short for a message: a damaged or hostile file can hold a list of a million layer
/// sizes or a metadata value of megabytes, and a message echoing it whole would be as long.
/// </summary>
internal static class ShortList
{
    /// <summary>How many items a message lists before saying how many more there are.</summary>
    public const int ItemsShown = 8;

    /// <summary>
    /// How many characters of one text a message quotes: enough to recognize it by, without repeating a whole line a
    /// wrong separator left as one name.
    /// </summary>
    public const int CharactersShown = 40;

    /// <summary>Up to <paramref name="shown"/> items, comma-separated, and how many more there are: <c>400, 400 and 3 more</c>.</summary>
    public static string Of<T>(IReadOnlyCollection<T> items, Func<T, string>? show = null, int shown = ItemsShown)
    {
        string listed = string.Join(", ", items.Take(shown).Select(item => show is null ? Convert.ToString(item, CultureInfo.InvariantCulture) : show(item)));
        return items.Count > shown ? $"{listed} and {items.Count - shown} more" : listed;
    }

    /// <summary>The items joined as alternatives: <c>a</c>, <c>a or b</c>, <c>a, b or c</c>.</summary>
    public static string Alternatives(IReadOnlyList<string> items) => Joined(items, "or");

    /// <summary>The items joined as one list: <c>a</c>, <c>a and b</c>, <c>a, b and c</c>.</summary>
    public static string Listed(IReadOnlyList<string> items) => Joined(items, "and");

    private static string Joined(IReadOnlyList<string> items, string conjunction) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} {conjunction} {items[^1]}";

    /// <summary>
    /// <paramref name="text"/>, or its first <see cref="CharactersShown"/> characters and an ellipsis, with the characters
    /// a message cannot show as themselves written as escapes (<see cref="InvisibleCharacters"/>).
    /// </summary>
    public static string Cut(string text) =>
        InvisibleCharacters.Escaped(
            text.Length > CharactersShown
                ? $"{text[..(char.IsHighSurrogate(text[CharactersShown - 1]) ? CharactersShown - 1 : CharactersShown)]}…"
                : text);
}
