using System.Diagnostics;

namespace Vae.MLNet.Runtime;

/// <summary>
/// One of a model's scoring graphs in its session, with its input and the outputs <see cref="VaeOnnxModel"/> asks it
/// for resolved to the session's tensors once: a run then looks up no names, pins nothing the caller has not pinned and
/// allocates nothing, where the public <see cref="OnnxSession.Run(int, ReadOnlySpan{OnnxInput}, ReadOnlySpan{OnnxOutput})"/>
/// builds, pins and checks its arguments anew on every call. A single row runs through bindings made once
/// (<see cref="SingleRowBindings"/>), so that it makes no tensors either.
/// </summary>
internal sealed unsafe class ScoringGraph : IDisposable
{
    private readonly int _input;

    // Each output's position among the session's, in the order the constructor named them; -1 for one the graph lacks,
    // as the decoder lacks the reconstruction's log-variance unless the model learns it.
    private readonly int[] _outputs;
    private readonly SingleRowBindings _singleRows;

    /// <param name="session">The graph's session, which this graph owns from now on.</param>
    /// <param name="input">The graph's only input.</param>
    /// <param name="outputs">The outputs callers may ask for, in the order <see cref="Run"/> takes their buffers.</param>
    /// <exception cref="ArgumentException">The session has no input named <paramref name="input"/>.</exception>
    public ScoringGraph(OnnxSession session, string input, params string[] outputs)
    {
        Session = session;
        _input = session.InputIndex(input);
        _outputs = [.. outputs.Select(session.OutputIndex)];
        _singleRows = new SingleRowBindings(session, _input, _outputs);
    }

    public OnnxSession Session { get; }

    /// <summary>
    /// Scores <paramref name="rows"/> rows of the pinned row-major input at <paramref name="input"/> into each output
    /// whose address in <paramref name="outputs"/> is not null, an output not asked for; at least one must be asked for,
    /// and only outputs the graph has.
    /// </summary>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed to run the graph, or to make a single row's binding.</exception>
    /// <exception cref="ObjectDisposedException">The graph has been disposed.</exception>
    public void Run(int rows, nint input, ReadOnlySpan<nint> outputs)
    {
        Debug.Assert(outputs.Length == _outputs.Length, "one address per output the graph was made for");
        if (rows == 1 && _singleRows.TryRent() is { } row)
        {
            try
            {
                new ReadOnlySpan<float>((float*)input, row.Input.Length).CopyTo(row.Input);
                row.Binding.Run();
                for (int i = 0; i < outputs.Length; i++)
                {
                    if (outputs[i] != 0)
                    {
                        row.Outputs[i].CopyTo(new Span<float>((float*)outputs[i], row.Outputs[i].Length));
                    }
                }
            }
            finally
            {
                _singleRows.Return(row);
            }

            return;
        }

        Span<int> outputIndex = stackalloc int[outputs.Length];
        Span<nint> buffers = stackalloc nint[1 + outputs.Length];
        buffers[0] = input;
        int requested = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            if (outputs[i] != 0)
            {
                Debug.Assert(_outputs[i] >= 0, "the callers' argument checks refuse a buffer for an output the graph lacks");
                outputIndex[requested] = _outputs[i];
                buffers[++requested] = outputs[i];
            }
        }

        Session.RunResolved(rows, new ReadOnlySpan<int>(in _input), outputIndex[..requested], buffers[..(1 + requested)]);
    }

    public void Dispose()
    {
        _singleRows.Dispose();
        Session.Dispose();
    }
}
