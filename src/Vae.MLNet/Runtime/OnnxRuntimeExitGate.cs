namespace Vae.MLNet.Runtime;

/// <summary>
/// Keeps ONNX Runtime's work out of its teardown. When the process exits, exit() runs libonnxruntime's static destructors
/// while other threads may still be inside a session's creation or run, which then uses freed memory: the process ended
/// with SIGSEGV (exit code 139) instead of its own exit code in 5 of 250 Environment.Exit calls made while a thread
/// scored (microsoft/onnxruntime#24579). Every orderly exit (Environment.Exit, the end of Main, SIGTERM) raises
/// <see cref="AppDomain.ProcessExit"/> before exit(), so <see cref="BeginExit"/> runs then.
/// </summary>
/// <remarks>
/// Once the exit has begun, the exiting thread, which runs the ProcessExit handlers and then exit() itself, still calls
/// ONNX Runtime (a <see cref="VaeOnnxModel"/> then scores its calls whole on that thread, not on its runner threads);
/// another thread's call waits for the process to end instead of throwing at once, as a scoring thread
/// that does not expect an exception would end the process with SIGABRT and an unhandled-exception report before the
/// exit finished. Only if the process is still there after <see cref="RefusalWait"/> (a ProcessExit handler waiting for
/// that thread) does the call throw, so that the handler is not kept waiting for ever.
/// </remarks>
internal sealed class OnnxRuntimeExitGate
{
    private int _callsInFlight;

    // 0 until the exit begins; managed thread ids are positive.
    private int _exitingThread;

    /// <param name="inFlightWait">How long <see cref="BeginExit"/> waits for calls in flight.</param>
    /// <param name="refusalWait">How long a call refused on another thread waits for the process to end before throwing.</param>
    public OnnxRuntimeExitGate(TimeSpan inFlightWait, TimeSpan refusalWait)
    {
        InFlightWait = inFlightWait;
        RefusalWait = refusalWait;
    }

    /// <summary>The process's gate, which ONNX Runtime's exit closes.</summary>
    // A run longer than the in-flight wait is a batch of hundreds of thousands of rows: the exit goes ahead without it.
    public static OnnxRuntimeExitGate Process { get; } = CloseOnProcessExit(new OnnxRuntimeExitGate(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));

    public TimeSpan InFlightWait { get; }

    public TimeSpan RefusalWait { get; }

    /// <summary>Whether the process has begun to exit: from then on only the exiting thread's calls go ahead.</summary>
    public bool HasExitBegun => Volatile.Read(ref _exitingThread) != 0;

    /// <summary>Counts a call into ONNX Runtime that must not overlap the exit; <see cref="Leave"/> ends it.</summary>
    /// <exception cref="InvalidOperationException">The process began to exit on another thread and is still there after <see cref="RefusalWait"/>.</exception>
    public void Enter()
    {
        if (!TryEnter())
        {
            Thread.Sleep(RefusalWait);
            throw new InvalidOperationException(
                "The process is exiting, so ONNX Runtime takes no more work: a run still going when the process exits can crash it. "
                + "Stop scoring on other threads before calling Environment.Exit or returning from Main.");
        }
    }

    /// <summary>Counts a call into ONNX Runtime unless the process began to exit on another thread.</summary>
    /// <returns>Whether the call may go ahead; if so, <see cref="Leave"/> ends it.</returns>
    public bool TryEnter()
    {
        // Interlocked is a full fence, as in BeginExit: either this call sees the exit, or the exit sees this call.
        Interlocked.Increment(ref _callsInFlight);
        int exiting = Volatile.Read(ref _exitingThread);
        if (exiting == 0 || exiting == Environment.CurrentManagedThreadId)
        {
            return true;
        }

        Leave();
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _callsInFlight);

    /// <summary>Refuses other threads' new calls and waits up to <see cref="InFlightWait"/> for those in flight.</summary>
    public void BeginExit()
    {
        Interlocked.CompareExchange(ref _exitingThread, Environment.CurrentManagedThreadId, 0);
        long deadline = Environment.TickCount64 + (long)InFlightWait.TotalMilliseconds;
        while (Volatile.Read(ref _callsInFlight) > 0 && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(1);
        }
    }

    private static OnnxRuntimeExitGate CloseOnProcessExit(OnnxRuntimeExitGate gate)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => gate.BeginExit();
        return gate;
    }
}
