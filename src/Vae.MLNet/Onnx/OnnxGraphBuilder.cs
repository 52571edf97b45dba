using System.Buffers.Binary;
using Google.Protobuf;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.Onnx;

/// <summary>
/// Assembles one ONNX graph node by node. Values are named by the caller so that the same network always gives the
/// same graph (and the same bytes); the builder refuses a name defined twice, which would silently rewire the graph.
/// Graph inputs and outputs are float[N, width] or float[N] with a symbolic batch dimension.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The symbolic batch dimension of every graph input and output.</summary>
    public const string BatchDimension = "N";

    private readonly GraphProto graph;
    private readonly OnnxTensorNames tensorNames;
    private readonly HashSet<string> definedValues = new(StringComparer.Ordinal);

    /// <param name="graphName">The graph's name.</param>
    /// <param name="tensorNames">The caller's names for the graph's inputs and outputs, named in the error when one of
    /// them is also the name of a value the graph computes.</param>
    public OnnxGraphBuilder(string graphName, OnnxTensorNames tensorNames)
    {
        graph = new GraphProto { Name = graphName };
        this.tensorNames = tensorNames;
    }

    /// <summary>Declares a float[N, <paramref name="width"/>] graph input and returns its value name.</summary>
    public string AddInput(string name, int width)
    {
        Define(name);
        graph.Input.Add(BatchTensor(name, width));
        return name;
    }

    /// <summary>
    /// Adds a float32 constant, stored little-endian in raw_data, and returns its value name. The constant holds
    /// <paramref name="values"/> itself, not a copy: a graph is serialized or compared before its weights can change,
    /// and copies doubled the memory of every export and of every load, which rebuilds the graphs to check them.
    /// </summary>
    public string AddInitializer(string name, float[] values, params long[] dims) =>
        AddInitializer(name, TensorProto.Types.DataType.Float, LittleEndianFloats.Bytes(values), dims);

    /// <summary>Adds an int64 constant, stored little-endian in raw_data, and returns its value name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        byte[] raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        return AddInitializer(name, TensorProto.Types.DataType.Int64, UnsafeByteOperations.UnsafeWrap(raw), dims);
    }

    /// <summary>Adds a bool constant, stored in raw_data a byte per value, and returns its value name.</summary>
    public string AddInitializer(string name, IReadOnlyList<bool> values, params long[] dims) =>
        AddInitializer(name, TensorProto.Types.DataType.Bool, ByteString.CopyFrom([.. values.Select(value => value ? (byte)1 : (byte)0)]), dims);

    /// <summary>Adds a node with one output named like the node, and returns that output's name.</summary>
    public string AddNode(string opType, string nodeName, IReadOnlyList<string> inputs, params AttributeProto[] attributes) =>
        AddNode(opType, nodeName, inputs, [nodeName], attributes)[0];

    /// <summary>Adds a node of the default ONNX domain and returns its output names.</summary>
    public IReadOnlyList<string> AddNode(
        string opType,
        string nodeName,
        IReadOnlyList<string> inputs,
        IReadOnlyList<string> outputs,
        params AttributeProto[] attributes)
    {
        foreach (string input in inputs)
        {
            if (!definedValues.Contains(input))
            {
                throw new InvalidOperationException($"Node '{nodeName}' reads '{input}' before anything defines it.");
            }
        }

        foreach (string output in outputs)
        {
            Define(output);
        }

        var node = new NodeProto { OpType = opType, Name = nodeName };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        graph.Node.Add(node);
        return outputs;
    }

    /// <summary>
    /// Publishes the value computed last under <paramref name="name"/> as a float[N, <paramref name="width"/>] graph
    /// output, or float[N] (one value per row) when <paramref name="width"/> is null. Computations are built with
    /// internal value names and only renamed here, because which node comes last (a Gemm, a Sigmoid, the un-scaling
    /// Add) depends on the likelihood and the scaling.
    /// </summary>
    public void AddOutput(string value, string name, int? width) => Publish(value, name, BatchTensor(name, width));

    public static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>
    /// Returns the graph without the nodes whose outputs neither a graph output nor a kept node reads, and without the
    /// constants no kept node reads: a runtime evaluates every node, fetched or not, so nodes computing values nothing
    /// publishes would cost time for nothing. Nodes are added in order, so one backward pass finds them all.
    /// </summary>
    public GraphProto Build()
    {
        var read = new HashSet<string>(graph.Output.Select(output => output.Name), StringComparer.Ordinal);
        for (int i = graph.Node.Count - 1; i >= 0; i--)
        {
            NodeProto node = graph.Node[i];
            if (node.Output.Any(read.Contains))
            {
                read.UnionWith(node.Input);
            }
            else
            {
                graph.Node.RemoveAt(i);
            }
        }

        for (int i = graph.Initializer.Count - 1; i >= 0; i--)
        {
            if (!read.Contains(graph.Initializer[i].Name))
            {
                graph.Initializer.RemoveAt(i);
            }
        }

        return graph;
    }

    private string AddInitializer(string name, TensorProto.Types.DataType type, ByteString raw, long[] dims)
    {
        Define(name);
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = raw };
        tensor.Dims.Add(dims);
        graph.Initializer.Add(tensor);
        return name;
    }

    private void Publish(string value, string name, ValueInfoProto output)
    {
        if (value != name)
        {
            Define(name);
            Rename(value, name);
        }

        graph.Output.Add(output);
    }

    private void Rename(string from, string to)
    {
        if (graph.Input.Any(i => i.Name == from) || graph.Initializer.Any(t => t.Name == from))
        {
            throw new InvalidOperationException($"'{from}' is a graph input or constant, not a computed value; it cannot be renamed to '{to}'.");
        }

        foreach (NodeProto node in graph.Node)
        {
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == from)
                {
                    node.Output[i] = to;
                }
            }

            for (int i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == from)
                {
                    node.Input[i] = to;
                }
            }
        }

        definedValues.Remove(from);
    }

    private void Define(string name)
    {
        if (definedValues.Add(name))
        {
            return;
        }

        // The tensor names differ from each other, so a clash that involves none of them is the exporter's own mistake.
        throw tensorNames.PropertyNamed(name) is { } property
            ? new ArgumentException(
                $"The ONNX tensor name {property} '{name}' is also the name graph '{graph.Name}' gives one of its own values; choose another name.",
                property)
            : new InvalidOperationException($"Graph '{graph.Name}' defines the value '{name}' twice.");
    }

    /// <summary>float[N, width], or float[N] when <paramref name="width"/> is null.</summary>
    private static ValueInfoProto BatchTensor(string name, int? width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        if (width is int columns)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = columns });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
