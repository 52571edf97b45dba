using Vae.MLNet.Cli.Hosting;
using Vae.MLNet.Cli.Output;
using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Training;

/// <summary>
/// The model of a training run that stopped before writing <c>--out</c>, kept beside it for <c>--init</c> to go on from:
/// <c>NAME.last-good.zip</c> after a divergence, <c>NAME.interrupted.zip</c> after Ctrl+C, SIGTERM or SIGHUP, beside either
/// <c>NAME.best.zip</c> with early stopping's best weights so far when they are an earlier epoch's, to be used as they are; and the
/// complete model that <c>--out</c> could not take, kept in the temporary directory as <c>NAME.unsaved.zip</c>. Each is
/// a checkpoint (<see cref="VaeModel.SaveCheckpoint(string)"/>) when the model holds Adam's state, as every model of a
/// run that completed an epoch does, so that <c>--init</c> goes on as the run would have, unless the checkpoint cannot be
/// written and the plain zip can; <c>--out</c> stays the plain zip unless train's <c>--keep-optimizer-state</c> asks for a
/// checkpoint there too, whose line saying it was written without the state is <see cref="WroteWithoutState"/>'s as well.
/// </summary>
internal static class KeptModelFile
{
    /// <summary>The kind of the file kept after a divergence.</summary>
    public const string LastGood = "last-good";

    /// <summary>The kind of the file kept after Ctrl+C, SIGTERM or SIGHUP.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>The kind of the file kept beside the last-good or interrupted one with early stopping's best weights so far.</summary>
    public const string Best = "best";

    /// <summary>The kind of the file kept in the temporary directory when --out could not be written.</summary>
    public const string Unsaved = "unsaved";

    private static readonly string[] Kinds = [LastGood, Interrupted, Best, Unsaved];

    /// <summary>
    /// Refuses, before training, an --out <paramref name="modelPath"/> whose name leaves a file kept beside it a name
    /// longer than file systems allow: found only when training stopped early, that file could not be written, and the
    /// epochs completed would be lost.
    /// </summary>
    /// <exception cref="CommandLineUsageException">A kept file's name would be too long; the message says how long --out's may be.</exception>
    public static void RequireRoomBeside(string modelPath)
    {
        string? longest = Kinds.Select(kind => Beside(modelPath, kind)).OfType<string>().MaxBy(NameLength);
        if (longest is not null && NameLength(longest) is int keptLength and > FileNameLength.Max)
        {
            int allowed = NameLength(modelPath) - (keptLength - FileNameLength.Max);
            throw new CommandLineUsageException(
                $"{OutputOptions.OutName} {modelPath}: the {longest} kept beside it when training stops early would have a name {FileNameLength.Told(keptLength)}, "
                + $"more than the {FileNameLength.Max} file systems allow; give {OutputOptions.OutName} a name of at most {allowed} {FileNameLength.Units}.");
        }
    }

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
    /// Keeps <paramref name="model"/>, trained in full, in the temporary directory ($TMPDIR, else /tmp) as
    /// <c>NAME.unsaved.zip</c> (<c>NAME.unsaved-2.zip</c>, … beside files of earlier runs), after --out
    /// <paramref name="modelPath"/> or a file written with it could not be written: the directory that refused it (a full
    /// disk, one made read-only meanwhile) would refuse a file kept beside it too, and the training would be lost.
    /// </summary>
    /// <returns>Where it is kept, or was to be, and why it could not be kept there, or null.</returns>
    public static (string Path, string? Failure) KeepInTemporaryDirectory(VaeModel model, string modelPath, TextWriter output)
    {
        string name = WithoutExtension(Path.GetFileName(modelPath));
        string path = Enumerable.Range(1, int.MaxValue)
            .Select(copy => Path.Combine(Path.GetTempPath(), copy == 1 ? $"{name}.{Unsaved}.zip" : $"{name}.{Unsaved}-{copy}.zip"))
            .First(candidate => !Path.Exists(candidate));
        return (path, Save(model, path, output).Failure);
    }

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> whole or not at all, and says so on
    /// <paramref name="output"/>: as a checkpoint when it holds Adam's state, else, or when the checkpoint cannot be
    /// written (Adam's two moments beside the weights, too many bytes for a nearly full disk), as a plain zip, told as
    /// without Adam's state, since --init from it starts Adam's moments afresh.
    /// </summary>
    /// <returns>Why it could not be written, or null; and whether the file holds Adam's state.</returns>
    public static (string? Failure, bool HasOptimizerState) Save(VaeModel model, string path, TextWriter output) =>
        Save(model, path, output, model.SaveCheckpoint);

    /// <summary>As <see cref="Save(VaeModel, string, TextWriter)"/>, with <paramref name="writeCheckpoint"/> in place of <see cref="VaeModel.SaveCheckpoint(string)"/>: a disk too full for one cannot be had in a test.</summary>
    internal static (string? Failure, bool HasOptimizerState) Save(VaeModel model, string path, TextWriter output, Action<string> writeCheckpoint)
    {
        string? checkpointFailure = null;
        if (model.HasOptimizerState)
        {
            try
            {
                writeCheckpoint(path);
                output.WriteLine(TerminalText.Visible($"wrote {path}"));
                return (null, true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The weights are what the run cannot do without; Adam's state only makes going on from them exact.
                checkpointFailure = ErrorReporter.Describe(e);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // A path no file can take refuses the plain zip too.
                return (ErrorReporter.Describe(e), false);
            }
        }

        try
        {
            model.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // What stopped training is the news; failing to keep its weights must not hide it.
            return (ErrorReporter.Describe(e), false);
        }

        output.WriteLine(checkpointFailure is null
            ? TerminalText.Visible($"wrote {path}")
            : WroteWithoutState(path, $"the checkpoint holding it could not be written ({checkpointFailure})"));
        return (null, false);
    }

    /// <summary>
    /// The line saying that <paramref name="path"/> was written as the plain zip where a checkpoint was meant, and why
    /// (<paramref name="reason"/>, a clause that follows "as"): unsaid, <c>--init</c> from it would be taken to go on
    /// exactly, where it starts Adam's moments afresh and its first steps move every weight by about the learning rate.
    /// </summary>
    public static string WroteWithoutState(string path, string reason) =>
        TerminalText.Visible($"wrote {path} without Adam's state, as {reason}; --init from it starts Adam's moments afresh");

    private static int NameLength(string path) => FileNameLength.Of(Path.GetFileName(path));
}
