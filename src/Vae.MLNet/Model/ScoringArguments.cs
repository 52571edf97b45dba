using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Numerics;

namespace Vae.MLNet.Model;

/// <summary>
/// The argument checks every scorer applies, so the VAE's engine and ONNX Runtime models, the PCA and the classifier
/// refuse the same calls with the same exceptions.
/// </summary>
internal static class ScoringArguments
{
    /// <summary>The number of rows in <paramref name="values"/>, which must split into whole rows of <paramref name="width"/>.</summary>
    public static int RowCount(ReadOnlySpan<float> values, int width, string name)
    {
        if (values.Length % width != 0)
        {
            throw new ArgumentException($"{values.Length} values do not split into rows of {width}; pass whole rows, row-major.", name);
        }

        return values.Length / width;
    }

    /// <summary>
    /// Requires a dataset to be used to hand out at least one row of at least one feature and, when it has labels, one
    /// label per row, as one of one's own may not.
    /// </summary>
    public static void RequireRows(VaeDataset data, string name)
    {
        if (data.RowCount <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The data reports {data.RowCount} rows; pass at least one."), name);
        }

        if (data.FeatureCount <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The data reports {data.FeatureCount} features; a row needs at least one."), name);
        }

        if (data.LabelProblem() is { } problem)
        {
            throw new ArgumentException(problem, name);
        }
    }

    /// <summary>
    /// Requires <paramref name="destination"/> to hold exactly <paramref name="rows"/> rows of <paramref name="width"/>;
    /// the product is taken in 64 bits, since a wrapped one could match a short buffer that the scorer then overruns.
    /// </summary>
    public static void RequireLength(Span<float> destination, int rows, int width, string name)
    {
        long required = (long)rows * width;
        if (destination.Length != required)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; it must hold exactly {required}.", name);
        }
    }

    /// <summary><see cref="RequireLength"/> for an output the caller may skip by passing an empty span.</summary>
    public static void RequireLengthUnlessSkipped(Span<float> destination, int rows, int width, string name)
    {
        if (!destination.IsEmpty)
        {
            RequireLength(destination, rows, width, name);
        }
    }

    /// <summary>What a Bernoulli model without input scaling says of a feature outside [0, 1], after naming it.</summary>
    public const string OutsideUnitIntervalAdvice =
        "but this Bernoulli model scores features in [0, 1] only. Scale the data into [0, 1] (pixels: divide by 255), or train a model with min-max input scaling.";

    /// <summary>What training and scoring say of a categorical column's one-hot feature outside [0, 1], after naming it.</summary>
    public const string OneHotOutsideUnitIntervalProblem =
        ", but it is a one-hot feature of a categorical column, modelled by a softmax over the column's categories, which needs it in [0, 1]: "
        + "1 for the row's category and 0 for the others. Give each categorical column as its one-hot features.";

    /// <summary>
    /// Whether a model scores only features in [0, 1]: a Bernoulli one without input scaling, whose likelihood is defined
    /// only there, so a cross-entropy of other features can fall below zero and the scores would rank them as typical. (A
    /// scaled Bernoulli model clips instead; see <see cref="FeatureScaling"/>.)
    /// </summary>
    public static bool ScoresUnitIntervalOnly(VaeLikelihood likelihood, FeatureScaling? scaling) =>
        likelihood == VaeLikelihood.Bernoulli && scaling is null;

    /// <summary>
    /// How far outside [0, 1] a Bernoulli model's feature may lie, wherever it is checked (training, evaluating and scoring
    /// alike, so a model scores whatever it was trained on): the rounding of min-max scaling.
    /// </summary>
    public const float UnitIntervalTolerance = 1e-5f;

    /// <summary>
    /// The index of the first value outside [0, 1] by more than <see cref="UnitIntervalTolerance"/>, or −1; spans inside,
    /// the usual case, are confirmed with vector instructions.
    /// </summary>
    public static int IndexOutsideUnitInterval(ReadOnlySpan<float> values)
    {
        (float low, float high) = (-UnitIntervalTolerance, 1f + UnitIntervalTolerance);
        return values.IsEmpty || (System.Numerics.Tensors.TensorPrimitives.Min(values) >= low && System.Numerics.Tensors.TensorPrimitives.Max(values) <= high)
            ? -1
            : values.IndexOfAnyExceptInRange(low, high);
    }

    /// <summary>
    /// Whether a model's loss reads some features as probabilities, in [0, 1]: every feature when it
    /// <see cref="ScoresUnitIntervalOnly"/>, and whatever the model, the one-hot features of its categorical columns,
    /// whose cross-entropy falls below zero outside that range.
    /// </summary>
    public static bool ReadsProbabilities(VaeNetwork network, FeatureScaling? scaling) =>
        ScoresUnitIntervalOnly(network.Likelihood, scaling) || !network.Categories.IsEmpty;

    /// <summary>
    /// The index of the first value of row-major <paramref name="rows"/> that the loss of <paramref name="network"/> reads as
    /// a probability (see <see cref="ReadsProbabilities"/>) but that lies outside [0, 1] by more than
    /// <see cref="UnitIntervalTolerance"/>, or is NaN; −1 when there is none.
    /// </summary>
    public static int IndexOutsideProbabilityRange(ReadOnlySpan<float> rows, VaeNetwork network, FeatureScaling? scaling) =>
        ScoresUnitIntervalOnly(network.Likelihood, scaling) ? IndexOutsideUnitInterval(rows) : network.Categories.IndexInGroups(rows, IndexOutsideUnitInterval);

    /// <summary>
    /// The index of the first value of row-major <paramref name="rows"/> that is not finite or that
    /// <see cref="IndexOutsideProbabilityRange"/> refuses, whichever comes first; −1 when there is none.
    /// </summary>
    public static int IndexOfUnscorable(ReadOnlySpan<float> rows, VaeNetwork network, FeatureScaling? scaling) =>
        EarlierIndex(FiniteValues.IndexOfNonFinite(rows), IndexOutsideProbabilityRange(rows, network, scaling));

    /// <summary>
    /// The earlier of two indices into one span, each the first value one check refuses or −1 for none: the first value
    /// either check refuses, where running one check over the whole span first would name its value even after the other's.
    /// </summary>
    public static int EarlierIndex(int first, int second) => first < 0 ? second : second < 0 ? first : Math.Min(first, second);

    /// <summary>
    /// What is said of <paramref name="value"/>, the feature <see cref="IndexOutsideProbabilityRange"/> or
    /// <see cref="IndexOfUnscorable"/> found, after naming it.
    /// </summary>
    public static string OutsideProbabilityRangeProblem(float value, int feature, VaeNetwork network) =>
        !float.IsFinite(value) ? FiniteValues.Requirement
        : network.Categories.Contains(feature) ? OneHotOutsideUnitIntervalProblem
        : $", {OutsideUnitIntervalAdvice}";

    /// <summary>
    /// Refuses rows of features a model cannot score through its loss, naming the first value
    /// <see cref="IndexOfUnscorable"/> finds: one that is not finite, or one outside the range the loss reads as a
    /// probability. The first in row order is named whichever check refuses it, as for a dataset's rows.
    /// </summary>
    public static void RequireScorableFeatures(ReadOnlySpan<float> features, VaeNetwork network, FeatureScaling? scaling, string name)
    {
        int bad = IndexOfUnscorable(features, network, scaling);
        if (bad >= 0)
        {
            int width = network.InputDimension;
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Row {bad / width}, feature {bad % width} is {features[bad]}{OutsideProbabilityRangeProblem(features[bad], bad % width, network)}"),
                name);
        }
    }

    /// <summary>Whether <see cref="RequireScorableFeatures"/> accepts <paramref name="features"/>, for a check that needs no message.</summary>
    public static bool AreScorableFeatures(ReadOnlySpan<float> features, VaeNetwork network, FeatureScaling? scaling) =>
        IndexOfUnscorable(features, network, scaling) < 0;

    /// <summary>The checks of an Encode call, the same for every scorer; returns the number of rows.</summary>
    public static int RequireEncodeArguments(ReadOnlySpan<float> features, Span<float> latentMean, Span<float> latentLogVariance, int inputDimension, int latentDimension)
    {
        int rows = RequireEncodeBuffers(features, latentMean, latentLogVariance, inputDimension, latentDimension);
        RequireFinite(features, inputDimension, "feature", nameof(features));
        return rows;
    }

    /// <summary>The checks of an Encode call but the finiteness of its features; returns the number of rows.</summary>
    public static int RequireEncodeBuffers(ReadOnlySpan<float> features, Span<float> latentMean, Span<float> latentLogVariance, int inputDimension, int latentDimension)
    {
        int rows = RowCount(features, inputDimension, nameof(features));
        RequireLength(latentMean, rows, latentDimension, nameof(latentMean));
        RequireLengthUnlessSkipped(latentLogVariance, rows, latentDimension, nameof(latentLogVariance));
        RequireSeparate(features, nameof(features), latentMean, nameof(latentMean));
        RequireSeparate(features, nameof(features), latentLogVariance, nameof(latentLogVariance));
        RequireSeparate(latentMean, nameof(latentMean), latentLogVariance, nameof(latentLogVariance));
        return rows;
    }

    /// <summary>The checks of a Decode call, the same for every scorer; returns the number of rows.</summary>
    public static int RequireDecodeArguments(
        ReadOnlySpan<float> latent, Span<float> reconstruction, Span<float> reconstructionLogVariance, int inputDimension, int latentDimension, VaeLikelihood likelihood)
    {
        int rows = RequireDecodeBuffers(latent, reconstruction, reconstructionLogVariance, inputDimension, latentDimension, likelihood);
        RequireFinite(latent, latentDimension, "latent value", nameof(latent));
        return rows;
    }

    /// <summary>The checks of a Decode call but the finiteness of its latent values; returns the number of rows.</summary>
    public static int RequireDecodeBuffers(
        ReadOnlySpan<float> latent, Span<float> reconstruction, Span<float> reconstructionLogVariance, int inputDimension, int latentDimension, VaeLikelihood likelihood)
    {
        int rows = RowCount(latent, latentDimension, nameof(latent));
        RequireLength(reconstruction, rows, inputDimension, nameof(reconstruction));
        RequireLogVarianceLength(reconstructionLogVariance, rows, inputDimension, likelihood);
        RequireSeparate(latent, nameof(latent), reconstruction, nameof(reconstruction));
        RequireSeparate(latent, nameof(latent), reconstructionLogVariance, nameof(reconstructionLogVariance));
        RequireSeparate(reconstruction, nameof(reconstruction), reconstructionLogVariance, nameof(reconstructionLogVariance));
        return rows;
    }

    /// <summary>
    /// The checks of a SampleObservations call but the finiteness of its latent values, which the Decode it calls makes,
    /// naming the same argument.
    /// </summary>
    public static void RequireSampleBuffers(ReadOnlySpan<float> latent, Span<float> observations, int inputDimension, int latentDimension)
    {
        int rows = RowCount(latent, latentDimension, nameof(latent));
        RequireLength(observations, rows, inputDimension, nameof(observations));
        RequireSeparate(latent, nameof(latent), observations, nameof(observations));
    }

    /// <summary>The checks of a Reconstruct call, the same for every scorer; returns the number of rows.</summary>
    public static int RequireReconstructArguments(ReadOnlySpan<float> features, Span<float> reconstruction, int inputDimension)
    {
        int rows = RequireReconstructBuffers(features, reconstruction, inputDimension);
        RequireFinite(features, inputDimension, "feature", nameof(features));
        return rows;
    }

    /// <summary>The checks of a Reconstruct call but the finiteness of its features; returns the number of rows.</summary>
    public static int RequireReconstructBuffers(ReadOnlySpan<float> features, Span<float> reconstruction, int inputDimension)
    {
        int rows = RowCount(features, inputDimension, nameof(features));
        RequireLength(reconstruction, rows, inputDimension, nameof(reconstruction));
        RequireSeparate(features, nameof(features), reconstruction, nameof(reconstruction));
        return rows;
    }

    /// <summary>The checks of a ScoreRows call, the same for every scorer; returns the number of rows.</summary>
    public static int RequireScoreRowsArguments(
        ReadOnlySpan<float> features, Span<float> reconstructionError, Span<float> anomalyScore, VaeNetwork network, FeatureScaling? scaling)
    {
        int rows = RequireScoreRowsBuffers(features, reconstructionError, anomalyScore, network.InputDimension);
        RequireScorableFeatures(features, network, scaling, nameof(features));
        return rows;
    }

    /// <summary>The checks of a ScoreRows call but those of its features' values (see <see cref="RequireScorableFeatures"/>); returns the number of rows.</summary>
    public static int RequireScoreRowsBuffers(ReadOnlySpan<float> features, Span<float> reconstructionError, Span<float> anomalyScore, int inputDimension)
    {
        int rows = RowCount(features, inputDimension, nameof(features));
        RequireLengthUnlessSkipped(reconstructionError, rows, 1, nameof(reconstructionError));
        RequireLengthUnlessSkipped(anomalyScore, rows, 1, nameof(anomalyScore));
        RequireSeparate(features, nameof(features), reconstructionError, nameof(reconstructionError));
        RequireSeparate(features, nameof(features), anomalyScore, nameof(anomalyScore));
        RequireSeparate(reconstructionError, nameof(reconstructionError), anomalyScore, nameof(anomalyScore));
        return rows;
    }

    /// <summary>
    /// Refuses, naming its row in a dataset, the first feature of <paramref name="chunk"/> — rows of the network's
    /// features, the first of them the dataset's row <paramref name="firstRow"/> — that is not finite or lies outside the
    /// range <see cref="IndexOutsideProbabilityRange"/> checks (see <see cref="IndexOfUnscorable"/>).
    /// </summary>
    /// <exception cref="VaeDataException">A feature cannot be scored.</exception>
    public static void RequireScorableRows(ReadOnlySpan<float> chunk, long firstRow, VaeNetwork network, FeatureScaling? scaling, IReadOnlyList<string>? featureNames)
    {
        int bad = IndexOfUnscorable(chunk, network, scaling);
        if (bad >= 0)
        {
            int width = network.InputDimension;
            throw InFeatureOfRows(chunk, bad, firstRow, width, OutsideProbabilityRangeProblem(chunk[bad], bad % width, network), featureNames);
        }
    }

    /// <summary>
    /// Refuses, naming its row in a dataset, a feature of <paramref name="chunk"/> (laid out as for
    /// <see cref="RequireScorableRows"/>) that is not finite.
    /// </summary>
    /// <exception cref="VaeDataException">A feature is NaN or infinite.</exception>
    public static void RequireFiniteRows(ReadOnlySpan<float> chunk, long firstRow, int width, IReadOnlyList<string>? featureNames)
    {
        int bad = FiniteValues.IndexOfNonFinite(chunk);
        if (bad >= 0)
        {
            throw InFeatureOfRows(chunk, bad, firstRow, width, FiniteValues.Requirement, featureNames);
        }
    }

    /// <summary>
    /// The <see cref="VaeDataException.InFeature"/> for value <paramref name="bad"/> of <paramref name="chunk"/>, whose first
    /// row is the dataset's row <paramref name="firstRow"/>, naming the feature with <paramref name="featureNames"/>, if any.
    /// </summary>
    public static VaeDataException InFeatureOfRows(ReadOnlySpan<float> chunk, int bad, long firstRow, int width, string problem, IReadOnlyList<string>? featureNames) =>
        VaeDataException.InFeature(firstRow + (bad / width), bad % width, chunk[bad], problem, featureNames);

    /// <summary>
    /// Refuses buffers of one call that share memory: a scorer reads its input and writes its outputs range by range,
    /// so an overlap would hand back values computed from, or overwritten by, another output.
    /// </summary>
    public static void RequireSeparate(ReadOnlySpan<float> first, string firstName, ReadOnlySpan<float> second, string secondName)
    {
        if (first.Overlaps(second))
        {
            throw new ArgumentException($"The buffers {firstName} and {secondName} share memory; pass a separate buffer for each.", secondName);
        }
    }

    /// <summary>An empty span opts out of the log-variances; otherwise only the learned-variance Gaussian has them.</summary>
    public static void RequireLogVarianceLength(Span<float> reconstructionLogVariance, int rows, int inputDimension, VaeLikelihood likelihood)
    {
        if (reconstructionLogVariance.IsEmpty)
        {
            return;
        }

        if (likelihood != VaeLikelihood.GaussianLearnedVariance)
        {
            throw new ArgumentException(
                $"Only the {nameof(VaeLikelihood.GaussianLearnedVariance)} likelihood has reconstruction log-variances; this model is {likelihood}. Pass an empty span.",
                nameof(reconstructionLogVariance));
        }

        RequireLength(reconstructionLogVariance, rows, inputDimension, nameof(reconstructionLogVariance));
    }

    /// <summary>
    /// Refuses NaN and infinities, which a network would turn into NaN outputs without any error. Row-major
    /// <paramref name="values"/>; <paramref name="noun"/> names one value in the message ("feature", "latent value"), which reads as
    /// <see cref="Data.VaeDataException.InFeature"/>'s: "Row 3, feature 2 is NaN; …".
    /// </summary>
    public static void RequireFinite(ReadOnlySpan<float> values, int width, string noun, string name)
    {
        int bad = FiniteValues.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Row {bad / width}, {noun} {bad % width} is {values[bad]}; every {noun} must be a finite number."), name);
        }
    }

    /// <summary>What makes an output of features, such as an encoding, a projection or class logits, overflow.</summary>
    public const string FeaturesFarOutside = "features far outside the training data's range";

    /// <summary>What makes the output of a decoder given latent points a caller chose overflow.</summary>
    public const string LatentPointsFarFromPrior = "latent points far from the prior N(0, I)";

    /// <summary>
    /// Refuses an output that came out NaN or infinite although every input was finite: float32 overflowed inside the
    /// network, and handing ∞ or NaN on would only surface later, somewhere harder to trace. Row-major
    /// <paramref name="values"/>; <paramref name="output"/> names the output in the message ("reconstruction"),
    /// <paramref name="inputsFarOutside"/> says which inputs overflow it, and the rows are numbered from
    /// <paramref name="firstRow"/>, the dataset's row of the first.
    /// </summary>
    /// <exception cref="VaeOverflowException">A value is NaN or infinite.</exception>
    public static void RequireFiniteOutput(ReadOnlySpan<float> values, int width, string output, string inputsFarOutside, long firstRow = 0)
    {
        int bad = FiniteValues.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw VaeOverflowException.InRow(firstRow + (bad / width), string.Create(
                CultureInfo.InvariantCulture,
                $"the {output} overflowed float32 ({(width == 1 ? "it" : $"its value at index {bad % width}")} is {values[bad]}) although its inputs are finite: " +
                $"they lie too far outside what the model was trained on ({inputsFarOutside}). Bring such rows back into that range before scoring them."));
        }
    }

    /// <summary>Checks an encoder's outputs with <see cref="RequireFiniteOutput"/>; an empty span is a skipped output.</summary>
    public static void RequireFiniteEncoding(ReadOnlySpan<float> latentMean, ReadOnlySpan<float> latentLogVariance, int latentDimension, long firstRow = 0)
    {
        RequireFiniteOutput(latentMean, latentDimension, "latent mean", FeaturesFarOutside, firstRow);
        RequireFiniteOutput(latentLogVariance, latentDimension, "latent log-variance", FeaturesFarOutside, firstRow);
    }

    /// <summary>
    /// Checks a decoder's outputs with <see cref="RequireFiniteOutput"/>, blaming <paramref name="inputsFarOutside"/>:
    /// <see cref="LatentPointsFarFromPrior"/> where a caller chose the latent points, <see cref="FeaturesFarOutside"/>
    /// where they are encodings of features the caller gave. An empty span is a skipped output.
    /// </summary>
    public static void RequireFiniteDecoding(
        ReadOnlySpan<float> reconstruction, ReadOnlySpan<float> reconstructionLogVariance, int inputDimension, string inputsFarOutside, long firstRow = 0)
    {
        RequireFiniteOutput(reconstruction, inputDimension, "reconstruction", inputsFarOutside, firstRow);
        RequireFiniteOutput(reconstructionLogVariance, inputDimension, "reconstruction log-variance", inputsFarOutside, firstRow);
    }

    /// <summary>
    /// Checks per-row scores with <see cref="RequireFiniteOutput"/>, the anomaly score first, which a reconstruction
    /// error or a KL term past float32 makes infinite; an empty span is a skipped output.
    /// </summary>
    public static void RequireFiniteScores(ReadOnlySpan<float> reconstructionError, ReadOnlySpan<float> anomalyScore, long firstRow = 0)
    {
        RequireFiniteOutput(anomalyScore, 1, "anomaly score", FeaturesFarOutside, firstRow);
        RequireFiniteOutput(reconstructionError, 1, "reconstruction error", FeaturesFarOutside, firstRow);
    }

    /// <summary>Refuses anything but one row of <paramref name="width"/> finite values.</summary>
    public static void RequireOneRow(ReadOnlySpan<float> row, int width, string noun, string name)
    {
        if (row.Length != width)
        {
            throw new ArgumentException($"{row.Length} values were passed; pass exactly one row of {width}.", name);
        }

        RequireFinite(row, width, noun, name);
    }

    /// <summary>Whether <paramref name="rows"/> rows of <paramref name="width"/> values fit in one array.</summary>
    public static bool FitInOneArray(int rows, int width) => (long)rows * width <= Array.MaxLength;

    /// <summary>Refuses a row count whose rows of <paramref name="width"/> values would not fit in one array.</summary>
    public static void RequireArrayFits(int rows, int width, string name)
    {
        if (!FitInOneArray(rows, width))
        {
            throw new ArgumentOutOfRangeException(name, rows, $"{rows} rows of {width} values do not fit in one array; ask for at most {Array.MaxLength / width} rows at a time.");
        }
    }
}
