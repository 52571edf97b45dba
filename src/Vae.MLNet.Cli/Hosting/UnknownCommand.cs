using System.CommandLine;
using System.CommandLine.Parsing;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The message for a first word that names no command, with the command it was most likely meant to be: the parser's
/// own two lines ("Required command was not provided", "Unrecognized command or argument") say neither.
/// </summary>
internal static class UnknownCommand
{
    // Two edits catch a swapped pair of letters ("trian") and a dropped or doubled one, without matching unrelated words.
    private const int MaximumEdits = 2;

    /// <summary>
    /// The word the parser took for a command and did not know: its first unmatched word when no command was given,
    /// once any response file was read; null when the line failed otherwise, as with a response file that is missing.
    /// </summary>
    public static string? Word(ParseResult parse, Command root) =>
        parse.CommandResult.Command == root
        && parse.Errors.All(error => error.SymbolResult is null || error.SymbolResult is CommandResult { Command: var command } && command == root)
        && parse.UnmatchedTokens.FirstOrDefault() is { } word && !word.StartsWith('-')
            ? word
            : null;

    /// <summary>
    /// The message for <paramref name="word"/> under <paramref name="root"/>: the closest commands, those it begins or
    /// lies within two edits of, or else the list of commands.
    /// </summary>
    public static string Describe(Command root, string word)
    {
        string[] names = root.Subcommands.Where(command => !command.Hidden).Select(command => command.Name).ToArray();
        var candidates = names
            .Select(name => (Name: name, Edits: word.Length > 0 && name.StartsWith(word, StringComparison.OrdinalIgnoreCase) ? 0 : Edits(word.ToLowerInvariant(), name)))
            .Where(candidate => candidate.Edits <= MaximumEdits)
            .ToArray();
        if (candidates.Length == 0)
        {
            return $"'{word}' is not a command; the commands are {string.Join(", ", names)}.";
        }

        int fewest = candidates.Min(candidate => candidate.Edits);
        string[] closest = candidates.Where(candidate => candidate.Edits == fewest).Select(candidate => $"'{candidate.Name}'").ToArray();
        return closest.Length == 1
            ? $"'{word}' is not a command; did you mean {closest[0]}?"
            : $"'{word}' is not a command; did you mean {string.Join(", ", closest[..^1])} or {closest[^1]}?";
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
