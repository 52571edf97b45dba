namespace Vae.MLNet.Runtime;

/// <summary>A named model input and the caller's row-major float data for it.</summary>
/// <param name="name">The model input's name, not null.</param>
/// <param name="data">The data; it is pinned and read in place during the run.</param>
public readonly struct OnnxInput(string name, ReadOnlyMemory<float> data)
{
    /// <summary>The model input's name.</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The row-major data, exactly as many floats as the input's shape holds for the batch.</summary>
    public ReadOnlyMemory<float> Data { get; } = data;
}
