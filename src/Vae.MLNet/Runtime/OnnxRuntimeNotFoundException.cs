namespace Vae.MLNet.Runtime;

/// <summary>
/// The ONNX Runtime native library could not be loaded from any of the places Vae.MLNet looks. The message lists
/// those places and says how to provide the library.
/// </summary>
public sealed class OnnxRuntimeNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The places searched and what to do.</param>
    public OnnxRuntimeNotFoundException(string message)
        : base(message)
    {
    }
}
