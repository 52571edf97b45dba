using System.Buffers;

namespace Vae.MLNet.Runtime;

/// <summary>
/// A batch's inputs and outputs bound to their buffers once (see <see cref="OnnxSession.Bind"/>): each
/// <see cref="Run"/> scores what the input buffers hold then into the output buffers, without making the tensors anew.
/// </summary>
/// <remarks>
/// One run at a time: runs at once would write the same output buffers. <see cref="Dispose"/> releases the tensors and
/// unpins the buffers once no run is using them; a binding nobody disposes unpins them when it is finalized, so its
/// buffers can still be collected. Disposing the session makes later runs throw <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed unsafe class OnnxBinding : IDisposable
{
    private readonly OnnxSession _session;
    private readonly MemoryHandle[] _pins;
    private readonly OrtValueHandle[] _values;

    // Each tensor's name and value, inputs first: the tables ONNX Runtime's Run reads. The names are the session's.
    private readonly nint[] _names;
    private readonly nint[] _valueTable;
    private readonly int _inputCount;
    private int _running;
    private int _disposed;

    internal OnnxBinding(OnnxSession session, MemoryHandle[] pins, OrtValueHandle[] values, nint[] names, nint[] valueTable, int inputCount)
    {
        _session = session;
        _pins = pins;
        _values = values;
        _names = names;
        _valueTable = valueTable;
        _inputCount = inputCount;
    }

    /// <summary>Unpins the buffers of a binding nobody disposed.</summary>
    /// <remarks>
    /// A pinned buffer is never collected. The tensors over the buffers are SafeHandles, which release themselves, and
    /// ONNX Runtime does not read a tensor's buffer when releasing it.
    /// </remarks>
    ~OnnxBinding() => Unpin();

    /// <summary>Scores the input buffers' current contents into the output buffers.</summary>
    /// <exception cref="InvalidOperationException">
    /// Another run of this binding has not finished, or the process began to exit on another thread and is still there 10 s later.
    /// </exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed to run the model.</exception>
    /// <exception cref="ObjectDisposedException">The binding or its session has been disposed.</exception>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // Entered before the binding is claimed: a run the gate refuses waits there for its RefusalWait, and holding the
        // binding meanwhile would keep Dispose, in a ProcessExit handler disposing the model say, waiting as long.
        OnnxRuntimeExitGate.Process.Enter();
        try
        {
            if (Interlocked.Exchange(ref _running, 1) != 0)
            {
                throw new InvalidOperationException("OnnxBinding.Run was called while another run of the binding had not finished; its runs write the same buffers, so they must take turns.");
            }

            RunClaimed();
        }
        finally
        {
            OnnxRuntimeExitGate.Process.Leave();
        }
    }

    /// <summary>Releases the tensors and unpins the buffers, once no run is using them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (OrtValueHandle value in _values)
        {
            value.Dispose();
        }

        // A run in progress holds its own references on the tensors, but not the pins: wait for it to finish.
        var wait = new SpinWait();
        while (Volatile.Read(ref _running) != 0)
        {
            wait.SpinOnce();
        }

        Unpin();
        GC.SuppressFinalize(this);
    }

    // The binding is this run's, and the exit gate entered.
    private void RunClaimed()
    {
        int count = _values.Length;
        int referenced = 0;
        try
        {
            for (; referenced < count; referenced++)
            {
                bool added = false;
                _values[referenced].DangerousAddRef(ref added);
            }

            fixed (nint* names = _names)
            fixed (nint* valueTable = _valueTable)
            {
                _session.RunTensors((byte**)names, valueTable, _inputCount, count);
            }
        }
        catch (ObjectDisposedException) when (referenced < count)
        {
            // Disposed since the check above: the caller should hear about the binding, not one of its tensors.
            throw new ObjectDisposedException(GetType().FullName);
        }
        finally
        {
            for (int k = 0; k < referenced; k++)
            {
                _values[k].DangerousRelease();
            }

            Volatile.Write(ref _running, 0);
        }
    }

    private void Unpin()
    {
        foreach (MemoryHandle pin in _pins)
        {
            pin.Dispose();
        }
    }
}
