namespace Vae.MLNet.Text;

/// <summary>
/// A path or an option's value written into a command that advice tells the user to run, quoted only where its shell would split or expand
/// it, so that the common name reads as typed and a name with spaces or quotes still works as printed.
/// </summary>
internal static class ShellWords
{
    /// <summary>
    /// <paramref name="word"/>, a path, for sh, bash and zsh: as it is when it holds only letters, digits and
    /// <c>_@%+=:,./-</c>, else in single quotes, within which only a single quote needs writing otherwise (<c>'\''</c>).
    /// A path starting with <c>-</c> is written <c>./-…</c>: quoting leaves the dash where cd, zip and the like read
    /// an option.
    /// </summary>
    public static string ForPosixShell(string word) => ValueForPosixShell(word.StartsWith('-') ? $"./{word}" : word);

    /// <summary>
    /// <paramref name="value"/>, an option's value, for sh, bash and zsh, quoted as <see cref="ForPosixShell"/> quotes a
    /// path; one starting with <c>-</c> is left so, since only a path can be written otherwise. One starting with
    /// <c>=</c> is quoted, as zsh expands <c>=name</c> to the path of the command of that name.
    /// </summary>
    public static string ValueForPosixShell(string value) =>
        IsPlain(value, "_@%+=:,./-") && !value.StartsWith('=') ? value : $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    /// <summary>
    /// <paramref name="word"/> for PowerShell: as it is when it holds only letters, digits and <c>_.-\/:*</c>, else in
    /// single quotes, within which a single quote is doubled. A wildcard keeps its meaning either way, since the cmdlet,
    /// not the shell, expands it.
    /// </summary>
    public static string ForPowerShell(string word) =>
        IsPlain(word, "_.-\\/:*") && !word.StartsWith('-') ? word : $"'{word.Replace("'", "''", StringComparison.Ordinal)}'";

    private static bool IsPlain(string word, string punctuation) =>
        word.Length > 0 && word.All(character => char.IsLetterOrDigit(character) || punctuation.Contains(character, StringComparison.Ordinal));
}
