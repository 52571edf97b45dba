namespace Vae.MLNet.Model;

/// <summary>
/// The per-feature affine map x' = (x − Offset)·Scale applied before the encoder; reconstructions are mapped back with
/// x = x'/Scale + Offset (and log-variances shifted by −2·log Scale).
/// </summary>
internal sealed class FeatureScaling
{
    public FeatureScaling(float[] offset, float[] scale)
    {
        if (offset.Length != scale.Length)
        {
            throw new InvalidDataException($"Scaling has {offset.Length} offsets but {scale.Length} scales.");
        }

        Offset = offset;
        Scale = scale;
    }

    public float[] Offset { get; }

    public float[] Scale { get; }

    public int FeatureCount => Offset.Length;

    /// <summary>Scales rows of features in place.</summary>
    public void Apply(Span<float> rows)
    {
        for (int start = 0; start < rows.Length; start += FeatureCount)
        {
            Span<float> row = rows.Slice(start, FeatureCount);
            System.Numerics.Tensors.TensorPrimitives.Subtract(row, Offset, row);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, Scale, row);
        }
    }

    /// <summary>Maps rows of reconstructed means back to the original units, in place.</summary>
    public void Unapply(Span<float> rows)
    {
        for (int start = 0; start < rows.Length; start += FeatureCount)
        {
            Span<float> row = rows.Slice(start, FeatureCount);
            System.Numerics.Tensors.TensorPrimitives.Divide(row, Scale, row);
            System.Numerics.Tensors.TensorPrimitives.Add(row, Offset, row);
        }
    }

    /// <summary>Maps rows of reconstruction log-variances back to the original units, in place.</summary>
    public void UnapplyLogVariance(Span<float> rows)
    {
        for (int start = 0; start < rows.Length; start += FeatureCount)
        {
            Span<float> row = rows.Slice(start, FeatureCount);
            for (int j = 0; j < row.Length; j++)
            {
                row[j] -= 2f * MathF.Log(Scale[j]);
            }
        }
    }
}
