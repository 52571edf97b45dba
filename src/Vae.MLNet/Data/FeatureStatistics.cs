using System.Globalization;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Data;

/// <summary>
/// Per-feature minimum, maximum, mean and standard deviation of a dataset, and whether it holds whole numbers only,
/// gathered in one pass that also rejects any value the model could not train on.
/// </summary>
internal sealed class FeatureStatistics
{
    private readonly IReadOnlyList<string>? _featureNames;

    private FeatureStatistics(
        int rowCount, float[] min, float[] max, bool[] wholeNumbers, double[] mean, double[] standardDeviation, IReadOnlyList<string>? featureNames)
    {
        _featureNames = featureNames;
        RowCount = rowCount;
        Min = min;
        Max = max;
        WholeNumbers = wholeNumbers;
        Mean = mean;
        StandardDeviation = standardDeviation;
    }

    /// <summary>The rows these statistics were gathered over: a later pass over the data must find as many.</summary>
    public int RowCount { get; }

    public float[] Min { get; }

    public float[] Max { get; }

    public bool[] WholeNumbers { get; }

    public double[] Mean { get; }

    public double[] StandardDeviation { get; }

    /// <summary>
    /// Reads every row of <paramref name="data"/>. Throws <see cref="VaeDataException"/> at the first non-finite value.
    /// </summary>
    public static FeatureStatistics Compute(VaeDataset data)
    {
        int n = data.RowCount;
        int d = data.FeatureCount;
        var min = Enumerable.Repeat(float.PositiveInfinity, d).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, d).ToArray();
        var wholeNumbers = Enumerable.Repeat(true, d).ToArray();
        var moments = new ColumnMoments(d);
        data.ForEachChunk(n, d, (start, chunk) =>
        {
            for (int i = 0; i < chunk.Length / d; i++)
            {
                ReadOnlySpan<float> row = chunk.Slice(i * d, d);
                for (int j = 0; j < d; j++)
                {
                    float value = row[j];
                    if (!float.IsFinite(value))
                    {
                        throw VaeDataException.InFeature(start + i, j, value, FiniteValues.Requirement, data.FeatureNames);
                    }

                    min[j] = Math.Min(min[j], value);
                    max[j] = Math.Max(max[j], value);
                    wholeNumbers[j] &= float.IsInteger(value);
                }

                moments.Add(row);
            }
        });

        double[] mean = [.. Enumerable.Range(0, d).Select(moments.Mean)];
        double[] standardDeviation = [.. Enumerable.Range(0, d).Select(j => Math.Sqrt(moments.Variance(j)))];
        return new FeatureStatistics(n, min, max, wholeNumbers, mean, standardDeviation, data.FeatureNames);
    }

    /// <summary>
    /// Throws <see cref="VaeDataException"/> naming the first row, and its first column, holding a value that after
    /// <paramref name="scaling"/> lies outside [0, 1] in a feature the model reads as a probability: every feature under
    /// the Bernoulli likelihood, which cannot model others, and the one-hot features of <paramref name="categories"/>,
    /// whose cross-entropy with negative values has no minimum. The tolerance, <see cref="ScoringArguments.UnitIntervalTolerance"/>,
    /// is the rounding of min-max scaling itself.
    /// </summary>
    /// <param name="data">The rows these statistics describe.</param>
    /// <param name="likelihood">The likelihood of the features outside <paramref name="categories"/>.</param>
    /// <param name="categories">The features modelled by a softmax.</param>
    /// <param name="scaling">The scaling training applies, if any.</param>
    /// <param name="continuing">Whether a saved model is trained further, which keeps its likelihood and scaling, so the advice cannot offer to change them.</param>
    /// <param name="validating">
    /// Whether the rows are validation rows, measured beside training data that passed this check: the advice then fits
    /// the validation data, which no scaling learned from the training data brings into [0, 1].
    /// </param>
    /// <param name="trainingRanges">
    /// The ranges of the data the model is or was trained on, which a Bernoulli model's min-max scaling maps to [0, 1];
    /// null when unknown.
    /// </param>
    public void RequireUnitInterval(
        VaeDataset data, VaeLikelihood likelihood, CategoricalGroups categories, FeatureScaling? scaling, bool continuing, bool validating, VaeFeatureRanges? trainingRanges)
    {
        const float tolerance = ScoringArguments.UnitIntervalTolerance;
        int d = Min.Length;
        float[] offset = scaling?.Offset ?? new float[d];
        float[] scale = scaling?.Scale ?? Enumerable.Repeat(1f, d).ToArray();
        bool[] categorical = categories.CategoricalMask();
        bool Outside(float value, int j)
        {
            float scaled = FeatureScaling.Scaled(value, offset[j], scale[j]);
            return (categorical[j] || likelihood == VaeLikelihood.Bernoulli) && (scaled < -tolerance || scaled > 1f + tolerance);
        }

        if (!Enumerable.Range(0, d).Any(j => Outside(Min[j], j) || Outside(Max[j], j)))
        {
            return;
        }

        // The statistics say which columns break the range but not where first: that takes one more pass, on failure only.
        data.ForEachChunk(RowCount, d, (start, chunk) =>
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                int j = i % d;
                if (Outside(chunk[i], j))
                {
                    long row = start + (i / d);
                    throw VaeDataException.InFeature(
                        row, j, chunk[i], categorical[j] ? ScoringArguments.OneHotOutsideUnitIntervalProblem : BernoulliProblem(chunk[i], j, scaling, continuing, validating, trainingRanges),
                        data.FeatureNames);
                }
            }
        });
    }

    /// <summary>
    /// Why <paramref name="value"/> of feature <paramref name="feature"/> cannot train a Bernoulli model, and what to do.
    /// Scaled, the value is shown as the likelihood reads it, beside the training range the scaling maps to [0, 1], which
    /// a value within [0, 1] itself may lie far outside.
    /// </summary>
    private static string BernoulliProblem(float value, int feature, FeatureScaling? scaling, bool continuing, bool validating, VaeFeatureRanges? trainingRanges)
    {
        if (scaling is null)
        {
            // Validation rows are checked after the training data passed: min-max scaling, learned from training data
            // within [0, 1], would leave a validation value outside it, so only the validation data or the likelihood can change.
            string unscaledAdvice = (continuing, validating) switch
            {
                (true, true) => "The model being trained further takes features in [0, 1] only, as its training data holds them; "
                    + "scale the validation data as the training data was scaled (pixels: divide by 255), or leave such rows out.",
                (true, false) => "The model being trained further takes features in [0, 1] only; scale the data into [0, 1] (pixels: divide by 255), or train a new model with min-max input scaling.",
                (false, true) => "The training data lies within [0, 1], so no scaling learned from it brings the value into [0, 1]; "
                    + "scale the validation data as the training data was scaled (pixels: divide by 255), or leave such rows out; "
                    + $"for measurements, set {nameof(VaeOptions.Likelihood)} to {nameof(VaeLikelihood.Gaussian)} and {nameof(VaeOptions.InputScaling)} to {nameof(VaeInputScaling.Standardize)}.",
                (false, false) => $"For measurements, set {nameof(VaeOptions.Likelihood)} to {nameof(VaeLikelihood.Gaussian)} and {nameof(VaeOptions.InputScaling)} to {nameof(VaeInputScaling.Standardize)}; "
                    + $"for intensities within a range, such as gray levels, set {nameof(VaeOptions.InputScaling)} to {nameof(VaeInputScaling.MinMax)}; or scale the data yourself.",
            };
            return $", but the Bernoulli likelihood needs every feature in [0, 1]. {unscaledAdvice}";
        }

        // A fresh model's scaling is learned from the very rows it trains on, which it maps into [0, 1]: rows outside are
        // validation rows, measured beside them.
        string advice = continuing
            ? "The model's min-max scaling was learned on other data; leave out the rows beyond its training range or clip them into it "
            + "before training the model further, or train a new model, whose scaling is learned from data that spans them."
            : "The scaling is learned from the training data alone, so validation values beyond its range leave [0, 1]. For data already in [0, 1], "
            + $"such as pixels divided by 255, set {nameof(VaeOptions.InputScaling)} to {nameof(VaeInputScaling.None)}, and the Bernoulli likelihood reads the data as it is; "
            + $"for other data, set {nameof(VaeOptions.Likelihood)} to {nameof(VaeLikelihood.Gaussian)}; or give validation rows within the training data's range.";
        float scaled = FeatureScaling.Scaled(value, scaling.Offset[feature], scaling.Scale[feature]);
        string range = trainingRanges is null
            ? string.Empty
            : trainingRanges.Minimum[feature] == trainingRanges.Maximum[feature] && scaling.Offset[feature] == 0f
            ? string.Create(CultureInfo.InvariantCulture, $" (the feature was {trainingRanges.Minimum[feature]} throughout training, which it leaves as it is)")
            : string.Create(CultureInfo.InvariantCulture, $" (it maps the feature's training range, {trainingRanges.Minimum[feature]} to {trainingRanges.Maximum[feature]}, to [0, 1])");
        return string.Create(
            CultureInfo.InvariantCulture,
            $", which the model's min-max scaling maps to {scaled}{range}, but the Bernoulli likelihood needs every feature in [0, 1] after scaling. {advice}");
    }

    /// <summary>
    /// How many standard deviations either side of its mean a standardized feature must leave room for in float32.
    /// Reconstructions and rows generated at temperature 1 map back as mean + z·σ with z within a few units, as the data
    /// mostly lies (by Chebyshev's inequality, at most 1 % of any data lies beyond 10σ); only a spread within a factor of
    /// ten of <see cref="float.MaxValue"/> leaves less room, which dividing the feature by 10 or 100 restores.
    /// </summary>
    private const double StandardizedRoom = 10;

    /// <summary>
    /// The scaling of the requested kind, clipping to [0, 1] when <paramref name="clipsToUnitInterval"/>; a constant
    /// feature gets scale 1 so it maps to 0 instead of dividing by 0. Under a clipping min-max scaling, a feature constant
    /// at a value within [0, 1] is left as it is (offset 0) instead: mapped to 0, every value below it would clip to 0
    /// too, and a 0 in a column that was always 1 would read as the 1 it replaces.
    /// </summary>
    /// <param name="kind">How the features are scaled.</param>
    /// <param name="clipsToUnitInterval">Whether the scaled features are clipped to [0, 1], as a Bernoulli model's are (<see cref="FeatureScaling.Clips"/>).</param>
    /// <exception cref="VaeDataException">
    /// A feature to scale by its range spans more than <see cref="float.MaxValue"/>: reconstructions mapped back to its
    /// units, up to its maximum, would overflow float32. Or a feature to standardize lies so far out or spreads so widely
    /// that its mean plus 10 standard deviations passes <see cref="float.MaxValue"/>, so outputs that far out, mapped
    /// back to its units, would overflow, or has a value more than <see cref="float.MaxValue"/> from its mean, whose
    /// difference from the mean overflows float32. Or a feature that is not constant spreads so little (less than
    /// 1/<see cref="float.MaxValue"/>, about 2.9e-39) that its scale, the spread's inverse, does not fit float32.
    /// </exception>
    public FeatureScaling? CreateScaling(VaeInputScaling kind, bool clipsToUnitInterval = false)
    {
        int d = Min.Length;
        var offset = new float[d];
        var scale = new float[d];
        for (int j = 0; j < d; j++)
        {
            bool leftAsItIs = clipsToUnitInterval && Min[j] == Max[j] && Min[j] is >= 0f and <= 1f;
            (double o, double spread) = kind switch
            {
                VaeInputScaling.None => (0.0, 1.0),
                VaeInputScaling.MinMax => (leftAsItIs ? 0.0 : Min[j], (double)Max[j] - Min[j]),
                VaeInputScaling.Standardize => (Mean[j], StandardDeviation[j]),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
            offset[j] = (float)o;
            if (kind == VaeInputScaling.MinMax && spread > float.MaxValue)
            {
                throw new VaeDataException(
                    string.Create(CultureInfo.InvariantCulture, $"Feature {FeatureNaming.Numbered(j, _featureNames)} ranges from {Min[j]} to {Max[j]}, wider than float32's largest value ({float.MaxValue}), so min-max scaling could not map reconstructions back to its units; divide the feature by 10 or more before training."),
                    column: j);
            }

            if (kind == VaeInputScaling.Standardize && Math.Abs(o) + (StandardizedRoom * spread) > float.MaxValue)
            {
                throw NoRoomToStandardize(j);
            }

            // Scaling takes x − offset in float32, as the exported graphs do, which overflows for a value more than float32's
            // largest value from the mean. The room above bounds the mean and the spread but not each value: one row of n
            // can lie √(n − 1) standard deviations out.
            if (kind == VaeInputScaling.Standardize && !(float.IsFinite(Max[j] - offset[j]) && float.IsFinite(Min[j] - offset[j])))
            {
                throw TooFarFromTheMean(j);
            }

            float inverse = (float)(1.0 / spread);
            if (spread > 0 && !float.IsFinite(inverse))
            {
                throw SpreadTooSmall(kind, j, spread);
            }

            // The inverse rounded down can map the maximum to just under 1, and binary data would then not be 0 or 1;
            // a step or two up fixes that.
            for (int step = 0; step < 4 && kind == VaeInputScaling.MinMax && FeatureScaling.Scaled(Max[j], offset[j], inverse) < 1f; step++)
            {
                inverse = MathF.BitIncrement(inverse);
            }

            scale[j] = spread > 0 ? inverse : 1f;
        }

        return kind == VaeInputScaling.None ? null : new FeatureScaling(offset, scale, clipsToUnitInterval);
    }

    private VaeDataException NoRoomToStandardize(int feature)
    {
        double reach = Math.Abs(Mean[feature]) + (StandardizedRoom * StandardDeviation[feature]);
        double divisor = Math.Pow(10, Math.Ceiling(Math.Log10(reach / float.MaxValue)));
        return new VaeDataException(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Feature {FeatureNaming.Numbered(feature, _featureNames)} has a mean of {Mean[feature]:G3} and a standard deviation of {StandardDeviation[feature]:G3}, so standardizing leaves no room to map outputs back to its units: "
                + $"a reconstruction or generated value {StandardizedRoom} standard deviations from the mean, {reach:G3}, would pass float32's largest value ({float.MaxValue}); divide the feature by {divisor} or more before training."),
            column: feature);
    }

    private VaeDataException TooFarFromTheMean(int feature)
    {
        return new VaeDataException(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Feature {FeatureNaming.Numbered(feature, _featureNames)} has a mean of {Mean[feature]:G3} and values from {Min[feature]} to {Max[feature]}, so standardizing overflows float32: "
                + $"a value lies more than float32's largest value ({float.MaxValue}) from the mean, and its difference from the mean does not fit; divide the feature by 10 or more before training."),
            column: feature);
    }

    // Scaled as a constant, with scale 1, such a feature's values would all map to about 0, and its reconstructions,
    // mapped back, would land anywhere within about 1 of its mean, far beyond its spread, with nothing to tell.
    private VaeDataException SpreadTooSmall(VaeInputScaling kind, int feature, double spread)
    {
        string measure = kind == VaeInputScaling.MinMax
            ? string.Create(CultureInfo.InvariantCulture, $"ranges from {Min[feature]} to {Max[feature]}, a range of only {spread:G3}, too narrow for min-max scaling")
            : string.Create(CultureInfo.InvariantCulture, $"has a standard deviation of only {spread:G3}, too small for standardizing");
        return new VaeDataException(
            string.Create(CultureInfo.InvariantCulture, $"Feature {FeatureNaming.Numbered(feature, _featureNames)} {measure}: its scale, the inverse, would exceed float32's largest value ({float.MaxValue}), and the feature is not constant, so it cannot be scaled like one without losing its values; multiply the feature by 1e30 or drop it before training."),
            column: feature);
    }
}
