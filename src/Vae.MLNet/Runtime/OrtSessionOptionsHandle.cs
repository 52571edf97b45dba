namespace Vae.MLNet.Runtime;

/// <summary>Owns an <c>OrtSessionOptions</c>.</summary>
/// <param name="pointer">The options, freshly created.</param>
internal sealed unsafe class OrtSessionOptionsHandle(nint pointer) : OrtHandle(pointer)
{
    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseSessionOptions(handle);
        return true;
    }
}
