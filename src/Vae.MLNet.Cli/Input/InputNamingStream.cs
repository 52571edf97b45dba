using Vae.MLNet.IO;

namespace Vae.MLNet.Cli.Input;

/// <summary>
/// An input file as a command reads it: a read that fails (a disk error, <c>/proc/self/mem</c>) says which input could
/// not be read, as a failed write says which output could not be written, where the runtime's message gives only the
/// reason and the path, after a separator of its own (" : '/data/x.csv'"). Seeking passes through, so a file read in
/// place stays so. Disposing this disposes the source.
/// </summary>
/// <param name="source">The file's stream.</param>
/// <param name="path">The file as the command line named it.</param>
/// <param name="role">Which input it is, as in "the DATA file".</param>
/// <param name="fullPath">The path the runtime's messages name the file by.</param>
internal sealed class InputNamingStream(Stream source, string path, string role, string fullPath) : ReadThroughStream(source)
{
    /// <summary><paramref name="failure"/> to read or open <paramref name="path"/>, told as <paramref name="role"/>'s.</summary>
    public static IOException Failure(IOException failure, string path, string role, string fullPath) =>
        new($"'{path}' ({role}) could not be read: {RuntimeIOMessage.ReasonOf(failure, fullPath)}", failure);

    protected override Exception? ReadFailed(IOException failure) => Failure(failure, path, role, fullPath);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
