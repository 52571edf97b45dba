using System.Globalization;

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

    /// <summary>The shape for messages, as "-1, 4", whatever the culture's minus sign.</summary>
    internal string ShapeText => string.Join(", ", dimensions.Select(dimension => dimension.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Elements per batch item: the product of every dimension but the first.</summary>
    internal long ElementsPerBatchItem { get; }

    /// <summary>Whether the first dimension is symbolic, so that the row count given to a run sizes it.</summary>
    internal bool TakesRows => dimensions.Length > 0 && dimensions[0] < 0;

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

        long batch = TakesRows ? rows : dimensions[0];
        return batch * ElementsPerBatchItem;
    }

    /// <summary>Why this tensor cannot be bound to a float buffer and what to do, for an <see cref="ArgumentException"/>.</summary>
    /// <param name="kind">"input" or "output", for the message.</param>
    internal string DescribeUnbindable(string kind) =>
        $"The {kind} '{Name}' (shape [{ShapeText}], {ElementType}) cannot be bound: {unbindableReason}";

    // Bounds keep ElementCount's batch × per-item product inside long: both factors stay at most int.MaxValue.
    private static (long PerItem, string? Reason) Analyze(OnnxElementType elementType, long[] dimensions)
    {
        if (elementType != OnnxElementType.Float)
        {
            string what = elementType == OnnxElementType.Undefined ? "it is not a tensor" : $"it holds {elementType} values";
            return (0, $"{what}, and OnnxSession binds float tensors only. Export the model with float inputs and outputs, "
                + "with a Cast inside the graph where its nodes take or give another type.");
        }

        if (dimensions.Length > 0 && dimensions[0] > int.MaxValue)
        {
            return (0, "its first dimension is more rows than a buffer can hold. Export the model with a symbolic (batch) "
                + "first dimension, which takes the row count given to Run.");
        }

        long perItem = 1;
        for (int i = 1; i < dimensions.Length; i++)
        {
            if (dimensions[i] < 0)
            {
                return (0, $"its dimension at position {i} is symbolic, and OnnxSession takes only the first (batch) dimension "
                    + "from the row count. Export the model with the other dimensions fixed.");
            }

            perItem *= dimensions[i];
            if (perItem > int.MaxValue)
            {
                return (0, "one row of it is more floats than a buffer can hold. Export the model with smaller tensors.");
            }
        }

        return (perItem, null);
    }
}
