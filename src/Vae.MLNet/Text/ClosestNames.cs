namespace Vae.MLNet.Text;

/// <summary>The names a mistyped word was most likely meant to be, for "did you mean …?" in messages.</summary>
internal static class ClosestNames
{
    // Two edits catch a swapped pair of letters ("trian") and a dropped or doubled one, without matching unrelated words.
    private const int MaximumEdits = 2;

    /// <summary>
    /// The names in <paramref name="names"/> that <paramref name="word"/> lies fewest edits from, ignoring case, if that
    /// is at most two and under half the longer word's letters; with <paramref name="prefixes"/>, names that begin with
    /// the word count as no edits away. Empty when no name is that close.
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
        return candidates.Where(candidate => candidate.Edits == fewest).Select(candidate => candidate.Name).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The names quoted and joined as alternatives: <c>'a'</c>, <c>'a' or 'b'</c>, <c>'a', 'b' or 'c'</c>.</summary>
    public static string Alternatives(IReadOnlyList<string> names, char quote)
    {
        string[] quoted = names.Select(name => $"{quote}{name}{quote}").ToArray();
        return quoted.Length == 1 ? quoted[0] : $"{string.Join(", ", quoted[..^1])} or {quoted[^1]}";
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of adjacent letters.
    private static int Edits(string typed, string name)
    {
        var distances = new int[typed.Length + 1, name.Length + 1];
        for (int i = 0; i <= typed.Length; i++)
        {
            distances[i, 0] = i;
        }

        for (int j = 0; j <= name.Length; j++)
        {
            distances[0, j] = j;
        }

        for (int i = 1; i <= typed.Length; i++)
        {
            for (int j = 1; j <= name.Length; j++)
            {
                int substitution = typed[i - 1] == name[j - 1] ? 0 : 1;
                int best = Math.Min(Math.Min(distances[i - 1, j] + 1, distances[i, j - 1] + 1), distances[i - 1, j - 1] + substitution);
                if (i > 1 && j > 1 && typed[i - 1] == name[j - 2] && typed[i - 2] == name[j - 1])
                {
                    best = Math.Min(best, distances[i - 2, j - 2] + 1);
                }

                distances[i, j] = best;
            }
        }

        return distances[typed.Length, name.Length];
    }
}
