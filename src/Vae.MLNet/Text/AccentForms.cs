using System.Globalization;
using System.Text;

namespace Vae.MLNet.Text;

/// <summary>
/// Accents written in the two forms Unicode allows: composed, one character per accented letter (NFC, as most tools
/// write them), or decomposed, a letter followed by combining marks (NFD, as macOS tools write them). Names and
/// categories compare ordinally, so "Größe" in one form is not the same name in the other, though both print alike:
/// a message that refuses one quotes two names that look the same, and this says why. The forms are told apart by
/// combining marks, not by <see cref="string.Normalize()"/>, which returns its input unchanged under invariant
/// globalization, as the command line runs.
/// </summary>
internal static class AccentForms
{
    private const string Conversion = "write both in one form (uconv -x NFC, or -x NFD, from icu-devtools, converts a file).";

    /// <summary>
    /// A sentence, after a space, saying that a name in <paramref name="given"/> differs from one in
    /// <paramref name="known"/> only in the form of its accents, with the decomposed one's combining marks escaped
    /// (<c>"Gro\u0308ße"</c>) and what to do; empty when none does. Only where one side holds combining marks and the
    /// other none: in scripts such as Devanagari or Thai every name holds them, and two names that differ there differ
    /// in more than that.
    /// </summary>
    /// <param name="given">The names refused: given by the user or read from a file.</param>
    /// <param name="known">The names they were compared with.</param>
    /// <param name="knownSubject">How the sentence names <paramref name="known"/>, as the subject of "write": "the header's names".</param>
    public static string Hint(IEnumerable<string> given, IEnumerable<string> known, string knownSubject)
    {
        string[] givenNames = given.ToArray();
        string[] knownNames = known.ToArray();
        bool givenMarked = givenNames.Any(HasMarks);
        if (givenMarked == knownNames.Any(HasMarks))
        {
            return string.Empty;
        }

        (string[] decomposed, string[] composed) = givenMarked ? (givenNames, knownNames) : (knownNames, givenNames);
        var composedBySkeleton = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in composed)
        {
            composedBySkeleton.TryAdd(Skeleton(name), name);
        }

        foreach (string name in decomposed)
        {
            if (composedBySkeleton.TryGetValue(Skeleton(name), out string? alike) && LookAlike(name, alike))
            {
                string shown = $"\"{ShortList.Cut(Escaped(name))}\"";
                return givenMarked
                    ? $" {shown} writes its accents decomposed, each a letter followed by a combining mark (NFD, as macOS tools write them), but {knownSubject} write them composed (NFC): "
                        + $"the two differ though they look alike; {Conversion}"
                    : $" \"{ShortList.Cut(alike)}\" writes its accents composed (NFC), but {knownSubject} write them decomposed, each a letter followed by a combining mark, as {shown} "
                        + $"(NFD, as macOS tools write them): the two differ though they look alike; {Conversion}";
            }
        }

        return string.Empty;
    }

    // The text with each combining mark escaped as InvisibleCharacters escapes what a message cannot show.
    private static string Escaped(string text)
    {
        var shown = new StringBuilder(text.Length + 16);
        foreach (Rune rune in text.EnumerateRunes())
        {
            _ = IsMark(rune) ? shown.Append(InvisibleCharacters.EscapeOf(rune.Value)) : shown.Append(rune.ToString());
        }

        return shown.ToString();
    }

    private static bool HasMarks(string name) => name.EnumerateRunes().Any(IsMark);

    private static bool IsMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    // The letters of a name, each with the marks that follow it; a mark with no letter before it stands alone.
    private static List<(Rune Letter, bool Marked)> Letters(string name)
    {
        var letters = new List<(Rune Letter, bool Marked)>(name.Length);
        foreach (Rune rune in name.EnumerateRunes())
        {
            if (IsMark(rune) && letters.Count > 0)
            {
                letters[^1] = (letters[^1].Letter, true);
            }
            else
            {
                letters.Add((rune, false));
            }
        }

        return letters;
    }

    // What a name looks like whatever the form of its accents: an unaccented ASCII letter as it is, any other as U+FFFD,
    // so that two names that may look alike share it, while most names that do not are told apart without comparing each pair.
    private static string Skeleton(string name) =>
        string.Concat(Letters(name).Select(letter => letter.Letter.IsAscii && !letter.Marked ? letter.Letter.ToString() : "\uFFFD"));

    // Whether decomposed, read letter by letter, has composed's letters where it has no marks and, where it has, another
    // letter of a script whose accents compose ("o" and U+0308 facing "ö"). Without the Unicode tables that would compose
    // it, this guesses; the scripts keep a name in Devanagari or Thai, whose vowel signs are combining marks that compose
    // with nothing, from looking like another.
    private static bool LookAlike(string decomposed, string composed)
    {
        List<(Rune Letter, bool Marked)> letters = Letters(decomposed);
        Rune[] faced = composed.EnumerateRunes().ToArray();
        return letters.Count == faced.Length
            && letters.Any(letter => letter.Marked)
            && letters.Select((letter, i) => letter.Marked ? faced[i] != letter.Letter && AccentsCompose(faced[i]) : faced[i] == letter.Letter).All(match => match);
    }

    // Latin, Greek and Cyrillic letters beyond ASCII, and kana, where "が" is "か" and a combining sound mark.
    private static bool AccentsCompose(Rune letter) =>
        letter.Value is (>= 0xC0 and <= 0x52F) or (>= 0x1E00 and <= 0x1FFF) or (>= 0x3040 and <= 0x30FF);
}
