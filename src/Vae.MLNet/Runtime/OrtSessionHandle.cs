namespace Vae.MLNet.Runtime;

/// <summary>
/// Owns an <c>OrtSession</c> and holds a reference on the environment it was created in, so that the environment is
/// released only after the session, whatever order disposal or finalization happen in.
/// </summary>
internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    // Null when referencing the environment failed: the base constructor has owned the session by then, and its
    // finalizer must still release it without touching an environment it holds no reference on.
    private readonly OrtEnvHandle? referencedEnvironment;

    /// <summary>Takes ownership of <paramref name="pointer"/> and references <paramref name="environment"/>.</summary>
    /// <param name="pointer">The session, freshly created.</param>
    /// <param name="environment">The environment the session was created in.</param>
    public OrtSessionHandle(nint pointer, OrtEnvHandle environment)
        : base(pointer)
    {
        bool added = false;
        try
        {
            environment.DangerousAddRef(ref added);
        }
        finally
        {
            referencedEnvironment = added ? environment : null;
        }
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        // Once the process began to exit on another thread the exit frees the session: a release could overlap ONNX Runtime's teardown.
        if (OnnxRuntimeExitGate.Process.TryEnter())
        {
            try
            {
                OrtApi.Instance.ReleaseSession(handle);
            }
            finally
            {
                OnnxRuntimeExitGate.Process.Leave();
            }
        }

        referencedEnvironment?.DangerousRelease();
        return true;
    }
}
