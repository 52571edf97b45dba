using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// Opens the input files (DATA, MODEL, --labels) so that Ctrl+C, SIGTERM and SIGHUP stop a command that waits on a
/// pipe, a FIFO or a terminal: opening a FIFO blocks until a writer comes, and reading one or a pipe until the writer
/// writes or closes, and a blocked call never returns to see the cancellation.
/// </summary>
internal static class InterruptibleInput
{
    /// <summary>
    /// Opens <paramref name="path"/> as <see cref="InputFile.OpenRead"/> does, reading through a <see cref="CancellableReadStream"/>
    /// unless the file can seek, as a regular file can; a failure to open or read it that the opening does not describe
    /// (a disk error) names it as <paramref name="role"/> ("the DATA file"), as <see cref="InputNamingStream"/> tells it.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the file opened.</exception>
    public static Stream OpenRead(string path, string paramName, string role, int bufferSize, CancellationToken cancellation)
    {
        FileStream file;
        try
        {
            file = CancellableOpen.Run(() => InputFile.OpenRead(path, paramName, bufferSize), cancellation);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw InputNamingStream.Failure(e, path, role, Path.GetFullPath(path));
        }

        // A regular file's reads never block for long, so it is read directly, keeping the seeking a model zip's reader
        // needs and sparing each read a hop to the pool; its readers check the cancellation themselves, as the CSV
        // reader does between rows.
        return new InputNamingStream(file.CanSeek ? file : new CancellableReadStream(file, cancellation), path, role, file.Name);
    }
}
