using System.Runtime.InteropServices;

namespace Vae.MLNet.Runtime;

/// <summary>Owns one ONNX Runtime object; NULL is the invalid value, as for every <c>Ort*</c> pointer.</summary>
internal abstract class OrtHandle : SafeHandle
{
    /// <summary>Takes ownership of <paramref name="pointer"/>.</summary>
    /// <param name="pointer">The native object, freshly created and owned by no one else.</param>
    protected OrtHandle(nint pointer)
        : base(0, ownsHandle: true)
    {
        SetHandle(pointer);
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;
}
