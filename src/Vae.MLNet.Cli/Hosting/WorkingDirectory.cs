namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The working directory as .NET names it. .NET decodes the name as UTF-8, putting U+FFFD in place of the bytes that
/// are not, so under a name that is not UTF-8 it names a directory that does not exist, and so does every relative path
/// resolved against it: the files given would read as missing, and the advice to create a directory would make another.
/// </summary>
internal static class WorkingDirectory
{
    /// <summary>
    /// The refusal to run in a working directory whose name .NET misreads, or null when it reads it right, or cannot read
    /// it: a directory removed since, where a command given absolute paths still runs.
    /// </summary>
    public static string? Refusal()
    {
        string name;
        try
        {
            name = Environment.CurrentDirectory;
        }
        catch (IOException)
        {
            return null;
        }

        return name.Contains('\uFFFD', StringComparison.Ordinal) && !Directory.Exists(name)
            ? $"the working directory {name} has a name that is not valid UTF-8 (each \uFFFD stands for bytes that are not), so vae cannot reach files by "
                + "relative paths from it, the default --out's included; run vae from a directory whose name is UTF-8, or rename this one."
            : null;
    }
}
