using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Runtime;

/// <summary>
/// The process-wide ONNX Runtime state every session shares: the one <c>OrtEnv</c> a process may have, the CPU
/// memory description for tensors over caller memory, and the default allocator (owned by ONNX Runtime, never
/// released). Created on first use and kept for the life of the process; sessions reference the environment so it
/// outlives them, and the process's exit waits for the calls in flight (<see cref="OnnxRuntimeExitGate"/>). ONNX Runtime's log goes to <see cref="Trace"/> (category <c>ONNX Runtime</c>), not to the host's
/// standard error: a library has no business writing there, and every error it logs reaches the caller as an
/// <see cref="VaeOnnxRuntimeException"/> anyway. ONNX Runtime's telemetry is turned off (<see cref="OnnxRuntimeTelemetry"/>).
/// </summary>
internal sealed unsafe class OrtEnvironment
{
    private const int LoggingLevelWarning = 2;
    private const int ArenaAllocator = 1;
    private const int MemTypeDefault = 0;

    private static readonly Lock Gate = new();
    private static volatile OrtEnvironment? instance;

    private OrtEnvironment(OrtApi api)
    {
        Api = api;

        OnnxRuntimeTelemetry.DisableBeforeCreatingTheEnvironment();
        nint env;
        fixed (byte* logId = "Vae.MLNet"u8)
        {
            api.ThrowIfFailed(api.CreateEnvWithCustomLogger(&Log, 0, LoggingLevelWarning, logId, &env));
        }

        Env = new OrtEnvHandle(env);
        try
        {
            api.ThrowIfFailed(api.DisableTelemetryEvents(env));

            nint memoryInfo;
            api.ThrowIfFailed(api.CreateCpuMemoryInfo(ArenaAllocator, MemTypeDefault, &memoryInfo));
            CpuMemoryInfo = new OrtMemoryInfoHandle(memoryInfo);

            nint allocator;
            api.ThrowIfFailed(api.GetAllocatorWithDefaultOptions(&allocator));
            DefaultAllocator = allocator;
        }
        catch
        {
            // A process may have one environment at a time, and the next access makes another.
            CpuMemoryInfo?.Dispose();
            Env.Dispose();
            throw;
        }
    }

    /// <summary>The shared state; the first access loads ONNX Runtime and creates the environment.</summary>
    /// <exception cref="OnnxRuntimeNotFoundException">The library is missing, unusable or too old.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime could not create the environment.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">ONNX Runtime's telemetry could not be turned off.</exception>
    public static OrtEnvironment Instance => instance ?? CreateOnce();

    /// <summary>The C API.</summary>
    public OrtApi Api { get; }

    /// <summary>The process's environment.</summary>
    public OrtEnvHandle Env { get; }

    /// <summary>Describes ordinary CPU memory, for tensors over caller-owned buffers.</summary>
    public OrtMemoryInfoHandle CpuMemoryInfo { get; }

    /// <summary>ONNX Runtime's default CPU allocator, which frees the strings the session API returns.</summary>
    public nint DefaultAllocator { get; }

    /// <summary>Receives ONNX Runtime's log lines (its <c>OrtLoggingFunction</c>), on whichever thread logged them.</summary>
    [UnmanagedCallersOnly]
    [SuppressMessage("Style", "IDE0060", Justification = "The signature is ONNX Runtime's; the parameter and log id are always ours.")]
    private static void Log(nint param, int severity, byte* category, byte* logId, byte* codeLocation, byte* message)
    {
        try
        {
            string level = severity switch { 0 => "verbose", 1 => "info", 2 => "warning", 3 => "error", _ => "fatal" };
            Trace.WriteLine(
                $"{level} ({Marshal.PtrToStringUTF8((nint)category)}, {Marshal.PtrToStringUTF8((nint)codeLocation)}): {Marshal.PtrToStringUTF8((nint)message)}",
                "ONNX Runtime");
        }
#pragma warning disable CA1031 // An exception leaving a callback from native code would end the process; a listener's failure must not.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    // Not Lazy<T>: a failure (library missing) must not be cached, and the env must be created at most once.
    private static OrtEnvironment CreateOnce()
    {
        lock (Gate)
        {
            return instance ??= new OrtEnvironment(OrtApi.Instance);
        }
    }
}
