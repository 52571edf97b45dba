namespace Vae.MLNet.Runtime;

/// <summary>ONNX Runtime's error codes, with the values of the native <c>OrtErrorCode</c> enumeration.</summary>
public enum OnnxRuntimeErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,

    /// <summary>A failure without a more specific code.</summary>
    Fail = 1,

    /// <summary>An argument was rejected.</summary>
    InvalidArgument = 2,

    /// <summary>A file does not exist.</summary>
    NoSuchFile = 3,

    /// <summary>No model is loaded.</summary>
    NoModel = 4,

    /// <summary>The execution engine failed.</summary>
    EngineError = 5,

    /// <summary>A runtime error, such as a shape mismatch while running the graph.</summary>
    RuntimeException = 6,

    /// <summary>The model bytes are not a valid ONNX protobuf.</summary>
    InvalidProtobuf = 7,

    /// <summary>A model is already loaded.</summary>
    ModelLoaded = 8,

    /// <summary>The requested feature is not implemented.</summary>
    NotImplemented = 9,

    /// <summary>The model's graph is invalid, for example an unknown operator or inconsistent types.</summary>
    InvalidGraph = 10,

    /// <summary>An execution provider failed.</summary>
    EpFail = 11,

    /// <summary>Loading the model was cancelled.</summary>
    ModelLoadCanceled = 12,

    /// <summary>The model must be compiled before it can run.</summary>
    ModelRequiresCompilation = 13,

    /// <summary>Something that was looked up does not exist.</summary>
    NotFound = 14,
}
