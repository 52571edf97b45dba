using Microsoft.Win32.SafeHandles;

namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// The room .NET has for the code it compiles. On Linux, write-xor-execute (on by default) maps that code twice through
/// a memory file that the runtime sizes to the file-size limit (ulimit -f); code past it fails as out of memory,
/// anywhere in a command, and usually ends the process after the message.
/// </summary>
internal static class CompiledCodeRoom
{
    /// <summary>
    /// vae's commands took up to 10.7 MB (pictures and training on MNIST, 30 epochs of which recompile their busiest code
    /// optimized; .NET 10 on x86-64). A higher floor would refuse commands that run.
    /// </summary>
    public const long Needed = 12L << 20;

    private const string DoubleMappingFile = "/memfd:doublemapper";

    /// <summary>
    /// The size of the runtime's double-mapping file, which bounds its compiled code; null where it keeps none
    /// (write-xor-execute off, or not Linux) or its descriptors cannot be listed. It is looked for with the core
    /// library alone, as loading another assembly takes code room of its own.
    /// </summary>
    public static long? OfThisProcess()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            foreach (FileSystemInfo descriptor in new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos())
            {
                if (descriptor.LinkTarget?.StartsWith(DoubleMappingFile, StringComparison.Ordinal) == true)
                {
                    // Opened anew through /proc, as the link itself has no size of its own.
                    using SafeFileHandle file = File.OpenHandle(descriptor.FullName);
                    return RandomAccess.GetLength(file);
                }
            }

            return null;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            // No /proc, or no descriptor left to list it with (ulimit -n), which the command then reports itself.
            return null;
        }
    }
}
