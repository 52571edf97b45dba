namespace Vae.MLNet.Runtime;

/// <summary>Owns an <c>OrtMemoryInfo</c>.</summary>
/// <param name="pointer">The memory description, freshly created.</param>
internal sealed unsafe class OrtMemoryInfoHandle(nint pointer) : OrtHandle(pointer)
{
    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseMemoryInfo(handle);
        return true;
    }
}
