using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Numerics;
using Vae.MLNet.Training;

namespace Vae.MLNet.Model;

/// <summary>
/// Draws rows from the decoder's observation model p(x | z) around decoded means, in the original units, for the
/// in-process model and the ONNX Runtime decoder alike: a decoded mean is what a row is expected to be, a draw is a row
/// with the spread the model learned, as synthetic data needs. The draws continue one seeded stream across calls, so
/// rows drawn a block at a time get the draws of rows drawn at once.
/// </summary>
internal sealed class ObservationDraws
{
    // Separate the draws' streams from the latent points', which the same seed starts, and from each other.
    private const ulong StreamOfDraws = 0x6F62736572766564;
    private const ulong StreamOfCategories = 0x63617465676F7279;

    private readonly VaeModel _model;
    private readonly bool _ofGivenLatents;
    private readonly (SeededRandom Uniforms, float[] Zero, float[] One)? _bits;
    private readonly GaussianNoise? _noise;
    private readonly SeededRandom? _categoryDraws;
    private float[] _noiseValues = [];
    private int[] _categories = [];

    /// <summary>Starts the draws of <paramref name="seed"/> for <paramref name="model"/>'s likelihood.</summary>
    /// <param name="model">The model whose likelihood, scaling and categorical columns the draws follow.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="ofGivenLatents">
    /// Whether the rows are decoded from latent points the caller gave rather than generated from the prior, which an
    /// overflow's message names them by and whose means it advises decoding rather than generating.
    /// </param>
    public ObservationDraws(VaeModel model, int seed, bool ofGivenLatents)
    {
        _model = model;
        _ofGivenLatents = ofGivenLatents;
        int drawsSeed = unchecked((int)SeededRandom.Mix((ulong)(uint)seed ^ StreamOfDraws));
        if (model.Likelihood == VaeLikelihood.Bernoulli)
        {
            (float[] zero, float[] one) = DrawnBits(model);
            _bits = (new SeededRandom(drawsSeed), zero, one);
        }
        else
        {
            _noise = new GaussianNoise(drawsSeed);
        }

        if (model.CategoricalFeatures is not null)
        {
            _categoryDraws = new SeededRandom(unchecked((int)SeededRandom.Mix((ulong)(uint)seed ^ StreamOfCategories)));
        }
    }

    /// <summary>
    /// Decodes each row of <paramref name="latent"/> with <paramref name="decode"/> and draws it from p(x | z) with the
    /// draws of <paramref name="seed"/>: what the public <c>SampleObservations</c> methods write, once they have checked
    /// their arguments with <see cref="ScoringArguments.RequireSampleBuffers"/>. The rows are those a caller decoding the
    /// same latent points a block at a time and drawing them with one <see cref="ObservationDraws"/> gets.
    /// </summary>
    /// <exception cref="VaeOverflowException">A decoded mean or a draw came out NaN or infinite.</exception>
    public static void Sample(VaeModel model, PriorSampler.Decoding decode, ReadOnlySpan<float> latent, Span<float> observations, int seed)
    {
        var draws = new ObservationDraws(model, seed, ofGivenLatents: true);
        Span<float> logVariances = draws.DrawsFromLogVariances ? new float[observations.Length] : default;
        decode(latent, observations, logVariances);
        draws.Draw(observations, logVariances, firstRow: 0);
    }

    /// <summary>Whether <see cref="Draw"/> needs the decoder's log-variances: those of the learned variance, which sets each feature's noise.</summary>
    public bool DrawsFromLogVariances => _model.Likelihood == VaeLikelihood.GaussianLearnedVariance;

    /// <summary>
    /// Replaces each value of <paramref name="rows"/>, decoded means in the original units, by a draw around it:
    /// Bernoulli features become 0 or 1 with the decoded probability (under min-max scaling, exactly the ends of the
    /// feature's <see cref="VaeModel.FeatureRanges"/>, or, for a model saved without them, 0 and 1 mapped back),
    /// Gaussian ones get noise of the model's variance, <see cref="VaeOptions.GaussianVariance"/> on the scaled features
    /// or the decoder's own <paramref name="logVariances"/> (in the original units). The features of a categorical
    /// column (<see cref="VaeModel.CategoricalFeatures"/>) become the one-hot features of one category, drawn with
    /// probability proportional to its decoded mean (a mean below 0 counting as 0, and the largest taken when none is
    /// above 0). Each call goes on with the draws where the last one stopped.
    /// </summary>
    /// <param name="rows">The decoded means, whole rows.</param>
    /// <param name="logVariances">The decoder's log-variances for the learned variance, otherwise empty.</param>
    /// <param name="firstRow">The number of the first of <paramref name="rows"/> among all the caller draws (generated, or decoded from given latent points), for exceptions.</param>
    /// <exception cref="VaeOverflowException">A draw came out infinite: the model's noise is too wide for float32 in the original units.</exception>
    public void Draw(Span<float> rows, ReadOnlySpan<float> logVariances, long firstRow)
    {
        // Drawn from the means, before the draws below replace them.
        ReadOnlySpan<int> categories = DrawCategories(rows);
        DrawFeatures(rows, logVariances, firstRow);
        for (int i = 0; i < categories.Length; i++)
        {
            Span<float> oneHot = OneHotFeatures(rows, i);
            oneHot.Clear();
            oneHot[categories[i]] = 1f;
        }
    }

    // Each row's category of each categorical column, row by row, drawn from the decoded means of its features.
    private ReadOnlySpan<int> DrawCategories(Span<float> rows)
    {
        if (_categoryDraws is not { } draws)
        {
            return [];
        }

        IReadOnlyList<VaeCategoricalFeature> features = _model.CategoricalFeatures!;
        int rowCount = rows.Length / _model.InputDimension;
        Span<int> categories = ReusedBuffer.Holding(ref _categories, rowCount * features.Count);
        for (int i = 0; i < categories.Length; i++)
        {
            ReadOnlySpan<float> means = OneHotFeatures(rows, i);
            double total = 0;
            int largest = 0;
            for (int c = 0; c < means.Length; c++)
            {
                total += Math.Max(means[c], 0f);
                largest = means[c] > means[largest] ? c : largest;
            }

            // One uniform a row and column whatever the means, so that each row's draw does not move the next one's.
            double threshold = draws.NextDouble() * total;
            int drawn = largest;
            for (int c = 0; total > 0 && c < means.Length; c++)
            {
                threshold -= Math.Max(means[c], 0f);
                if (threshold < 0 && means[c] > 0)
                {
                    drawn = c;
                    break;
                }
            }

            categories[i] = drawn;
        }

        return categories;
    }

    // The features of the categorical column and row that draw i is for: the draws go row by row, a column at a time.
    private Span<float> OneHotFeatures(Span<float> rows, int i)
    {
        IReadOnlyList<VaeCategoricalFeature> features = _model.CategoricalFeatures!;
        VaeCategoricalFeature feature = features[i % features.Count];
        return rows.Slice((i / features.Count * _model.InputDimension) + feature.FirstFeature, feature.Categories.Count);
    }

    // What a drawn 0 and 1 are in each feature's units: the ends of the feature's training range. Mapped back as
    // reconstructions are, x/scale + offset, 1 would miss the maximum by float32 rounding (1/(1/14f) is 13.999999), and
    // a constant feature, scaled by 1, would draw its value + 1, outside the data; so a model that kept its ranges
    // draws them as they are, and only one saved before ranges were kept goes by the scaling.
    private static (float[] Zero, float[] One) DrawnBits(VaeModel model)
    {
        int d = model.InputDimension;
        return (model.Scaling, model.FeatureRanges) switch
        {
            (null, _) => (new float[d], Enumerable.Repeat(1f, d).ToArray()),
            (_, { } ranges) => ([.. ranges.Minimum], [.. ranges.Maximum]),
            ({ } scaling, null) => (scaling.Offset, [.. scaling.Scale.Select((scale, j) => (1f / scale) + scaling.Offset[j])]),
        };
    }

    private void DrawFeatures(Span<float> rows, ReadOnlySpan<float> logVariances, long firstRow)
    {
        VaeModel model = _model;
        int d = model.InputDimension;
        FeatureScaling? scaling = model.Scaling;
        if (_bits is (SeededRandom uniforms, float[] zero, float[] one))
        {
            for (int i = 0; i < rows.Length; i++)
            {
                int j = i % d;
                float probability = scaling is null ? rows[i] : FeatureScaling.Scaled(rows[i], scaling.Offset[j], scaling.Scale[j]);
                rows[i] = uniforms.NextSingle() < probability ? one[j] : zero[j];
            }

            return;
        }

        Span<float> noise = ReusedBuffer.Holding(ref _noiseValues, rows.Length);
        _noise!.Fill(noise);
        float fixedDeviation = MathF.Sqrt(model.Network.GaussianVariance);
        for (int i = 0; i < rows.Length; i++)
        {
            float deviation = !logVariances.IsEmpty ? MathF.Exp(0.5f * logVariances[i])
                : scaling is null ? fixedDeviation
                : fixedDeviation / scaling.Scale[i % d];
            rows[i] += deviation * noise[i];
        }

        int bad = FiniteValues.IndexOfNonFinite(rows);
        if (bad >= 0)
        {
            long row = firstRow + (bad / d);
            string problem = string.Create(
                CultureInfo.InvariantCulture,
                $"the draw of feature {FeatureNaming.Numbered(bad % d, model.FeatureNames)} came out {rows[bad]}: the model's noise for that feature, in its original units, is too wide for float32. {(_ofGivenLatents ? "Decode" : "Generate")} the rows' means instead, without drawing observations.");
            throw new VaeOverflowException($"{(_ofGivenLatents ? "Row" : "Generated row")} {row}: {problem}", row) { RowProblem = problem, InObservationDraw = true };
        }
    }
}
