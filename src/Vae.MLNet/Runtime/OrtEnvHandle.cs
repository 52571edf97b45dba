namespace Vae.MLNet.Runtime;

/// <summary>Owns an <c>OrtEnv</c>.</summary>
/// <param name="pointer">The environment, freshly created.</param>
internal sealed unsafe class OrtEnvHandle(nint pointer) : OrtHandle(pointer)
{
    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        OrtApi.Instance.ReleaseEnv(handle);
        return true;
    }
}
