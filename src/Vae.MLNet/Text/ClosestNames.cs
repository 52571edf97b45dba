namespace Vae.MLNet.Text;

/// <summary>The names a mistyped word was most likely meant to be, for "did you mean …?" in messages.</summary>
internal static class ClosestNames
{
    // Two edits catch a swapped pair of letters ("trian") and a dropped or doubled one, without matching unrelated words.
    private const int MaximumEdits = 2;

    // More names equally close than this say the word is not distinctive (pixel_9_9 is two edits from each of 64
    // columns pixel_0_0 … pixel_7_7): listing them would guess nothing and bury the rest of the message.
    private const int MostSuggestions = 5;

    /// <summary>
    /// The names in <paramref name="names"/> that <paramref name="word"/> lies fewest edits from, ignoring case, if that
    /// is at most two and under half the longer word's letters; with <paramref name="prefixes"/>, names that begin with
    /// the word count as no edits away. Empty when no name is that close, or when more than five are.
    /// </summary>
    public static string[] To(string word, IEnumerable<string> names, bool prefixes = false)
    {
        string typed = word.ToLowerInvariant();

        // The share bound keeps a short word from matching every name as short: "z" is one edit from "a".
        var candidates = names
            .Select(name => (Name: name, Edits: prefixes && typed.Length > 0 && name.StartsWith(word, StringComparison.OrdinalIgnoreCase) ? 0 : Edits(typed, name.ToLowerInvariant())))
            .Where(candidate => candidate.Edits == 0 || (candidate.Edits <= MaximumEdits && 2 * candidate.Edits < Math.Max(typed.Length, candidate.Name.Length)))
            .ToArray();
        int fewest = candidates.Length == 0 ? 0 : candidates.Min(candidate => candidate.Edits);
        string[] closest = candidates.Where(candidate => candidate.Edits == fewest).Select(candidate => candidate.Name).Distinct(StringComparer.Ordinal).ToArray();
        return closest.Length <= MostSuggestions ? closest : [];
    }

    /// <summary>The names quoted, cut short (<see cref="ShortList.Cut"/>) and joined as alternatives: <c>'a'</c>, <c>'a' or 'b'</c>, <c>'a', 'b' or 'c'</c>.</summary>
    public static string Alternatives(IReadOnlyList<string> names, char quote) =>
        ShortList.Alternatives(names.Select(name => $"{quote}{ShortList.Cut(name)}{quote}").ToArray());

    // Optimal string alignment distance (insertions, deletions, substitutions and swaps of adjacent letters), up to
    // MaximumEdits + 1: larger distances are never used, so only the cells within MaximumEdits of the diagonal are
    // computed, and the cost grows with the words' length instead of their product (two names of 50 000 letters took
    // 30 s and 10 GB with the full table).
    internal static int Edits(string typed, string name)
    {
        const int Beyond = MaximumEdits + 1;
        if (Math.Abs(typed.Length - name.Length) > MaximumEdits)
        {
            return Beyond;
        }

        // Rows i − 2, i − 1 and i of the table; a cell outside the band reads as Beyond.
        var twoBefore = new int[name.Length + 2];
        var before = new int[name.Length + 2];
        var current = new int[name.Length + 2];
        Array.Fill(twoBefore, Beyond);
        Array.Fill(before, Beyond);
        for (int j = 0; j <= Math.Min(name.Length, MaximumEdits); j++)
        {
            before[j] = j;
        }

        for (int i = 1; i <= typed.Length; i++)
        {
            int first = Math.Max(1, i - MaximumEdits);
            int last = Math.Min(name.Length, i + MaximumEdits);
            current[first - 1] = first == 1 ? Math.Min(i, Beyond) : Beyond;
            for (int j = first; j <= last; j++)
            {
                int substitution = typed[i - 1] == name[j - 1] ? 0 : 1;
                int best = Math.Min(Math.Min(before[j] + 1, current[j - 1] + 1), before[j - 1] + substitution);
                if (i > 1 && j > 1 && typed[i - 1] == name[j - 2] && typed[i - 2] == name[j - 1])
                {
                    best = Math.Min(best, twoBefore[j - 2] + 1);
                }

                current[j] = Math.Min(best, Beyond);
            }

            current[last + 1] = Beyond;
            (twoBefore, before, current) = (before, current, twoBefore);
        }

        return before[name.Length];
    }
}
