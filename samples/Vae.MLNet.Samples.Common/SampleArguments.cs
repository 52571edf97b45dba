using System.Text.RegularExpressions;
using Vae.MLNet.Data;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Samples.Common;

/// <summary>
/// The samples' command line: <c>--data DIR</c>, <c>--out DIR</c> (for a sample that writes files), <c>--epochs N</c> and
/// <c>--threads N</c>. Relative defaults are resolved against the repository root, so a sample runs the same from any
/// working directory.
/// </summary>
/// <param name="SampleName">Begins the sample's error messages.</param>
/// <param name="DataDirectory">The full path of the data folder.</param>
/// <param name="OutputDirectory">The full path of the output folder; null for a sample that writes no files.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="Threads">Training threads; null for the library's default.</param>
public sealed record SampleArguments(string SampleName, string DataDirectory, string? OutputDirectory, int Epochs, int? Threads)
{
    /// <summary>
    /// Parses <paramref name="args"/>, checks that the data folder holds the sample's files and creates the output
    /// directory of a sample that writes files, checking that it can write there. Being the samples' entry, it ends the
    /// process itself: <c>--help</c> prints the usage and exits with 0; a command line it cannot use, a data folder that
    /// does not exist or lacks a file, or an output folder it cannot write in prints what is wrong and the usage to
    /// standard error and exits with 2.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="sampleName">Names the default output folder, artifacts/samples/<paramref name="sampleName"/>.</param>
    /// <param name="defaultData">The data folder under the shared data root (../shared/data from the repository root).</param>
    /// <param name="defaultEpochs">Training epochs when <c>--epochs</c> is not given.</param>
    /// <param name="dataFiles">The files the sample reads from the data folder.</param>
    /// <param name="outputs">
    /// What the sample writes into <c>--out</c>, for the usage's "where to write …" (e.g. <c>pictures</c>,
    /// <c>the saved pipeline</c>); null for a sample that writes no files, which then takes no <c>--out</c>.
    /// </param>
    /// <param name="buildProperties">What the usage's <c>dotnet run</c> needs beside <c>-c Release</c>, e.g. <c>-p:WithMLNet=true</c>.</param>
    public static SampleArguments Parse(
        string[] args,
        string sampleName,
        string defaultData,
        int defaultEpochs,
        IReadOnlyList<string> dataFiles,
        string? outputs,
        string buildProperties = "")
    {
        int? exitCode = TryParse(args, sampleName, defaultData, defaultEpochs, dataFiles, outputs, buildProperties, Console.Out, Console.Error, out SampleArguments? arguments);
        if (exitCode is int code)
        {
            Environment.Exit(code);
        }

        return arguments!;
    }

    /// <summary>
    /// What <see cref="Parse"/> does short of ending the process: the exit code it would end it with, having written the
    /// usage or what is wrong, or null with the <paramref name="arguments"/> to run with.
    /// </summary>
    internal static int? TryParse(
        string[] args,
        string sampleName,
        string defaultData,
        int defaultEpochs,
        IReadOnlyList<string> dataFiles,
        string? outputs,
        string buildProperties,
        TextWriter output,
        TextWriter error,
        out SampleArguments? arguments)
    {
        arguments = null;
        string run = buildProperties.Length == 0 ? "dotnet run -c Release" : $"dotnet run -c Release {buildProperties}";
        string outOption = outputs is null ? "" : " [--out DIR]";
        string usage =
            $"usage: {run} --project samples/{AppDomain.CurrentDomain.FriendlyName} -- [--data DIR]{outOption} [--epochs N] [--threads N]{Environment.NewLine}"
            + $"  --data DIR     the {defaultData} data (default: ../shared/data/{defaultData} beside the repository){Environment.NewLine}"
            + (outputs is null ? "" : $"  --out DIR      where to write {outputs} (default: artifacts/samples/{sampleName}){Environment.NewLine}")
            + $"  --epochs N     training epochs (default: {defaultEpochs}){Environment.NewLine}"
            + $"  --threads N    training threads, 1 to {VaeOptions.MaxNumberOfThreads} (default: up to every core)";
        if (args.Any(arg => arg is "--help" or "-h" or "-?"))
        {
            output.WriteLine(usage);
            return 0;
        }

        try
        {
            arguments = Read(args, sampleName, defaultData, defaultEpochs, dataFiles, writesFiles: outputs is not null);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            error.WriteLine($"{sampleName}: {e.Message}");
            error.WriteLine(usage);
            return 2;
        }
    }

    /// <summary>The full path of <paramref name="fileName"/> in the output directory.</summary>
    /// <exception cref="InvalidOperationException">The sample was parsed as one that writes no files.</exception>
    public string Output(string fileName) =>
        Path.Combine(OutputDirectory ?? throw new InvalidOperationException($"The {SampleName} sample takes no --out; pass what it writes to Parse."), fileName);

    /// <summary>
    /// Reads the sample's data with <paramref name="read"/>, given the data folder. Data it cannot read ends the process
    /// the way <see cref="Parse"/> does, but with exit code 1 since the command line was fine: what is wrong goes to
    /// standard error, without a stack trace.
    /// </summary>
    public T ReadData<T>(Func<string, T> read)
    {
        if (!TryReadData(read, Console.Error, out T? data))
        {
            Environment.Exit(1);
        }

        return data!;
    }

    /// <summary>
    /// What <see cref="ReadData"/> does short of ending the process: false, having written what is wrong to
    /// <paramref name="error"/>, when the data cannot be read.
    /// </summary>
    internal bool TryReadData<T>(Func<string, T> read, TextWriter error, out T? data)
    {
        ArgumentNullException.ThrowIfNull(read);
        return TryRun(() => read(DataDirectory), e => e is VaeDataException or IOException or UnauthorizedAccessException, error, out data, WithoutReadingAPrefix);
    }

    // The IDX reader offers to read a truncated file's complete part through its maxRows parameter, which the samples'
    // command line does not take; re-downloading is the remedy left.
    private static string WithoutReadingAPrefix(string message) => ReadingAPrefix.Replace(message, ".");

    private static readonly Regex ReadingAPrefix = new(@", or pass maxRows ≤ \d+ to read the complete part\.$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Loads ONNX Runtime and gives its version (<see cref="VaeOnnxModel.OnnxRuntimeVersion"/>), for a sample to call
    /// before a training whose model it scores. An ONNX Runtime library that is missing or cannot be loaded ends the
    /// process the way <see cref="ReadData"/> does, exit code 1, with the library's message, which says where it looked
    /// and how to provide it.
    /// </summary>
    public string OnnxRuntimeVersion()
    {
        if (!TryWithOnnxRuntime(() => VaeOnnxModel.OnnxRuntimeVersion, Console.Error, out string? version))
        {
            Environment.Exit(1);
        }

        return version!;
    }

    /// <summary>
    /// What <see cref="OnnxRuntimeVersion"/> does short of ending the process, with <paramref name="step"/> loading ONNX
    /// Runtime: false, having written what is wrong to <paramref name="error"/>, when it cannot be loaded.
    /// </summary>
    internal bool TryWithOnnxRuntime<T>(Func<T> step, TextWriter error, out T? result)
    {
        ArgumentNullException.ThrowIfNull(step);
        return TryRun(step, e => e is OnnxRuntimeNotFoundException, error, out result, message => message);
    }

    // Runs step; an exception it is expected to throw goes to error after the sample's name, its message in the samples'
    // terms, without a stack trace.
    private bool TryRun<T>(Func<T> step, Func<Exception, bool> expected, TextWriter error, out T? result, Func<string, string> reworded)
    {
        try
        {
            result = step();
            return true;
        }
        catch (Exception e) when (expected(e))
        {
            error.WriteLine($"{SampleName}: {reworded(e.Message)}");
            result = default;
            return false;
        }
    }

    /// <summary>What <see cref="Parse"/> does short of ending the process: it throws what it would report.</summary>
    /// <exception cref="ArgumentException">
    /// An option is unknown (<c>--out</c> too, unless <paramref name="writesFiles"/>), given more than once, lacks its
    /// value, or is not a whole number in its range.
    /// </exception>
    /// <exception cref="DirectoryNotFoundException">The data folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The data folder lacks one of <paramref name="dataFiles"/>.</exception>
    /// <exception cref="IOException">The output folder cannot be created, or files cannot be written in it.</exception>
    internal static SampleArguments Read(
        string[] args, string sampleName, string defaultData, int defaultEpochs, IReadOnlyList<string> dataFiles, bool writesFiles)
    {
        string? data = null, output = null;
        int epochs = defaultEpochs;
        int? threads = null;
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!given.Add(args[i]))
            {
                throw RepeatedOption.Error(args, firstOption: 0, args[i]);
            }

            switch (args[i])
            {
                case "--data":
                    data = ValueOf(args, i);
                    break;
                case "--out" when writesFiles:
                    output = ValueOf(args, i);
                    break;
                case "--epochs":
                    epochs = PositiveInteger(args[i], ValueOf(args, i));
                    break;
                case "--threads":
                    threads = PositiveInteger(args[i], ValueOf(args, i), VaeOptions.MaxNumberOfThreads);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        // The repository is looked up only when a default is needed, so a sample copied elsewhere still runs with both options.
        data = Path.GetFullPath(data ?? SharedData(defaultData));
        RequireDataFiles(data, defaultData, dataFiles);
        if (writesFiles)
        {
            output = Path.GetFullPath(output ?? Path.Combine(RepositoryRoot(), "artifacts", "samples", sampleName));
            RequireWritableFolder(output);
        }

        return new SampleArguments(sampleName, data, output, epochs, threads);
    }

    /// <summary>
    /// Checks that <paramref name="folder"/>, the one a program's <c>--data</c> names, holds each of
    /// <paramref name="files"/>, so that a missing one is told with the advice to pass <c>--data</c>, the files the folder
    /// needs and the README section that says where to get them.
    /// </summary>
    /// <param name="folder">The full path of the data folder.</param>
    /// <param name="dataName">What the folder holds, for the advice (e.g. <c>mnist</c>).</param>
    /// <param name="files">The files the program reads from it.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder lacks one of <paramref name="files"/>.</exception>
    public static void RequireDataFiles(string folder, string dataName, IEnumerable<string> files)
    {
        string[] needed = [.. files];
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The data folder {folder} does not exist; {DataAdvice(dataName, needed)}");
        }

        foreach (string file in needed)
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The data folder {folder} has no {file}; {DataAdvice(dataName, needed)}", path);
            }
        }
    }

    // Nothing here downloads the datasets, so a user without them learns which files to fetch and where the README
    // says they come from.
    private static string DataAdvice(string dataName, string[] files) =>
        $"pass --data with the folder that holds the {dataName} data ({string.Join(", ", files)}); "
        + $"README.md's \"Data for the examples\" (README.md#data-for-the-examples) says where the {dataName} data comes from.";

    /// <summary>
    /// Creates <paramref name="folder"/> if need be and writes and deletes a file in it: a folder that exists but may not be
    /// written would otherwise be found out only when the first picture is saved, after the training.
    /// </summary>
    /// <param name="folder">The folder a program's <c>--out</c> names.</param>
    /// <exception cref="IOException">
    /// The folder cannot be created (a file is in its place or above it) or written; the message names <c>--out</c>.
    /// </exception>
    public static void RequireWritableFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            File.Create(Path.Combine(folder, $".{Guid.NewGuid():N}.tmp"), 1, FileOptions.DeleteOnClose).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The output folder {folder} cannot be written ({e.Message.TrimEnd('.')}); pass --out with a folder this user may write in.", e);
        }
    }

    private static string ValueOf(string[] args, int optionIndex) =>
        optionIndex + 1 < args.Length ? args[optionIndex + 1] : throw new ArgumentException($"{args[optionIndex]} needs a value.");

    private static int PositiveInteger(string option, string value, int? most = null) =>
        int.TryParse(value, out int number) && number >= 1 && number <= (most ?? int.MaxValue)
            ? number
            : throw new ArgumentException(
                most is { } limit ? $"{option} takes a whole number from 1 to {limit}, not '{value}'." : $"{option} takes a whole number of at least 1, not '{value}'.");

    /// <summary>The folder <paramref name="name"/> of the shared data beside the repository, wherever the program runs from.</summary>
    public static string SharedData(string name) => Path.Combine(RepositoryRoot(), "..", "shared", "data", name);

    /// <summary>The folder holding Vae.MLNet.sln, found by walking up from the built program.</summary>
    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vae.MLNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"No Vae.MLNet.sln above {AppContext.BaseDirectory}; run the program from its build in the repository, or pass --data (and --out for a sample).");
    }
}
