namespace Vae.MLNet.Cli.Hosting;

/// <summary>
/// Failures of the runtime itself under the process's limits, told with the limit to raise. The runtime loads each
/// assembly when it is first used, so a limit on open files or address space (<c>ulimit -n</c>, <c>ulimit -v</c>)
/// reached during a command fails there, with the runtime's "cannot find the file" for a file it could not open or
/// map; a file-size limit (<c>ulimit -f</c>) too small for the code it compiles is told before the command starts.
/// Telling so uses nothing outside the runtime's core library, which is loaded before anything else: loading
/// another assembly would fail for the same reason.
/// </summary>
internal static class ProcessLimitFailure
{
    /// <summary>.NET keeps about two descriptors open for each assembly it loads, and vae loads some 40.</summary>
    public const string OpenFilesAdvice = "ulimit -n: raise it to at least 100";

    /// <summary>
    /// The assembly <paramref name="failure"/> says the runtime could not load, by its name ("System.Linq"); null when it
    /// is of another file, whose name is a path where an assembly's is its display name ("System.Linq, Version=10.0.0.0,
    /// Culture=neutral, PublicKeyToken=…").
    /// </summary>
    public static string? UnloadedAssembly(Exception failure) => failure switch
    {
        FileLoadException { FileName: { } name } => ShortName(name),
        FileNotFoundException { FileName: { } name } when name.Contains(", Version=", StringComparison.Ordinal)
            && name.Contains(", PublicKeyToken=", StringComparison.Ordinal) => ShortName(name),
        _ => null,
    };

    /// <summary>The message for an assembly the runtime could not load, named by <see cref="UnloadedAssembly"/>.</summary>
    public static string AssemblyNotLoaded(string assembly) =>
        $"the runtime could not load {assembly}, an assembly vae runs on: the process may have too few file descriptors "
        + $"({OpenFilesAdvice}) or too little address space (ulimit -v); otherwise the installation is damaged, so reinstall vae.";

    /// <summary>
    /// The message for <paramref name="failure"/>, thrown before the command's own error reporting could be loaded: in
    /// setting up the console, or in loading an assembly the command line needs.
    /// </summary>
    public static string OfStartUp(Exception failure) => UnloadedAssembly(failure) is { } assembly
        ? AssemblyNotLoaded(assembly)
        : $"could not start ({FirstLine(failure.Message)}): the process may have too few file descriptors ({OpenFilesAdvice}) or too little address space (ulimit -v).";

    /// <summary>
    /// The message for a file-size limit (ulimit -f) that leaves the runtime too little room for the code it compiles
    /// (see <see cref="CompiledCodeRoom"/>), or null where it leaves enough.
    /// </summary>
    public static string? OfCompiledCodeRoom() => CompiledCodeRoom.OfThisProcess() is { } room && room < CompiledCodeRoom.Needed
        ? $"the file-size limit (ulimit -f) leaves .NET {Megabytes(room)} MB for the code it compiles, which it keeps in a "
            + $"memory file that counts against that limit, and vae needs about {Megabytes(CompiledCodeRoom.Needed)} MB: raise ulimit -f "
            + $"to at least {Megabytes(CompiledCodeRoom.Needed)} MB, or set DOTNET_EnableWriteXorExecute=0, which keeps compiled code without that file."
        : null;

    private static long Megabytes(long bytes) => bytes >> 20;

    private static string ShortName(string displayName) => displayName.Split(',')[0];

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r', '.');
}
