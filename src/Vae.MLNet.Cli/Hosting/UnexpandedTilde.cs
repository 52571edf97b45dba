using System.CommandLine.Parsing;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Refuses a path that starts with a '~' the shell left as it was, as bash does inside quotes or after "--out=", and
/// cmd and PowerShell do for any program's arguments on Windows: taken as it is, it names a folder called '~' in the
/// working directory, which an output would be made in, and which a later "rm -rf ~" meant to remove it would take the
/// home directory for. A working directory that holds a '~' is taken to be what the path means.
/// </summary>
internal static class UnexpandedTilde
{
    private const string Tilde = "~";

    /// <summary>Adds an error naming <paramref name="name"/> when a value of <paramref name="result"/> starts with an unexpanded '~'.</summary>
    public static void Refuse(SymbolResult result, string name)
    {
        if (result.Tokens.FirstOrDefault(token => StartsWithTilde(token.Value, OperatingSystem.IsWindows())) is { } token && !Path.Exists(Tilde))
        {
            result.AddError(Refusal(name, token.Value, OperatingSystem.IsWindows()));
        }
    }

    /// <summary>
    /// The refusal of <paramref name="path"/>, the value of <paramref name="name"/>, in the words of the shells of
    /// Windows (<paramref name="windows"/>) or of the others.
    /// </summary>
    internal static string Refusal(string name, string path, bool windows)
    {
        string rest = path[Tilde.Length..];
        string named = rest.Length == 0 ? "one" : "a folder";
        return windows
            ? $"{name} {path} starts with '~', which neither cmd nor PowerShell expands for a program such as vae; write %USERPROFILE%{rest} (cmd) or $HOME{rest} (PowerShell), or .\\~{rest} for {named} named '~'."
            : $"{name} {path} starts with '~', which the shell did not expand (it was quoted, or came after '='); write $HOME{rest}, or ./~{rest} for {named} named '~'.";
    }

    /// <summary>Whether <paramref name="path"/> is '~' or starts with it and a separator: '/', or on Windows (<paramref name="windows"/>) '\' too.</summary>
    internal static bool StartsWithTilde(string path, bool windows) =>
        path == Tilde || path.StartsWith(Tilde + "/", StringComparison.Ordinal) || (windows && path.StartsWith(Tilde + "\\", StringComparison.Ordinal));
}
