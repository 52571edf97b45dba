namespace Vae.MLNet;

/// <summary>
/// A saved model that cannot be loaded: bytes that are not a valid model file, a model Vae.MLNet did not write,
/// a format version this library does not know, or weights whose shapes contradict the model's own description.
/// The message says what is wrong and what to do about it.
/// </summary>
public sealed class VaeModelFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="modelPart">Which part of the model the problem is in (for example "encoder" or "decoder"), if any.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public VaeModelFormatException(string message, string? modelPart = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ModelPart = modelPart;
    }

    /// <summary>Which part of the model the problem is in, for example "encoder" or "decoder"; null when it concerns the whole model.</summary>
    public string? ModelPart { get; }
}
