using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.MLNet;

/// <summary>
/// An ONNX graph in a temporary file of its own, handed to ML.NET's <see cref="OnnxTransformer"/> by path, and deleted
/// once that transformer has been collected, or when the process exits.
/// </summary>
/// <remarks>
/// The transformer reads the file again whenever the pipeline holding it is saved, so the file must outlive it. ML.NET's
/// <see cref="System.IO.Stream"/> overloads of <c>ApplyOnnxModel</c> would copy the graph to a file of their own, which
/// ML.NET 5.0.1 leaves behind even after the transformer is disposed (every Fit left its graphs in the temporary
/// directory), under a random name of which one in 32 768 ends in ".ort", which ONNX Runtime reads as its own format and
/// refuses. These files end in ".onnx". A process that is killed leaves its files, as it leaves ML.NET's own; one that
/// an unhandled exception ends deletes them.
/// </remarks>
internal sealed class OnnxGraphFile
{
    private static readonly ConditionalWeakTable<OnnxTransformer, OnnxGraphFile> KeptBy = new();

    // Files not yet deleted, tried again when the process exits: finalizers do not run then, and a file another handle
    // still holds open cannot be deleted on Windows.
    private static readonly ConcurrentDictionary<string, byte> Undeleted = new();

    private readonly string _path;

    // An exception no one catches ends the process without ProcessExit, so the files are deleted then too.
    static OnnxGraphFile()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteUndeleted();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => DeleteUndeleted();
    }

    private OnnxGraphFile(string path)
    {
        _path = path;
    }

    ~OnnxGraphFile() => Delete(_path);

    /// <summary>
    /// Refuses a negative GPU device when the estimator is made: ML.NET would pass it on to ONNX Runtime only at
    /// <c>Fit</c>, after training, and no GPU package can score on it.
    /// </summary>
    /// <param name="gpuDeviceId">The device asked for; <see langword="null"/> scores as the <c>MLContext</c> says.</param>
    /// <param name="argumentName">The argument or property that gave it, for the exception.</param>
    public static void RequireDeviceNumber(int? gpuDeviceId, string argumentName)
    {
        if (gpuDeviceId < 0)
        {
            throw new ArgumentOutOfRangeException(
                argumentName, gpuDeviceId, $"{argumentName} must be a GPU's device number, 0 or more, or null to score where the MLContext says (else on the CPU).");
        }
    }

    /// <summary>
    /// ML.NET's transformer over <paramref name="graph"/>, fitted to <paramref name="input"/>: the arguments are those of
    /// <c>ApplyOnnxModel</c>. The file goes where the catalog's <c>MLContext.TempFilePath</c> says.
    /// </summary>
    public static OnnxTransformer Fit(
        TransformsCatalog catalog, byte[] graph, string[] outputColumnNames, string[] inputColumnNames, int? gpuDeviceId, bool fallbackToCpu, IDataView input)
    {
        string directory = TemporaryDirectory(catalog);
        string path = Path.Combine(directory, $"vae-mlnet-{Guid.NewGuid():N}.onnx");
        Undeleted.TryAdd(path, 0);
        var file = new OnnxGraphFile(path);
        try
        {
            WriteGraph(path, directory, graph);

            // ML.NET's ONNX Runtime collects telemetry as the library's own would, and in an application of this face
            // alone its environment is the first, created as the transformer is.
            OnnxRuntimeTelemetry.DisableBeforeCreatingTheEnvironment();
            OnnxTransformer transformer = catalog.ApplyOnnxModel(outputColumnNames, inputColumnNames, path, gpuDeviceId, fallbackToCpu).Fit(input);
            KeptBy.Add(transformer, file);
            return transformer;
        }
        catch (Exception e)
        {
            GC.SuppressFinalize(file);
            Delete(path);

            // ML.NET's FallbackToCpu catches ONNX Runtime's errors, not the CPU build's lack of the CUDA entry point,
            // whose own message names neither the setting nor the package.
            if (e is EntryPointNotFoundException && e.Message.Contains("CUDA", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    "GpuDeviceId (of the options or the MLContext) asks ONNX Runtime to score on a GPU, but the ONNX Runtime this application "
                    + "loads is the CPU build (Microsoft.ML.OnnxRuntime), which has no CUDA, and ML.NET's FallbackToCpu does not cover that. "
                    + "Reference Microsoft.ML.OnnxRuntime.Gpu in its place (docs/mlnet-guide.md), or leave GpuDeviceId unset to score on the CPU.",
                    e);
            }

            throw;
        }
    }

    // The path is one the user never wrote: the message names the setting that chose its folder.
    private static void WriteGraph(string path, string directory, byte[] graph)
    {
        const string why = "The VAE hands its ONNX graph to OnnxTransformer as a file there, where MLContext.TempFilePath says ML.NET's temporary files go";
        try
        {
            File.WriteAllBytes(path, graph);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new DirectoryNotFoundException($"The folder '{directory}' does not exist. {why}; create the folder or set TempFilePath to one that exists.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"This process may not create files in '{directory}'. {why}; set TempFilePath to a folder it may write in.", e);
        }
    }

    /// <summary>Disposes a transformer <see cref="Fit"/> made and deletes its file at once, for one never handed out.</summary>
    public static void Release(OnnxTransformer transformer)
    {
        transformer.Dispose();
        if (KeptBy.TryGetValue(transformer, out OnnxGraphFile? file))
        {
            KeptBy.Remove(transformer);
            GC.SuppressFinalize(file);
            Delete(file._path);
        }
    }

    /// <summary>
    /// The catalog's <c>MLContext.TempFilePath</c>, where ML.NET writes its own temporary files, as a full path: the file
    /// is deleted from where it was written, whatever the working directory is by then. ML.NET keeps a catalog's context
    /// internal, so it is read by reflection; the system's temporary directory stands in should that fail.
    /// </summary>
    internal static string TemporaryDirectory(TransformsCatalog catalog)
    {
        object? environment = typeof(TransformsCatalog).GetInterfaces()
            .FirstOrDefault(type => type.Name == "IInternalCatalog")?.GetProperty("Environment")?.GetValue(catalog);
        return environment?.GetType().GetProperty("TempFilePath", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(environment) is string { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : Path.GetTempPath();
    }

    private static void DeleteUndeleted()
    {
        foreach (string path in Undeleted.Keys)
        {
            Delete(path);
        }
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
            Undeleted.TryRemove(path, out _);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still open elsewhere (Windows), or the directory no longer lets this process delete: tried again at exit.
        }
    }
}
