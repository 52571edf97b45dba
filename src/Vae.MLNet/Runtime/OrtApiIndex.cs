namespace Vae.MLNet.Runtime;

/// <summary>
/// Zero-based positions of the functions this binding uses in ONNX Runtime's <c>OrtApi</c> function table.
/// </summary>
/// <remarks>
/// The table is append-only, so these positions hold for every API version from <see cref="ApiVersion"/> on.
/// A wrong position calls the wrong native function and kills the process, so they live here and nowhere else,
/// checked against <c>onnxruntime_c_api.h</c> (which counts deprecated members too).
/// </remarks>
internal static class OrtApiIndex
{
    /// <summary>
    /// The <c>ORT_API_VERSION</c> asked for, a floor chosen rather than forced: every function listed here is much older,
    /// but no library before ONNX Runtime 1.23 has been tried, and a library serves every version up to its own.
    /// </summary>
    public const uint ApiVersion = 23;

    public const int GetErrorCode = 1;
    public const int GetErrorMessage = 2;
    public const int CreateEnvWithCustomLogger = 4;
    public const int DisableTelemetryEvents = 6;
    public const int CreateSessionFromArray = 8;
    public const int Run = 9;
    public const int CreateSessionOptions = 10;
    public const int DisableCpuMemArena = 19;
    public const int SetSessionGraphOptimizationLevel = 23;
    public const int SetIntraOpNumThreads = 24;
    public const int SessionGetInputCount = 30;
    public const int SessionGetOutputCount = 31;
    public const int SessionGetInputTypeInfo = 33;
    public const int SessionGetOutputTypeInfo = 34;
    public const int SessionGetInputName = 36;
    public const int SessionGetOutputName = 37;
    public const int CreateTensorWithDataAsOrtValue = 49;
    public const int CastTypeInfoToTensorInfo = 55;
    public const int GetTensorElementType = 60;
    public const int GetDimensionsCount = 61;
    public const int GetDimensions = 62;
    public const int CreateCpuMemoryInfo = 69;
    public const int AllocatorFree = 76;
    public const int GetAllocatorWithDefaultOptions = 78;
    public const int ReleaseEnv = 92;
    public const int ReleaseStatus = 93;
    public const int ReleaseMemoryInfo = 94;
    public const int ReleaseSession = 95;
    public const int ReleaseValue = 96;
    public const int ReleaseTypeInfo = 98;
    public const int ReleaseSessionOptions = 100;
    public const int AddSessionConfigEntry = 130;
}
