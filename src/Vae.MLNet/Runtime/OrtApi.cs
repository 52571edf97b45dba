using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Runtime;

/// <summary>
/// The ONNX Runtime C API functions this binding calls, read once from the native <c>OrtApi</c> table, plus the
/// status convention: every fallible function returns an <c>OrtStatus*</c> that is NULL on success.
/// </summary>
/// <remarks>
/// Signatures follow <c>onnxruntime_c_api.h</c>: handles are pointers (<see cref="nint"/>), <c>size_t</c> is
/// <see cref="nuint"/>, enumerations are 4-byte integers. The library stays loaded for the life of the process.
/// </remarks>
internal sealed unsafe class OrtApi
{
    private static readonly Lock Gate = new();
    private static volatile OrtApi? instance;

    public readonly delegate* unmanaged<nint, OnnxRuntimeErrorCode> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<delegate* unmanaged<nint, int, byte*, byte*, byte*, byte*, void>, nint, int, byte*, nint*, nint> CreateEnvWithCustomLogger;
    public readonly delegate* unmanaged<nint, nint> DisableTelemetryEvents;
    public readonly delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    public readonly delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, nint> DisableCpuMemArena;
    public readonly delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, OnnxElementType, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<nint, OnnxElementType*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;
    public readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;

    private OrtApi(void** table, string version)
    {
        Version = version;
        GetErrorCode = (delegate* unmanaged<nint, OnnxRuntimeErrorCode>)table[OrtApiIndex.GetErrorCode];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)table[OrtApiIndex.GetErrorMessage];
        CreateEnvWithCustomLogger =
            (delegate* unmanaged<delegate* unmanaged<nint, int, byte*, byte*, byte*, byte*, void>, nint, int, byte*, nint*, nint>)table[OrtApiIndex.CreateEnvWithCustomLogger];
        DisableTelemetryEvents = (delegate* unmanaged<nint, nint>)table[OrtApiIndex.DisableTelemetryEvents];
        CreateSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)table[OrtApiIndex.CreateSessionFromArray];
        Run = (delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)table[OrtApiIndex.Run];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)table[OrtApiIndex.CreateSessionOptions];
        DisableCpuMemArena = (delegate* unmanaged<nint, nint>)table[OrtApiIndex.DisableCpuMemArena];
        AddSessionConfigEntry = (delegate* unmanaged<nint, byte*, byte*, nint>)table[OrtApiIndex.AddSessionConfigEntry];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)table[OrtApiIndex.SetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)table[OrtApiIndex.SetIntraOpNumThreads];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)table[OrtApiIndex.SessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)table[OrtApiIndex.SessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)table[OrtApiIndex.SessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)table[OrtApiIndex.SessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[OrtApiIndex.SessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[OrtApiIndex.SessionGetOutputName];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, OnnxElementType, nint*, nint>)table[OrtApiIndex.CreateTensorWithDataAsOrtValue];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)table[OrtApiIndex.CastTypeInfoToTensorInfo];
        GetTensorElementType = (delegate* unmanaged<nint, OnnxElementType*, nint>)table[OrtApiIndex.GetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)table[OrtApiIndex.GetDimensionsCount];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)table[OrtApiIndex.GetDimensions];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)table[OrtApiIndex.CreateCpuMemoryInfo];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)table[OrtApiIndex.AllocatorFree];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)table[OrtApiIndex.GetAllocatorWithDefaultOptions];
        ReleaseEnv = (delegate* unmanaged<nint, void>)table[OrtApiIndex.ReleaseEnv];
        ReleaseStatus = (delegate* unmanaged<nint, void>)table[OrtApiIndex.ReleaseStatus];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)table[OrtApiIndex.ReleaseMemoryInfo];
        ReleaseSession = (delegate* unmanaged<nint, void>)table[OrtApiIndex.ReleaseSession];
        ReleaseValue = (delegate* unmanaged<nint, void>)table[OrtApiIndex.ReleaseValue];
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)table[OrtApiIndex.ReleaseTypeInfo];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)table[OrtApiIndex.ReleaseSessionOptions];
    }

    /// <summary>The loaded table; the first access loads the library.</summary>
    /// <exception cref="OnnxRuntimeNotFoundException">The library is missing, unusable or too old.</exception>
    public static OrtApi Instance => instance ?? LoadOnce();

    /// <summary>ONNX Runtime's version string, such as <c>1.30.0</c>.</summary>
    public string Version { get; }

    /// <summary>Throws the error carried by <paramref name="status"/>, if any, and releases it.</summary>
    /// <param name="status">An <c>OrtStatus*</c> returned by a C API function.</param>
    /// <exception cref="VaeOnnxRuntimeException"><paramref name="status"/> is not NULL.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ThrowIfFailed(nint status)
    {
        if (status != 0)
        {
            Throw(status);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Throw(nint status)
    {
        OnnxRuntimeErrorCode code;
        string message;
        try
        {
            code = GetErrorCode(status);
            message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? string.Empty;
        }
        finally
        {
            ReleaseStatus(status);
        }

        throw new VaeOnnxRuntimeException(code, message);
    }

    // Not Lazy<T>: that would cache a not-found failure for good, even after the library has been put in place.
    private static OrtApi LoadOnce()
    {
        lock (Gate)
        {
            return instance ??= FromLibrary(OnnxRuntimeLibrary.Load());
        }
    }

    /// <summary>The API table of a loaded library, which is freed when it is not a recent enough ONNX Runtime.</summary>
    /// <exception cref="OnnxRuntimeNotFoundException">The library is not ONNX Runtime, or too old a version of it.</exception>
    internal static OrtApi FromLibrary((nint Handle, string Origin) loaded)
    {
        (nint library, string origin) = loaded;
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out nint getApiBaseExport))
        {
            NativeLibrary.Free(library);
            throw new OnnxRuntimeNotFoundException(
                $"The library loaded as ONNX Runtime, {origin}, does not export OrtGetApiBase, so it is not ONNX Runtime. {OnnxRuntimeLibrary.HowToGetALibrary}");
        }

        // OrtApiBase is { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }.
        void** apiBase = ((delegate* unmanaged<void**>)getApiBaseExport)();
        var getApi = (delegate* unmanaged<uint, void**>)apiBase[0];
        var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
        string version = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "unknown";

        void** table = getApi(OrtApiIndex.ApiVersion);
        if (table == null)
        {
            NativeLibrary.Free(library);
            throw TooOld(version, origin);
        }

        return new OrtApi(table, version);
    }

    /// <summary>The refusal of ONNX Runtime <paramref name="version"/>, loaded from <paramref name="origin"/>, whose API is older than the one bound here.</summary>
    internal static OnnxRuntimeNotFoundException TooOld(string version, string origin) =>
        new($"ONNX Runtime {version}, loaded from {origin}, is too old: Vae.MLNet needs API version {OrtApiIndex.ApiVersion} "
            + $"(ONNX Runtime 1.{OrtApiIndex.ApiVersion} or later). {OnnxRuntimeLibrary.HowToGetALibrary}");
}
