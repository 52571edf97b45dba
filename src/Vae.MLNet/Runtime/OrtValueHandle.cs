namespace Vae.MLNet.Runtime;

/// <summary>Owns an <c>OrtValue</c>: a tensor over a buffer that its owner keeps pinned for the value's life.</summary>
/// <param name="pointer">The value, freshly created.</param>
internal sealed unsafe class OrtValueHandle(nint pointer) : OrtHandle(pointer)
{
    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseValue(handle);
        return true;
    }
}
