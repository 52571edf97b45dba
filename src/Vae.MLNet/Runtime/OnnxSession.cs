using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Vae.MLNet.Runtime;

/// <summary>
/// An ONNX model loaded into ONNX Runtime's CPU execution provider, scoring float batches straight from and into
/// caller-owned buffers.
/// </summary>
/// <remarks>
/// <para>
/// The first dimension of each input and output is the batch dimension: when it is symbolic it takes the row count
/// given to <c>Run</c>; every other dimension must be fixed. Buffers are row-major and must hold exactly the number
/// of floats the shape implies; ONNX Runtime reads inputs and writes outputs in place, without copies. A caller that
/// scores the same buffers again and again binds them once with <see cref="Bind"/>.
/// </para>
/// <para>
/// <c>Run</c> may be called from several threads at once. <see cref="Dispose"/> waits for no one: runs already in
/// progress finish first, then the native session is released; later calls throw <see cref="ObjectDisposedException"/>.
/// A session nobody disposes is released when the garbage collector finalizes it; the collector is told of the native
/// memory it holds (about twice the model's bytes), so undisposed sessions cost a delay, not memory without limit.
/// </para>
/// <para>
/// When the process exits (<see cref="Environment.Exit"/>, the end of <c>Main</c>, SIGTERM), the exit waits up to 5 s
/// for runs in flight on other threads, since ONNX Runtime's teardown would free memory under them. A run or a new
/// session asked for on another thread after that waits for the process to end, and throws
/// <see cref="InvalidOperationException"/> only if the process is still there 10 s later (a
/// <see cref="AppDomain.ProcessExit"/> handler waiting for that thread).
/// </para>
/// </remarks>
public sealed unsafe class OnnxSession : IDisposable
{
    private const int GraphOptimizationAll = 99;

    // Above this many entries a run's per-tensor tables go on the heap: a model's tensor count and ranks are its own,
    // and a crafted one with ranks in the hundreds of thousands would overflow the stack, which no catch survives.
    private const int MaxStackEntries = 256;

    private readonly OrtEnvironment environment;
    private readonly OrtSessionHandle session;
    private readonly OnnxTensorInfo[] inputs;
    private readonly OnnxTensorInfo[] outputs;

    // Set when no input or output has a symbolic first dimension: ONNX Runtime then scores the rows the graph fixes,
    // whatever row count a run is given. The tensor is the first whose first dimension they all share, or null when
    // they share none and a run scores the graph once.
    private readonly (long Rows, OnnxTensorInfo? Batch)? fixedRows;

    // ONNX Runtime wants a valid pointer even for a tensor with no elements, which a pinned empty span does not give.
    private static readonly float[] EmptyTensorData = GC.AllocateArray<float>(1, pinned: true);

    // Input names first, then output names, in model order.
    private readonly Utf8NameTable names;
    private int disposed;

    // Counted so that tests can hold scoring to the tensors it should make: one atomic add beside a native call that allocates.
    private long tensorsMade;

    /// <summary>Loads a model with every graph optimization enabled.</summary>
    /// <param name="model">The serialized ONNX model; it is not referenced after the constructor returns.</param>
    /// <param name="intraOpThreads">
    /// Threads one operator may use. The default, 1, suits the small dense networks of a VAE: batch-1 latency stays
    /// lowest without a thread pool, and callers scale out by running from several threads. 0 lets ONNX Runtime choose
    /// (one per physical core); at most <see cref="VaeOptions.MaxNumberOfThreads"/>. With more than one, ONNX Runtime's
    /// threads sleep between operators rather than spin, which costs single rows time but spares the cores.
    /// </param>
    /// <remarks>
    /// A model with inputs or outputs this session cannot bind (not float tensors, or symbolic beyond their first
    /// dimension) still loads: <see cref="Inputs"/> and <see cref="Outputs"/> describe it and, when every input can be
    /// bound, the outputs that can be are computed. Binding such a tensor, in <c>Run</c> or <see cref="Bind"/>, throws an
    /// <see cref="ArgumentException"/> that says what to change in the model.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// <paramref name="model"/> is empty, one of its outputs is also one of its inputs, or an input or output name is not valid UTF-8.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intraOpThreads"/> is negative or above <see cref="VaeOptions.MaxNumberOfThreads"/>.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime rejected the model.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime native library could not be loaded.</exception>
    /// <exception cref="InvalidOperationException">The process began to exit on another thread and is still there 10 s later.</exception>
    public OnnxSession(ReadOnlySpan<byte> model, int intraOpThreads = 1)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model is empty.", nameof(model));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);

        // ONNX Runtime starts every thread asked for; thousands take minutes, and no machine this targets has them.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(intraOpThreads, VaeOptions.MaxNumberOfThreads);

        environment = OrtEnvironment.Instance;
        OrtApi api = environment.Api;
        session = CreateSession(environment, model, intraOpThreads);
        try
        {
            nint raw = session.DangerousGetHandle();
            nint allocator = environment.DefaultAllocator;
            inputs = ReadTensorInfos(api, raw, allocator, api.SessionGetInputCount, api.SessionGetInputName, api.SessionGetInputTypeInfo, "input", nameof(model));
            outputs = ReadTensorInfos(api, raw, allocator, api.SessionGetOutputCount, api.SessionGetOutputName, api.SessionGetOutputTypeInfo, "output", nameof(model));
            ThrowIfAnOutputIsAnInput(inputs, outputs, nameof(model));
            fixedRows = FixedRows([.. inputs, .. outputs]);
            names = new Utf8NameTable([.. inputs.Select(t => t.Name), .. outputs.Select(t => t.Name)]);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        Inputs = Array.AsReadOnly(inputs);
        Outputs = Array.AsReadOnly(outputs);
    }

    /// <summary>The model's inputs, in model order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>The model's outputs, in model order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>
    /// Scores a batch: reads every model input from <paramref name="inputs"/> and writes the requested outputs, any
    /// non-empty subset of the model's outputs, into <paramref name="outputs"/>.
    /// </summary>
    /// <param name="rows">
    /// Rows in the batch, the size of each symbolic first dimension. A graph without one scores the rows it fixes: the
    /// first dimension all its inputs and outputs share, or 1 when they share none.
    /// </param>
    /// <param name="inputs">One entry per model input, in any order.</param>
    /// <param name="outputs">The outputs to compute, in any order, each at most once; their buffers must not overlap
    /// each other or any input.</param>
    /// <exception cref="ArgumentException">
    /// A name is unknown or repeated, an input is missing, a buffer has the wrong length or overlaps, or a tensor is
    /// not a float tensor with only its first dimension symbolic, or <paramref name="rows"/> is not the rows a graph
    /// without a symbolic first dimension scores.
    /// </exception>
    /// <exception cref="ArgumentNullException">An entry has no name, as a default <see cref="OnnxInput"/> or <see cref="OnnxOutput"/> has none.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is not positive.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed to run the model.</exception>
    /// <exception cref="ObjectDisposedException">The session has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The process began to exit on another thread and is still there 10 s later.</exception>
    public void Run(int rows, ReadOnlySpan<OnnxInput> inputs, ReadOnlySpan<OnnxOutput> outputs)
    {
        ThrowIfDisposed();
        ThrowIfRowsUnscorable(rows);
        ThrowIfWrongCounts(inputs.Length, outputs.Length);
        Span<int> inputIndex = inputs.Length <= MaxStackEntries ? stackalloc int[inputs.Length] : new int[inputs.Length];
        Span<int> outputIndex = outputs.Length <= MaxStackEntries ? stackalloc int[outputs.Length] : new int[outputs.Length];
        ResolveAll(rows, inputs, outputs, inputIndex, outputIndex);

        int count = inputs.Length + outputs.Length;
        Span<nint> buffers = count <= MaxStackEntries ? stackalloc nint[count] : new nint[count];

        // MemoryHandle holds object references, so it cannot live in stack memory; the pool avoids an allocation.
        MemoryHandle[] pins = ArrayPool<MemoryHandle>.Shared.Rent(count);
        try
        {
            Pin(inputs, outputs, pins, buffers);
            RunCore(rows, inputIndex, outputIndex, buffers, nameof(outputs));
        }
        finally
        {
            for (int i = 0; i < count; i++)
            {
                pins[i].Dispose();
            }

            ArrayPool<MemoryHandle>.Shared.Return(pins, clearArray: true);
        }
    }

    /// <summary>
    /// Binds a batch's inputs and outputs, as <see cref="Run(int, ReadOnlySpan{OnnxInput}, ReadOnlySpan{OnnxOutput})"/>
    /// takes them, to their buffers once, for scoring whatever the buffers hold again and again with
    /// <see cref="OnnxBinding.Run"/>: the ONNX Runtime tensors over the buffers are made here instead of on every run.
    /// The buffers stay pinned until the binding is disposed.
    /// </summary>
    /// <param name="rows">Rows in the batch, as <see cref="Run(int, ReadOnlySpan{OnnxInput}, ReadOnlySpan{OnnxOutput})"/> takes them.</param>
    /// <param name="inputs">One entry per model input, in any order; its buffer is read on every run of the binding.</param>
    /// <param name="outputs">
    /// The outputs to compute, in any order, each at most once; their buffers, written on every run, must not overlap each other or any input.
    /// </param>
    /// <exception cref="ArgumentException">
    /// A name is unknown or repeated, an input is missing, a buffer has the wrong length or overlaps, or a tensor is
    /// not a float tensor with only its first dimension symbolic, or <paramref name="rows"/> is not the rows a graph
    /// without a symbolic first dimension scores.
    /// </exception>
    /// <exception cref="ArgumentNullException">An entry has no name, as a default <see cref="OnnxInput"/> or <see cref="OnnxOutput"/> has none.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is not positive.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime refused to make a tensor.</exception>
    /// <exception cref="ObjectDisposedException">The session has been disposed.</exception>
    public OnnxBinding Bind(int rows, ReadOnlySpan<OnnxInput> inputs, ReadOnlySpan<OnnxOutput> outputs)
    {
        ThrowIfDisposed();
        ThrowIfRowsUnscorable(rows);
        ThrowIfWrongCounts(inputs.Length, outputs.Length);
        int[] inputIndex = new int[inputs.Length];
        int[] outputIndex = new int[outputs.Length];
        ResolveAll(rows, inputs, outputs, inputIndex, outputIndex);

        int count = inputs.Length + outputs.Length;
        var pins = new MemoryHandle[count];
        var values = new OrtValueHandle[count];
        bool sessionReferenced = false;
        bool namesReferenced = false;
        try
        {
            AddReferences(ref sessionReferenced, ref namesReferenced);
            var buffers = new nint[count];
            Pin(inputs, outputs, pins, buffers);
            ThrowIfOutputsOverlap(rows, inputIndex, outputIndex, buffers, nameof(outputs));
            OrtApi api = environment.Api;
            nint memoryInfo = environment.CpuMemoryInfo.DangerousGetHandle();
            var tensorNames = new nint[count];
            var valueTable = new nint[count];
            for (int k = 0; k < count; k++)
            {
                tensorNames[k] = (nint)NameOf(k, inputIndex, outputIndex);
                values[k] = new OrtValueHandle(MakeTensor(api, memoryInfo, Tensor(k, inputIndex, outputIndex), rows, buffers[k]));
                valueTable[k] = values[k].DangerousGetHandle();
            }

            // Built here, so the binding's constructor cannot fail once it exists: its finalizer would unpin the buffers this catch unpins.
            return new OnnxBinding(this, pins, values, tensorNames, valueTable, inputs.Length);
        }
        catch
        {
            foreach (OrtValueHandle? value in values)
            {
                value?.Dispose();
            }

            foreach (MemoryHandle pin in pins)
            {
                pin.Dispose();
            }

            throw;
        }
        finally
        {
            ReleaseReferences(sessionReferenced, namesReferenced);
        }
    }

    /// <summary>Scores a batch of a single-input model, computing one of its outputs.</summary>
    /// <param name="rows">
    /// Rows in the batch, the size of each symbolic first dimension. A graph without one scores the rows it fixes: the
    /// first dimension all its inputs and outputs share, or 1 when they share none.
    /// </param>
    /// <param name="inputName">The model's only input.</param>
    /// <param name="input">Row-major input data.</param>
    /// <param name="outputName">The output to compute.</param>
    /// <param name="output">Receives the row-major output; must not overlap <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">
    /// The model has more than one input, a name is unknown, a buffer has the wrong length or overlaps, or a tensor is
    /// not a float tensor with only its first dimension symbolic, or <paramref name="rows"/> is not the rows a graph
    /// without a symbolic first dimension scores.
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="inputName"/> or <paramref name="outputName"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is not positive.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed to run the model.</exception>
    /// <exception cref="ObjectDisposedException">The session has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The process began to exit on another thread and is still there 10 s later.</exception>
    public void Run(int rows, string inputName, ReadOnlySpan<float> input, string outputName, Span<float> output)
    {
        ThrowIfDisposed();
        ThrowIfRowsUnscorable(rows);
        if (inputs.Length != 1)
        {
            throw new ArgumentException(
                $"The model has {inputs.Length} inputs ({ListNames(inputs)}); use the overload taking {nameof(OnnxInput)} values.",
                nameof(inputName));
        }

        int inputIndex = Resolve(inputs, inputName, [], "input", nameof(inputName));
        ThrowIfWrongLength(inputs[inputIndex], "input", rows, input.Length, nameof(input));
        int outputIndex = Resolve(outputs, outputName, [], "output", nameof(outputName));
        ThrowIfWrongLength(outputs[outputIndex], "output", rows, output.Length, nameof(output));

        fixed (float* inputData = input)
        fixed (float* outputData = output)
        {
            Span<nint> buffers = [(nint)inputData, (nint)outputData];
            RunCore(rows, new ReadOnlySpan<int>(in inputIndex), new ReadOnlySpan<int>(in outputIndex), buffers, nameof(output));
        }
    }

    /// <summary>The position among <see cref="Inputs"/> of the input named <paramref name="name"/>, for <see cref="RunResolved"/>.</summary>
    /// <exception cref="ArgumentException">The model has no input of that name.</exception>
    internal int InputIndex(string name) => Resolve(inputs, name, [], "input", nameof(name));

    /// <summary>The position among <see cref="Outputs"/> of the output named <paramref name="name"/>, or -1 when the model has none.</summary>
    internal int OutputIndex(string name) => Array.FindIndex(outputs, output => string.Equals(output.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// Scores a batch of inputs and outputs resolved beforehand, for the library's own callers, which score the same
    /// tensors call after call: <paramref name="inputIndex"/> and <paramref name="outputIndex"/> are positions among
    /// <see cref="Inputs"/> and <see cref="Outputs"/> (every input once, each output at most once), and
    /// <paramref name="buffers"/> the addresses of their row-major buffers, inputs first, which the caller keeps pinned
    /// and sized for <paramref name="rows"/> rows. Unlike the public <c>Run</c>, it looks up no names, pins nothing and
    /// allocates nothing; it still makes and releases a tensor per buffer.
    /// </summary>
    /// <exception cref="ArgumentException">An output's buffer overlaps another buffer.</exception>
    /// <exception cref="VaeOnnxRuntimeException">ONNX Runtime failed to run the model.</exception>
    /// <exception cref="ObjectDisposedException">The session has been disposed.</exception>
    internal void RunResolved(int rows, ReadOnlySpan<int> inputIndex, ReadOnlySpan<int> outputIndex, ReadOnlySpan<nint> buffers)
    {
        ThrowIfDisposed();
        ThrowIfRowsUnscorable(rows);
        RunCore(rows, inputIndex, outputIndex, buffers, "outputs");
    }

    /// <summary>How many ONNX Runtime tensors runs and bindings of this session have made, each released after its run or with its binding.</summary>
    internal long TensorsMade => Interlocked.Read(ref tensorsMade);

    /// <summary>Releases the native session once no run is using it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // Runs in progress hold references on both handles; the native memory goes when the last of them finishes.
        session.Dispose();
        names.Dispose();
    }

    // Everything here is validated: indices resolved, lengths match the shapes for this row count, buffers pinned.
    private void RunCore(int rows, ReadOnlySpan<int> inputIndex, ReadOnlySpan<int> outputIndex, ReadOnlySpan<nint> buffers, string outputsName)
    {
        int count = inputIndex.Length + outputIndex.Length;
        ThrowIfOutputsOverlap(rows, inputIndex, outputIndex, buffers, outputsName);

        Span<nint> pointerTable = 2 * count <= MaxStackEntries ? stackalloc nint[2 * count] : new nint[2 * count];
        pointerTable.Clear();
        fixed (nint* pointers = pointerTable)
        {
            RunWithTables(rows, inputIndex, outputIndex, buffers, (byte**)pointers, pointers + count);
        }
    }

    // The tables hold, per tensor, its name and its OrtValue (zeroed). Making and releasing the tensors call ONNX
    // Runtime as the run does, so the gate is entered before the first is made and left after the last is released: a
    // release just after leaving could overlap exit()'s teardown. Entered before anything is made or referenced, a
    // refused run leaves nothing to release, and holds no reference on the session while it waits.
    private void RunWithTables(int rows, ReadOnlySpan<int> inputIndex, ReadOnlySpan<int> outputIndex, ReadOnlySpan<nint> buffers, byte** tensorNames, nint* values)
    {
        int count = inputIndex.Length + outputIndex.Length;
        OrtApi api = environment.Api;
        nint memoryInfo = environment.CpuMemoryInfo.DangerousGetHandle();
        OnnxRuntimeExitGate.Process.Enter();
        try
        {
            bool sessionReferenced = false;
            bool namesReferenced = false;
            try
            {
                AddReferences(ref sessionReferenced, ref namesReferenced);
                for (int k = 0; k < count; k++)
                {
                    tensorNames[k] = NameOf(k, inputIndex, outputIndex);
                    values[k] = MakeTensor(api, memoryInfo, Tensor(k, inputIndex, outputIndex), rows, buffers[k]);
                }

                RunReferenced(tensorNames, values, inputIndex.Length, count);
            }
            finally
            {
                for (int k = 0; k < count; k++)
                {
                    if (values[k] != 0)
                    {
                        api.ReleaseValue(values[k]);
                    }
                }

                ReleaseReferences(sessionReferenced, namesReferenced);
            }
        }
        finally
        {
            OnnxRuntimeExitGate.Process.Leave();
        }
    }

    /// <summary>
    /// Runs the session on tensors made over the caller's buffers, <paramref name="inputCount"/> inputs first, then the
    /// outputs, which makes ONNX Runtime write into those buffers. The caller has entered <see cref="OnnxRuntimeExitGate.Process"/>.
    /// </summary>
    internal void RunTensors(byte** tensorNames, nint* values, int inputCount, int count)
    {
        bool sessionReferenced = false;
        bool namesReferenced = false;
        try
        {
            AddReferences(ref sessionReferenced, ref namesReferenced);
            RunReferenced(tensorNames, values, inputCount, count);
        }
        finally
        {
            ReleaseReferences(sessionReferenced, namesReferenced);
        }
    }

    // The caller has entered the exit gate: a binding does so before it claims itself, so that a run the gate refuses
    // holds nothing its Dispose waits for (see OnnxBinding.Run).
    private void RunReferenced(byte** tensorNames, nint* values, int inputCount, int count)
    {
        OrtApi api = environment.Api;
        api.ThrowIfFailed(api.Run(
            session.DangerousGetHandle(),
            0,
            tensorNames,
            values,
            (nuint)inputCount,
            tensorNames + inputCount,
            (nuint)(count - inputCount),
            values + inputCount));
    }

    /// <summary>
    /// References the native session and the name table for as long as a run or a binding uses them, so that a
    /// <see cref="Dispose"/> on another thread frees neither before then.
    /// </summary>
    private void AddReferences(ref bool sessionReferenced, ref bool namesReferenced)
    {
        try
        {
            session.DangerousAddRef(ref sessionReferenced);
            names.DangerousAddRef(ref namesReferenced);
        }
        catch (ObjectDisposedException)
        {
            // Disposed since the caller's check: the caller should hear about this session, not its handles.
            throw new ObjectDisposedException(GetType().FullName);
        }
    }

    private void ReleaseReferences(bool sessionReferenced, bool namesReferenced)
    {
        if (namesReferenced)
        {
            names.DangerousRelease();
        }

        if (sessionReferenced)
        {
            session.DangerousRelease();
        }
    }

    /// <summary>An OrtValue over <paramref name="buffer"/>, shaped as <paramref name="tensor"/> is for <paramref name="rows"/> rows.</summary>
    private nint MakeTensor(OrtApi api, nint memoryInfo, OnnxTensorInfo tensor, int rows, nint buffer)
    {
        ReadOnlySpan<long> dimensions = tensor.Dimensions;
        Span<long> shape = dimensions.Length <= MaxStackEntries ? stackalloc long[dimensions.Length] : new long[dimensions.Length];
        dimensions.CopyTo(shape);
        if (shape.Length > 0 && shape[0] < 0)
        {
            shape[0] = rows;
        }

        long elements = tensor.ElementCount(rows);
        nint value;
        fixed (long* shapeData = shape)
        fixed (float* empty = EmptyTensorData)
        {
            void* data = elements == 0 ? empty : (void*)buffer;
            api.ThrowIfFailed(api.CreateTensorWithDataAsOrtValue(
                memoryInfo, data, (nuint)elements * sizeof(float), shapeData, (nuint)shape.Length, OnnxElementType.Float, &value));
        }

        Interlocked.Increment(ref tensorsMade);
        return value;
    }

    // The name table lives while a run or a binding references it.
    private byte* NameOf(int k, ReadOnlySpan<int> inputIndex, ReadOnlySpan<int> outputIndex) =>
        names[k < inputIndex.Length ? inputIndex[k] : inputs.Length + outputIndex[k - inputIndex.Length]];

    private void ThrowIfWrongCounts(int inputCount, int outputCount)
    {
        if (inputCount != inputs.Length)
        {
            throw new ArgumentException(
                $"The model has {inputs.Length} input(s) ({ListNames(inputs)}), but {inputCount} were given.",
                nameof(inputs));
        }

        // Bounded by the model's own count before anything is sized from it.
        if (outputCount == 0 || outputCount > outputs.Length)
        {
            throw new ArgumentException(
                $"Request between 1 and {outputs.Length} of the model's outputs ({ListNames(outputs)}); {outputCount} were requested.",
                nameof(outputs));
        }
    }

    /// <summary>Finds each given input and output among the model's, into the index spans, and checks its buffer's length.</summary>
    private void ResolveAll(int rows, ReadOnlySpan<OnnxInput> given, ReadOnlySpan<OnnxOutput> requested, Span<int> inputIndex, Span<int> outputIndex)
    {
        for (int i = 0; i < given.Length; i++)
        {
            inputIndex[i] = Resolve(inputs, given[i].Name, inputIndex[..i], "input", nameof(inputs));
            ThrowIfWrongLength(inputs[inputIndex[i]], "input", rows, given[i].Data.Length, nameof(inputs));
        }

        for (int i = 0; i < requested.Length; i++)
        {
            outputIndex[i] = Resolve(outputs, requested[i].Name, outputIndex[..i], "output", nameof(outputs));
            ThrowIfWrongLength(outputs[outputIndex[i]], "output", rows, requested[i].Data.Length, nameof(outputs));
        }
    }

    /// <summary>Pins every buffer, inputs first, into <paramref name="pins"/>, and gives its address in <paramref name="buffers"/>.</summary>
    private static void Pin(ReadOnlySpan<OnnxInput> given, ReadOnlySpan<OnnxOutput> requested, Span<MemoryHandle> pins, Span<nint> buffers)
    {
        for (int i = 0; i < given.Length; i++)
        {
            pins[i] = given[i].Data.Pin();
            buffers[i] = (nint)pins[i].Pointer;
        }

        for (int i = 0; i < requested.Length; i++)
        {
            pins[given.Length + i] = requested[i].Data.Pin();
            buffers[given.Length + i] = (nint)pins[given.Length + i].Pointer;
        }
    }

    private OnnxTensorInfo Tensor(int k, ReadOnlySpan<int> inputIndex, ReadOnlySpan<int> outputIndex) =>
        k < inputIndex.Length ? inputs[inputIndex[k]] : outputs[outputIndex[k - inputIndex.Length]];

    // ONNX Runtime writes outputs while it may still read inputs: shared memory would silently corrupt results.
    private void ThrowIfOutputsOverlap(int rows, ReadOnlySpan<int> inputIndex, ReadOnlySpan<int> outputIndex, ReadOnlySpan<nint> buffers, string outputsName)
    {
        for (int k = inputIndex.Length; k < buffers.Length; k++)
        {
            long outputBytes = Tensor(k, inputIndex, outputIndex).ElementCount(rows) * sizeof(float);
            for (int j = 0; j < k; j++)
            {
                long otherBytes = Tensor(j, inputIndex, outputIndex).ElementCount(rows) * sizeof(float);
                bool overlap = outputBytes > 0 && otherBytes > 0
                    && buffers[k] < buffers[j] + (nint)otherBytes && buffers[j] < buffers[k] + (nint)outputBytes;
                if (overlap)
                {
                    throw new ArgumentException(
                        $"The buffer for output '{Tensor(k, inputIndex, outputIndex).Name}' overlaps the buffer for "
                        + $"'{Tensor(j, inputIndex, outputIndex).Name}'; pass a separate buffer for each.",
                        outputsName);
                }
            }
        }
    }

    private static (long Rows, OnnxTensorInfo? Batch)? FixedRows(OnnxTensorInfo[] tensors)
    {
        OnnxTensorInfo[] ranked = [.. tensors.Where(tensor => tensor.Dimensions.Length > 0)];
        if (ranked.Any(tensor => tensor.TakesRows))
        {
            return null;
        }

        return ranked.Select(tensor => tensor.Dimensions[0]).Distinct().Count() == 1 ? (ranked[0].Dimensions[0], ranked[0]) : (1, null);
    }

    private void ThrowIfRowsUnscorable(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (fixedRows is not (long scored, var batch) || rows == scored)
        {
            return;
        }

        throw new ArgumentException(
            batch is null
                ? $"The graph has no batch dimension: none of its inputs and outputs has a symbolic first dimension, nor do they share one, so a run scores it once, not {rows} times; pass rows 1."
                : $"The graph's batch dimension is fixed at {scored}: none of its inputs and outputs has a symbolic first dimension, and all start with {scored} (as '{batch.Name}', shape [{batch.ShapeText}]), "
                    + $"so a run scores {scored} row(s), not {rows}. Pass rows {scored}, or export the graph with a symbolic first dimension to score other batch sizes.",
            nameof(rows));
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);

    private static int Resolve(OnnxTensorInfo[] tensors, string? name, ReadOnlySpan<int> taken, string kind, string paramName)
    {
        // A default OnnxInput or OnnxOutput holds no name either.
        if (name is null)
        {
            throw new ArgumentNullException(paramName, $"The {kind} name is null; name one of the model's {kind}s: {ListNames(tensors)}.");
        }

        for (int i = 0; i < tensors.Length; i++)
        {
            if (string.Equals(tensors[i].Name, name, StringComparison.Ordinal))
            {
                return taken.Contains(i)
                    ? throw new ArgumentException($"The {kind} '{name}' is given more than once.", paramName)
                    : i;
            }
        }

        throw new ArgumentException($"The model has no {kind} named '{name}'; its {kind}s are: {ListNames(tensors)}.", paramName);
    }

    private static void ThrowIfWrongLength(OnnxTensorInfo tensor, string kind, int rows, int length, string paramName)
    {
        if (!tensor.IsBindable)
        {
            throw new ArgumentException(tensor.DescribeUnbindable(kind), paramName);
        }

        long expected = tensor.ElementCount(rows);
        if (length != expected)
        {
            string sizedBy = tensor.TakesRows ? $"for {rows} row(s)" : "for its fixed shape";
            throw new ArgumentException($"'{tensor.Name}' (shape [{tensor.ShapeText}]) needs {expected} floats {sizedBy}, but its buffer holds {length}.", paramName);
        }
    }

    // Outputs are bound to caller buffers before the run; ONNX Runtime accepts that for an output that is a graph input,
    // yet never writes it, so Run would return with the buffer's old contents as if they were the result.
    private static void ThrowIfAnOutputIsAnInput(OnnxTensorInfo[] inputs, OnnxTensorInfo[] outputs, string paramName)
    {
        foreach (OnnxTensorInfo output in outputs)
        {
            if (inputs.Any(input => string.Equals(input.Name, output.Name, StringComparison.Ordinal)))
            {
                throw new ArgumentException(
                    $"The model's output '{output.Name}' is also one of its inputs, which {nameof(OnnxSession)} does not support: ONNX Runtime would "
                    + $"not write it into the output buffer. Add an Identity node that copies '{output.Name}' to an output of another name.",
                    paramName);
            }
        }
    }

    private static string ListNames(OnnxTensorInfo[] tensors) => string.Join(", ", tensors.Select(t => $"'{t.Name}'"));

    private static OrtSessionHandle CreateSession(OrtEnvironment environment, ReadOnlySpan<byte> model, int intraOpThreads)
    {
        OrtApi api = environment.Api;
        nint rawOptions;
        api.ThrowIfFailed(api.CreateSessionOptions(&rawOptions));
        using var options = new OrtSessionOptionsHandle(rawOptions);
        api.ThrowIfFailed(api.SetIntraOpNumThreads(rawOptions, intraOpThreads));
        api.ThrowIfFailed(api.SetSessionGraphOptimizationLevel(rawOptions, GraphOptimizationAll));

        // ONNX Runtime's CPU arena keeps the largest run's tensors until the session is released: one batch of 8192
        // MNIST rows left a model 167 MB larger for good, where without it the memory goes back once the run ends. The
        // scoring benchmark scored as fast either way (docs/benchmarks.md).
        api.ThrowIfFailed(api.DisableCpuMemArena(rawOptions));

        // ONNX Runtime's intra-op threads spin for work after each operator by default: ScoreRows of one row every 1 ms
        // with intraOpThreads 0 cost 11.0 s of CPU time in 10 s; with the threads sleeping instead, 1.6 s, and batches of
        // 1000 on two threads scored as fast or faster, as the spinning no longer took the cores the work needed, while
        // single rows mostly scored more slowly (docs/benchmarks.md).
        if (intraOpThreads != 1)
        {
            fixed (byte* key = "session.intra_op.allow_spinning"u8)
            fixed (byte* value = "0"u8)
            {
                api.ThrowIfFailed(api.AddSessionConfigEntry(rawOptions, key, value));
            }
        }

        nint rawSession;
        OnnxRuntimeExitGate.Process.Enter();
        try
        {
            fixed (byte* bytes = model)
            {
                api.ThrowIfFailed(api.CreateSessionFromArray(
                    environment.Env.DangerousGetHandle(), bytes, (nuint)model.Length, rawOptions, &rawSession));
            }
        }
        finally
        {
            OnnxRuntimeExitGate.Process.Leave();
        }

        return new OrtSessionHandle(rawSession, environment.Env, model.Length);
    }

    private static OnnxTensorInfo[] ReadTensorInfos(
        OrtApi api,
        nint session,
        nint allocator,
        delegate* unmanaged<nint, nuint*, nint> getCount,
        delegate* unmanaged<nint, nuint, nint, byte**, nint> getName,
        delegate* unmanaged<nint, nuint, nint*, nint> getTypeInfo,
        string kind,
        string paramName)
    {
        nuint count;
        api.ThrowIfFailed(getCount(session, &count));
        var tensors = new OnnxTensorInfo[(int)count];
        for (int i = 0; i < tensors.Length; i++)
        {
            byte* rawName;
            api.ThrowIfFailed(getName(session, (nuint)i, allocator, &rawName));
            string name;
            try
            {
                name = DecodeName(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(rawName), kind, paramName);
            }
            finally
            {
                api.ThrowIfFailed(api.AllocatorFree(allocator, rawName));
            }

            nint typeInfo;
            api.ThrowIfFailed(getTypeInfo(session, (nuint)i, &typeInfo));
            try
            {
                tensors[i] = ReadTensorType(api, name, typeInfo);
            }
            finally
            {
                api.ReleaseTypeInfo(typeInfo);
            }
        }

        return tensors;
    }

    /// <summary>
    /// The name whose UTF-8 bytes ONNX Runtime gave, refused when they are not valid UTF-8: decoding would make U+FFFD of
    /// such bytes, whose encoding a run would pass back, and ONNX Runtime would find no tensor of that name.
    /// </summary>
    private static string DecodeName(ReadOnlySpan<byte> utf8, string kind, string paramName)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new ArgumentException(
                $"The model's {kind} '{EscapeInvalidBytes(utf8)}' has a name that is not valid UTF-8 (\\xNN marks each byte outside it), so no run "
                + $"could give ONNX Runtime that name back. ONNX names are UTF-8 text: rename the {kind} in the model, where the graph declares it "
                + "and in the nodes that use it.",
                paramName);
        }

        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>The text of <paramref name="utf8"/> with each byte that is not part of valid UTF-8 written \xNN.</summary>
    private static string EscapeInvalidBytes(ReadOnlySpan<byte> utf8)
    {
        var text = new StringBuilder();
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out Rune rune, out int consumed) == OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                foreach (byte invalid in utf8[..consumed])
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{invalid:X2}");
                }
            }

            utf8 = utf8[consumed..];
        }

        return text.ToString();
    }

    private static OnnxTensorInfo ReadTensorType(OrtApi api, string name, nint typeInfo)
    {
        // Borrowed from typeInfo, so not released here; NULL when the value is not a tensor.
        nint tensorInfo;
        api.ThrowIfFailed(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
        if (tensorInfo == 0)
        {
            return new OnnxTensorInfo(name, OnnxElementType.Undefined, []);
        }

        OnnxElementType elementType;
        api.ThrowIfFailed(api.GetTensorElementType(tensorInfo, &elementType));
        nuint rank;
        api.ThrowIfFailed(api.GetDimensionsCount(tensorInfo, &rank));
        var dimensions = new long[(int)rank];
        fixed (long* destination = dimensions)
        {
            api.ThrowIfFailed(api.GetDimensions(tensorInfo, destination, rank));
        }

        return new OnnxTensorInfo(name, elementType, dimensions);
    }
}
