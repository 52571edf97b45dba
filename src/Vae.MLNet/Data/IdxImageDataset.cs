using System.Numerics.Tensors;

namespace Vae.MLNet.Data;

/// <summary>
/// Grayscale images read from an IDX file (the MNIST format). Pixels stay in memory as bytes, a quarter of the size
/// of floats, and become floats in [0, 1] (<c>byte / 255</c>) only for the rows a batch asks for. Each row is one
/// image, row-major: feature <c>r × ImageShape.Width + c</c> is the pixel in image row <c>r</c>, column <c>c</c>.
/// </summary>
public sealed class IdxImageDataset : VaeDataset
{
    private readonly byte[] _pixels;
    // Read-only: an array handed out as a list could be cast back and written.
    private readonly IReadOnlyList<int>? _labels;

    internal IdxImageDataset(byte[] pixels, int imageCount, int imageHeight, int imageWidth, int[]? labels)
    {
        _pixels = pixels;
        RowCount = imageCount;
        FeatureCount = imageHeight * imageWidth;
        ImageShape = new VaeImageShape(imageWidth, imageHeight);
        _labels = labels is null ? null : Array.AsReadOnly(labels);
    }

    /// <inheritdoc />
    public override int RowCount { get; }

    /// <inheritdoc />
    public override int FeatureCount { get; }

    /// <inheritdoc />
    public override VaeImageShape ImageShape { get; }

    /// <inheritdoc />
    public override IReadOnlyList<int>? Labels => _labels;

    /// <inheritdoc />
    public override void CopyRows(ReadOnlySpan<int> rowIndices, Span<float> destination)
    {
        CheckCopyArguments(rowIndices, destination);
        int size = FeatureCount;
        for (int i = 0; i < rowIndices.Length; i++)
        {
            var target = destination.Slice(i * size, size);
            // The reader caps the pixel array at Array.MaxLength, so a checked row index times the row size fits an int.
            TensorPrimitives.ConvertChecked<byte, float>(_pixels.AsSpan(rowIndices[i] * size, size), target);
            TensorPrimitives.Divide(target, 255f, target);
        }
    }
}
