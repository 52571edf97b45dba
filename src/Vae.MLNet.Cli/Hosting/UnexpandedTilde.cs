using System.CommandLine.Parsing;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Refuses a path that starts with a '~' the shell left as it was, as bash does inside quotes or after "--out=": taken
/// as it is, it names a folder called '~' in the working directory, which an output would be made in, and which a later
/// "rm -rf ~" meant to remove it would take the home directory for. A working directory that holds a '~' is taken to
/// be what the path means.
/// </summary>
internal static class UnexpandedTilde
{
    private const string Tilde = "~";

    /// <summary>Adds an error naming <paramref name="name"/> when a value of <paramref name="result"/> starts with an unexpanded '~'.</summary>
    public static void Refuse(SymbolResult result, string name)
    {
        if (result.Tokens.FirstOrDefault(token => StartsWithTilde(token.Value)) is { } token && !Path.Exists(Tilde))
        {
            string rest = token.Value[Tilde.Length..];
            string named = rest.Length == 0 ? "one" : "a folder";
            result.AddError(
                $"{name} {token.Value} starts with '~', which the shell did not expand (it was quoted, or came after '='); write $HOME{rest}, or ./~{rest} for {named} named '~'.");
        }
    }

    private static bool StartsWithTilde(string path) => path == Tilde || path.StartsWith(Tilde + "/", StringComparison.Ordinal);
}
