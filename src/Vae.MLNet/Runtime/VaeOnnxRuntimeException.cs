namespace Vae.MLNet.Runtime;

/// <summary>
/// An error reported by ONNX Runtime itself, carrying its error code and message: for example a model that cannot be
/// parsed or a tensor whose shape the graph rejects. Named apart from Microsoft.ML.OnnxRuntime's own exception, which an
/// application of the ML.NET package has beside it, so that importing both namespaces leaves each name unambiguous.
/// </summary>
public sealed class VaeOnnxRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">ONNX Runtime's error code.</param>
    /// <param name="nativeMessage">ONNX Runtime's own message, unchanged.</param>
    public VaeOnnxRuntimeException(OnnxRuntimeErrorCode errorCode, string nativeMessage)
        : base($"ONNX Runtime error {errorCode}: {nativeMessage}")
    {
        ErrorCode = errorCode;
        NativeMessage = nativeMessage;
    }

    /// <summary>ONNX Runtime's error code.</summary>
    public OnnxRuntimeErrorCode ErrorCode { get; }

    /// <summary>ONNX Runtime's own message, without the error code prefix of <see cref="Exception.Message"/>.</summary>
    public string NativeMessage { get; }
}
