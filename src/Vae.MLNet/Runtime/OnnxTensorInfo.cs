namespace Vae.MLNet.Runtime;

/// <summary>Name, element type and shape of one input or output of an ONNX model.</summary>
public sealed class OnnxTensorInfo
{
    private readonly long[] dimensions;
    private readonly string? unbindableReason;

    internal OnnxTensorInfo(string name, OnnxElementType elementType, long[] dimensions)
    {
        Name = name;
        ElementType = elementType;
        this.dimensions = dimensions;
        Shape = Array.AsReadOnly(dimensions);
        (ElementsPerBatchItem, unbindableReason) = Analyze(elementType, dimensions);
    }

    /// <summary>The name the model gives this input or output.</summary>
    public string Name { get; }

    /// <summary>The element type; <see cref="OnnxElementType.Undefined"/> when the value is not a tensor.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>
    /// The dimensions, -1 for a symbolic (free) dimension. The first dimension is the batch dimension when the model
    /// has one.
    /// </summary>
    public IReadOnlyList<long> Shape { get; }

    internal ReadOnlySpan<long> Dimensions => dimensions;

    /// <summary>Elements per batch item: the product of every dimension but the first.</summary>
    internal long ElementsPerBatchItem { get; }

    /// <summary>Whether <see cref="OnnxSession"/> can bind this tensor to a float buffer.</summary>
    internal bool IsBindable => unbindableReason is null;

    /// <summary>The number of floats a buffer for this tensor holds when the batch has <paramref name="rows"/> rows.</summary>
    /// <param name="rows">Rows in the batch; stands for a symbolic first dimension.</param>
    internal long ElementCount(int rows)
    {
        if (dimensions.Length == 0)
        {
            return 1;
        }

        long batch = dimensions[0] < 0 ? rows : dimensions[0];
        return batch * ElementsPerBatchItem;
    }

    /// <summary>Why this tensor cannot be bound to a float buffer, for an <see cref="ArgumentException"/>.</summary>
    internal string DescribeUnbindable() =>
        $"'{Name}' (shape [{string.Join(", ", dimensions)}], {ElementType}) {unbindableReason}";

    // Bounds keep ElementCount's batch × per-item product inside long: both factors stay at most int.MaxValue.
    private static (long PerItem, string? Reason) Analyze(OnnxElementType elementType, long[] dimensions)
    {
        if (elementType != OnnxElementType.Float)
        {
            return (0, "is not a float tensor; only float tensors can be bound.");
        }

        if (dimensions.Length > 0 && dimensions[0] > int.MaxValue)
        {
            return (0, "has a first dimension too large to address.");
        }

        long perItem = 1;
        for (int i = 1; i < dimensions.Length; i++)
        {
            if (dimensions[i] < 0)
            {
                return (0, $"has a symbolic dimension at position {i}; only the first (batch) dimension may be symbolic.");
            }

            perItem *= dimensions[i];
            if (perItem > int.MaxValue)
            {
                return (0, "has too many elements per batch item to address.");
            }
        }

        return (perItem, null);
    }
}
