namespace Vae.MLNet.Runtime;

/// <summary>A named model output and the caller's buffer ONNX Runtime writes it into.</summary>
/// <param name="name">The model output's name, not null.</param>
/// <param name="data">The buffer; it is pinned and written in place during the run.</param>
public readonly struct OnnxOutput(string name, Memory<float> data)
{
    /// <summary>The model output's name.</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The row-major buffer, exactly as many floats as the output's shape holds for the batch.</summary>
    public Memory<float> Data { get; } = data;
}
