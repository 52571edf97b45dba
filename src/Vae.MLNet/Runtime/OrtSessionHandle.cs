namespace Vae.MLNet.Runtime;

/// <summary>
/// Owns an <c>OrtSession</c> and holds a reference on the environment it was created in, so that the environment is
/// released only after the session, whatever order disposal or finalization happen in. Tells the garbage collector of
/// the native memory the session holds, so that sessions nobody disposes are finalized as that memory grows, not only
/// when managed allocations happen to run the collector: 600 such sessions of a 784-400-20 encoder held 1.5 GB without
/// one collection.
/// </summary>
internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    // ONNX Runtime holds about twice the serialized model per session (the graph and the weights it copies out of it,
    // 1.90 to 1.98 times the model's bytes for MNIST encoders, decoders and autoencoders of 0.2 to 2.6 MB), and about
    // 100 KiB however small the model.
    private const long BytesPerModelByte = 2;
    private const long BytesPerSession = 100 * 1024;

    // Null when referencing the environment failed: the base constructor has owned the session by then, and its
    // finalizer must still release it without touching an environment it holds no reference on.
    private readonly OrtEnvHandle? referencedEnvironment;

    // 0 until the collector is told, so a constructor that fails before then removes nothing on release.
    private readonly long memoryPressure;

    /// <summary>Takes ownership of <paramref name="pointer"/> and references <paramref name="environment"/>.</summary>
    /// <param name="pointer">The session, freshly created.</param>
    /// <param name="environment">The environment the session was created in.</param>
    /// <param name="modelLength">The length of the serialized model the session was created from.</param>
    public OrtSessionHandle(nint pointer, OrtEnvHandle environment, int modelLength)
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

        long nativeBytes = BytesPerSession + (BytesPerModelByte * modelLength);
        GC.AddMemoryPressure(nativeBytes);
        memoryPressure = nativeBytes;
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

        if (memoryPressure > 0)
        {
            GC.RemoveMemoryPressure(memoryPressure);
        }

        referencedEnvironment?.DangerousRelease();
        return true;
    }
}
