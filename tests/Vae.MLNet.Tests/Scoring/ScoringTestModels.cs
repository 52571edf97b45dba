using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Scoring;

/// <summary>Small engine models with random weights, and random rows to score with them.</summary>
internal static class ScoringTestModels
{
    public const int InputDimension = 9;

    /// <summary>The features of a wide model (see <see cref="Create"/>).</summary>
    public const int WideInputDimension = 256;

    public const int LatentDimension = 3;

    /// <summary>Every likelihood × activation, with and without input scaling.</summary>
    public static IEnumerable<object[]> AllKinds =>
        from likelihood in Enum.GetValues<VaeLikelihood>()
        from activation in Enum.GetValues<VaeActivation>()
        from scaled in new[] { false, true }
        select new object[] { likelihood, activation, scaled };

    /// <summary>
    /// A model whose options agree with its random network, as a trained one's do; the history is made up but has
    /// every field set so a round trip that dropped one would show. A <paramref name="wide"/> model has
    /// <see cref="WideInputDimension"/> features and hidden layers of 640 and 64 units, enough work per row for
    /// <see cref="Vae.MLNet.Runtime.VaeOnnxModel"/> to split a batch of a few hundred rows across concurrent runs, and
    /// in its first hidden layer and its decoder head alone, the layers a cut by weights shares out, to cut even a
    /// single row when it encodes or decodes it; otherwise <see cref="InputDimension"/> features. A scaled model has
    /// feature ranges too, so a round trip or damage covers them.
    /// </summary>
    public static VaeModel Create(VaeLikelihood likelihood, VaeActivation activation, bool scaled, int seed, bool wide = false)
    {
        var options = new VaeOptions
        {
            HiddenLayerSizes = wide ? [640, 64] : [8, 5],
            DecoderHiddenLayerSizes = wide ? [64, 640] : [7],
            LatentDimension = LatentDimension,
            Activation = activation,
            LeakyReluSlope = 0.2f,
            Likelihood = likelihood,
            GaussianVariance = 0.5f,
            InputScaling = !scaled ? VaeInputScaling.None : likelihood == VaeLikelihood.Bernoulli ? VaeInputScaling.MinMax : VaeInputScaling.Standardize,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
            Seed = seed,
        };
        int d = wide ? WideInputDimension : InputDimension;
        VaeNetwork network = VaeNetwork.Create(options, d, new Random(seed));
        FeatureScaling? scaling = null;
        VaeFeatureRanges? ranges = null;
        if (scaled)
        {
            var random = new Random(seed + 1);
            scaling = new FeatureScaling(
                Enumerable.Range(0, d).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray(),
                Enumerable.Range(0, d).Select(_ => (float)(0.25 + (random.NextDouble() * 3))).ToArray());

            // The data behind a scaled model spans some range, in whole numbers for every third feature.
            bool[] whole = Enumerable.Range(0, d).Select(j => j % 3 == 0).ToArray();
            float[] minimum = scaling.Offset.Select((offset, j) => whole[j] ? MathF.Floor(offset - 3) : offset - 2.5f).ToArray();
            ranges = new VaeFeatureRanges(minimum, minimum.Select((low, j) => low + (whole[j] ? 7 : 5.25f)).ToArray(), whole);
        }

        var history = new VaeTrainingHistory(
            [new VaeEpochReport(1, 12.5, 10.25, 2.25, 0.5f, 13.0625, 0.125), new VaeEpochReport(2, 11.5, 9.5, 2.0, 1f, 12.75, 0.1)],
            bestEpoch: 2,
            stoppedEarly: true,
            GemmBackend.Managed);
        return new VaeModel(network, scaling, options, history, featureNames: null, ranges);
    }

    /// <summary>Row-major random values in [low, high).</summary>
    public static float[] Rows(int rows, int width, int seed, float low = 0f, float high = 1f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * width).Select(_ => low + ((high - low) * (float)random.NextDouble())).ToArray();
    }
}
