namespace Vae.MLNet.Runtime;

/// <summary>
/// A scoring graph's runs of a single row bound once (see <see cref="OnnxSession.Bind"/>) to pinned buffers of their
/// own, each made the first time a caller needs it and kept: a row scored whole then costs one native call, the run,
/// where making and releasing a tensor per input and output cost two more a tensor. Callers that overlap, as a server's
/// threads do, each rent a set of their own, since a binding runs for one caller at a time.
/// </summary>
/// <remarks>
/// There are at most as many sets as processors, as no more calls than that run at once. A caller that finds every set
/// rented scores through tensors made for its run instead of waiting: the set's holder may be a thread the scheduler
/// has put off, and the caller would wait for it with a core of its own idle.
/// </remarks>
internal sealed class SingleRowBindings : IDisposable
{
    private readonly OnnxSession _session;
    private readonly int _input;
    private readonly int[] _outputs;
    private readonly SingleRow?[] _sets;

    // 1 where a caller holds the set: claimed by compare-and-swap, so renting takes no lock once the set is made.
    private readonly int[] _rented;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="session">The graph's session.</param>
    /// <param name="input">The position of the graph's only input among the session's.</param>
    /// <param name="outputs">The positions of the outputs to bind among the session's; -1 for one the graph lacks, which gets no buffer.</param>
    public SingleRowBindings(OnnxSession session, int input, int[] outputs)
    {
        _session = session;
        _input = input;
        _outputs = outputs;
        _sets = new SingleRow?[Environment.ProcessorCount];
        _rented = new int[_sets.Length];
    }

    /// <summary>A set no other caller holds, made if this is its first use; null when every set is held.</summary>
    /// <exception cref="ObjectDisposedException">The bindings were disposed before this set was made.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime refused to make a tensor of the set.</exception>
    public SingleRow? TryRent()
    {
        for (int slot = 0; slot < _sets.Length; slot++)
        {
            if (Interlocked.CompareExchange(ref _rented[slot], 1, 0) != 0)
            {
                continue;
            }

            try
            {
                return _sets[slot] ?? Make(slot);
            }
            catch
            {
                Volatile.Write(ref _rented[slot], 0);
                throw;
            }
        }

        return null;
    }

    /// <summary>Hands back a set <see cref="TryRent"/> gave.</summary>
    public void Return(SingleRow set) => Volatile.Write(ref _rented[set.Slot], 0);

    /// <summary>Releases the sets' tensors, each once no run is using it; a set rented still scores nothing after.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (SingleRow? set in _sets)
            {
                set?.Binding.Dispose();
            }
        }
    }

    // Under the gate, so that a set is never made after Dispose has released the others, to be left to the finalizer.
    private SingleRow Make(int slot)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            float[] input = Buffer(_session.Inputs[_input]);
            float[][] outputs = [.. _outputs.Select(output => output < 0 ? [] : Buffer(_session.Outputs[output]))];
            OnnxBinding binding = _session.Bind(
                1,
                [new OnnxInput(_session.Inputs[_input].Name, input)],
                [.. _outputs.Index().Where(output => output.Item >= 0).Select(output => new OnnxOutput(_session.Outputs[output.Item].Name, outputs[output.Index]))]);
            return _sets[slot] = new SingleRow(slot, input, outputs, binding);
        }
    }

    // Pinned for good, so a set's buffers stay where its tensors point, and stay valid for a holder after Dispose.
    private static float[] Buffer(OnnxTensorInfo tensor) => GC.AllocateArray<float>(checked((int)tensor.ElementCount(1)), pinned: true);

    /// <summary>One caller's buffers of a single row and the binding that scores them.</summary>
    /// <param name="Slot">The set's place among the bindings.</param>
    /// <param name="Input">The row's input, which the caller fills before <see cref="OnnxBinding.Run"/>.</param>
    /// <param name="Outputs">Each output the bindings were made for, in their order; empty for one the graph lacks.</param>
    /// <param name="Binding">Scores <paramref name="Input"/> into <paramref name="Outputs"/>.</param>
    internal sealed record SingleRow(int Slot, float[] Input, float[][] Outputs, OnnxBinding Binding);
}
