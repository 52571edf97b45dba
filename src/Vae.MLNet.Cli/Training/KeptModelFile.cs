using Vae.MLNet.Cli.Output;
using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The model of a training run that stopped before writing <c>--out</c>, kept beside it for <c>--init</c> to go on from:
/// <c>NAME.last-good.zip</c> after a divergence, <c>NAME.interrupted.zip</c> after Ctrl+C, SIGTERM or SIGHUP.
/// </summary>
internal static class KeptModelFile
{
    /// <summary>
    /// <c>NAME.<paramref name="kind"/>.zip</c> beside <paramref name="modelPath"/> (<c>--out</c>), or null when that is a
    /// device or descriptor: a file beside it (<c>/dev/null.last-good.zip</c>) is nowhere anyone would look.
    /// </summary>
    public static string? Beside(string modelPath, string kind)
    {
        string fullPath = Path.GetFullPath(modelPath);
        return SpecialFiles.IsSpecial(fullPath) || SpecialFiles.DescriptorReached(fullPath) is not null
            ? null
            : $"{WithoutExtension(modelPath)}.{kind}.zip";
    }

    /// <summary>
    /// <paramref name="modelPath"/> without its extension, but whole when its name is all extension, as <c>.model</c>
    /// is: cut, it would leave the kept file no name of its own, the same beside every such model.
    /// </summary>
    private static string WithoutExtension(string modelPath) =>
        Path.GetFileNameWithoutExtension(modelPath).Length > 0 ? Path.ChangeExtension(modelPath, null) : modelPath;

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> whole or not at all, and says so on
    /// <paramref name="output"/>; returns null, or why it could not be written.
    /// </summary>
    public static string? Save(VaeModel model, string path, TextWriter output)
    {
        try
        {
            model.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // What stopped training is the news; failing to keep its weights must not hide it.
            return e.Message;
        }

        output.WriteLine(TerminalText.Visible($"wrote {path}"));
        return null;
    }
}
