namespace Vae.MLNet.Model;

/// <summary>
/// The per-feature affine map x' = (x − Offset)·Scale (see <see cref="Scaled"/>) applied before the encoder;
/// reconstructions are mapped back with x = x'/Scale + Offset (and log-variances shifted by −2·log Scale). For a
/// Bernoulli model the scaled features are also clipped to [0, 1], the likelihood's domain: data beyond the range the
/// scaling was learned on is scored as the range's nearest end instead of giving cross-entropies below zero. Log p(x),
/// defined for binary data only, refuses such data instead (see <see cref="ApplyWithoutClip"/>).
/// </summary>
internal sealed class FeatureScaling
{
    public FeatureScaling(float[] offset, float[] scale, bool clipsToUnitInterval = false)
    {
        if (offset.Length != scale.Length)
        {
            throw new InvalidDataException($"Scaling has {offset.Length} offsets but {scale.Length} scales.");
        }

        Offset = offset;
        Scale = scale;
        ClipsToUnitInterval = clipsToUnitInterval;
    }

    /// <summary>
    /// The smallest scale <see cref="Data.FeatureStatistics.CreateScaling"/> can learn: the inverse of the widest range
    /// it scales by, <see cref="float.MaxValue"/>.
    /// </summary>
    public static readonly float SmallestScale = (float)(1.0 / float.MaxValue);

    public float[] Offset { get; }

    public float[] Scale { get; }

    public int FeatureCount => Offset.Length;

    /// <summary>Whether <see cref="Apply"/> clips the scaled features to [0, 1].</summary>
    public bool ClipsToUnitInterval { get; }

    /// <summary>Whether a model of <paramref name="likelihood"/> clips its scaled features to [0, 1]: a Bernoulli model does.</summary>
    public static bool Clips(VaeLikelihood likelihood) => likelihood == VaeLikelihood.Bernoulli;

    /// <summary>This scaling as a model of <paramref name="likelihood"/> applies it: clipped to [0, 1] for Bernoulli.</summary>
    public FeatureScaling For(VaeLikelihood likelihood) =>
        Clips(likelihood) == ClipsToUnitInterval ? this : new FeatureScaling(Offset, Scale, !ClipsToUnitInterval);

    /// <summary>
    /// This scaling with offset 0 and scale 1 on the features of <paramref name="categories"/>: the cross-entropy of a
    /// softmax needs the one-hot features as they are, and its probabilities are the reconstruction as they are.
    /// </summary>
    public FeatureScaling Leaving(CategoricalGroups categories)
    {
        if (categories.IsEmpty)
        {
            return this;
        }

        float[] offset = (float[])Offset.Clone();
        float[] scale = (float[])Scale.Clone();
        foreach (FeatureRun group in categories.Groups)
        {
            group.Of(offset.AsSpan()).Clear();
            group.Of(scale.AsSpan()).Fill(1f);
        }

        return new FeatureScaling(offset, scale, ClipsToUnitInterval);
    }

    /// <summary>The scaling of <paramref name="features"/> only, for the part of a network that models those features.</summary>
    public FeatureScaling Of(FeatureRun features) =>
        new(features.Of<float>(Offset).ToArray(), features.Of<float>(Scale).ToArray(), ClipsToUnitInterval);

    /// <summary>Whether this scaling leaves the features of <paramref name="categories"/> as they are, as <see cref="Leaving"/> does.</summary>
    public bool IsIdentityOn(CategoricalGroups categories) =>
        categories.Groups.All(group => !group.Of(Offset.AsSpan()).ContainsAnyExcept(0f) && !group.Of(Scale.AsSpan()).ContainsAnyExcept(1f));

    /// <summary>
    /// (x − offset)·scale in float32, as the exported ONNX graphs compute it, so that the engine scores every row as they
    /// do. A value more than float32's largest value from the offset, which training refuses in the data a scaling is
    /// learned from, scales to ±∞ in both: a Bernoulli model clips it to 0 or 1, and in other models the row's scores
    /// overflow, which scoring refuses.
    /// </summary>
    public static float Scaled(float x, float offset, float scale) => (x - offset) * scale;

    /// <summary>What this scaling, clip included, makes of <paramref name="value"/> in feature <paramref name="feature"/>: what the model sees.</summary>
    public float ScaledAndClipped(float value, int feature)
    {
        float scaled = Scaled(value, Offset[feature], Scale[feature]);
        return ClipsToUnitInterval ? Math.Clamp(scaled, 0f, 1f) : scaled;
    }

    /// <summary>
    /// Per feature, whether this scaling, clip included, leaves 0 as 0 and 1 as 1, so that the model sees binarized data
    /// as it is: min-max scaling with the clip does wherever the training values lay within [0, 1], as gray pixels do.
    /// </summary>
    public bool[] KeepsBits() => [.. Enumerable.Range(0, FeatureCount).Select(feature => ScaledAndClipped(0f, feature) == 0f && ScaledAndClipped(1f, feature) == 1f)];

    /// <summary>Scales rows of features in place, each value as <see cref="Scaled"/> does, then clips them where <see cref="ClipsToUnitInterval"/>.</summary>
    public void Apply(Span<float> rows)
    {
        ApplyWithoutClip(rows);
        if (ClipsToUnitInterval)
        {
            System.Numerics.Tensors.TensorPrimitives.Max(rows, 0f, rows);
            System.Numerics.Tensors.TensorPrimitives.Min(rows, 1f, rows);
        }
    }

    /// <summary>
    /// Scales rows of features in place as <see cref="Apply"/> does, without its clip: what each value is in the scaled
    /// units, where the clip would pass values beyond [0, 1] off as 0 or 1.
    /// </summary>
    public void ApplyWithoutClip(Span<float> rows)
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
