using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class GradientCheckTests
{
    private const int Rows = 3;
    private const int Inputs = 5;

    public static IEnumerable<object[]> Cases =>
        from likelihood in Enum.GetValues<VaeLikelihood>()
        from activation in Enum.GetValues<VaeActivation>()
        from categorical in new[] { false, true }
        select new object[] { likelihood, activation, categorical };

    /// <summary>With <paramref name="categorical"/>, features 1 to 3 are one category's one-hot features, modelled by a softmax.</summary>
    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void EveryParameterGradientMatchesCentralDifferences(VaeLikelihood likelihood, VaeActivation activation, bool categorical) =>
        AssertGradientsMatchCentralDifferences(
            likelihood, activation, categorical ? new FeatureRun(1, 3) : null, Inputs, hidden: [4], decoderHidden: [6, 4], latent: 3, checkedPerTensor: null, minimumChecked: 100);

    /// <summary>
    /// As <see cref="EveryParameterGradientMatchesCentralDifferences"/> with layers, and with <paramref name="categorical"/>
    /// a category, wider than a SIMD vector and not a whole number of them, so that the vectorized activations, losses
    /// and their derivatives are checked with their scalar tails; 30 parameters of each weight and bias array, drawn
    /// once, keep it fast.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void GradientsOfLayersWiderThanAVectorMatchCentralDifferences(VaeLikelihood likelihood, VaeActivation activation, bool categorical) =>
        AssertGradientsMatchCentralDifferences(
            likelihood, activation, categorical ? new FeatureRun(2, 19) : null, inputs: 37, hidden: [35], decoderHidden: [33, 34], latent: 19, checkedPerTensor: 30, minimumChecked: 250);

    private static void AssertGradientsMatchCentralDifferences(
        VaeLikelihood likelihood, VaeActivation activation, FeatureRun? category, int inputs, int[] hidden, int[] decoderHidden, int latent, int? checkedPerTensor, int minimumChecked)
    {
        var options = new VaeOptions
        {
            HiddenLayerSizes = hidden,
            DecoderHiddenLayerSizes = decoderHidden,
            LatentDimension = latent,
            Likelihood = likelihood,
            Activation = activation,
            LeakyReluSlope = 0.1f,
            GaussianVariance = 0.5f,
        };
        var random = new Random(7);
        CategoricalGroups categories = new(category is { } run ? [run] : [], inputs);
        VaeNetwork network = VaeNetwork.Create(options, inputs, random, categories);
        float[] features = Enumerable.Range(0, Rows * inputs).Select(_ => (float)random.NextDouble()).ToArray();
        for (int r = 0; category is { } oneHotRun && r < Rows; r++)
        {
            Span<float> oneHot = features.AsSpan((r * inputs) + oneHotRun.First, oneHotRun.Count);
            oneHot.Clear();
            oneHot[r % oneHotRun.Count] = 1f;
        }

        float[] noise = new float[Rows * latent];
        new GaussianNoise(3).Fill(noise);
        const float beta = 0.7f;
        IMatrixMultiplier gemm = MatrixMultipliers.Create(GemmBackend.Managed, threads: 1);
        var step = new Backpropagation(network, Rows);
        features.CopyTo(step.Pass.Input, 0);
        VaeNetwork analytic = network.Clone();
        step.Run(gemm, noise, Rows, beta, analytic);

        double Loss()
        {
            step.Propagate(gemm, noise, 0, Rows, beta, Rows);
            (double reconstruction, double kl) = step.LossSums(Rows);
            return (reconstruction + beta * kl) / Rows;
        }

        string kind = category is null ? "numeric" : "categorical";
        bool piecewiseLinear = activation is VaeActivation.Relu or VaeActivation.LeakyRelu;
        int checkedCount = 0;
        foreach ((DenseLayer layer, DenseLayer gradient) in network.Layers.Zip(analytic.Layers))
        {
            foreach ((float[] parameters, float[] gradients) in new[] { (layer.Weights, gradient.Weights), (layer.Bias, gradient.Bias) })
            {
                IEnumerable<int> indices = checkedPerTensor is int count && count < parameters.Length
                    ? Enumerable.Range(0, count).Select(_ => random.Next(parameters.Length))
                    : Enumerable.Range(0, parameters.Length);
                foreach (int i in indices)
                {
                    (double central, double forward, double backward) = Differences(parameters, i, Loss);
                    double tolerance = 2e-3 + 2e-2 * Math.Abs(central);

                    // A ReLU's kink within the step bends the central difference; the side without it still measures the
                    // slope, which the gradient must then match.
                    bool kinkOnOneSide = piecewiseLinear && Math.Abs(central - gradients[i]) > tolerance
                        && Math.Min(Math.Abs(forward - gradients[i]), Math.Abs(backward - gradients[i])) <= 2e-3 + 2e-2 * Math.Abs(gradients[i]);
                    if (!kinkOnOneSide)
                    {
                        Assert.AreEqual(central, gradients[i], tolerance, $"{likelihood}/{activation}/{kind}: parameter {i} of a {layer.InputSize}×{layer.OutputSize} layer");
                    }

                    checkedCount++;
                }
            }
        }

        Assert.IsGreaterThan(minimumChecked, checkedCount);
    }

    /// <summary>
    /// Log-variances at their clamps pass only a gradient that leads back inside. The encoder's at −20 and +10: its KL
    /// term raises the one and lowers the other. The learned-variance decoder's at ±9: on features within [0, 1) down
    /// from +9 and up from −9, and for a feature whose mean is 1000, whose loss still falls as σ² grows, none at +9.
    /// </summary>
    [TestMethod]
    public void LogVariancesHeldAtTheirClampsPassOnlyGradientsLeadingBackInside()
    {
        var options = new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 3, Likelihood = VaeLikelihood.GaussianLearnedVariance };
        var random = new Random(7);
        VaeNetwork network = VaeNetwork.Create(options, Inputs, random);
        Span<float> latentLogVarBias = network.EncoderHead.Bias.AsSpan(options.LatentDimension);
        Span<float> reconstructionLogVarBias = network.DecoderHead.Bias.AsSpan(Inputs);
        latentLogVarBias.Fill(-30f);
        latentLogVarBias[^1] = 30f;
        for (int j = 0; j < Inputs; j++)
        {
            reconstructionLogVarBias[j] = j % 2 == 0 ? 40f : -40f;
        }

        network.DecoderHead.Bias[Inputs - 1] = 1000f;

        float[] noise = new float[Rows * options.LatentDimension];
        new GaussianNoise(3).Fill(noise);
        var step = new Backpropagation(network, Rows);
        Enumerable.Range(0, Rows * Inputs).Select(_ => (float)random.NextDouble()).ToArray().CopyTo(step.Pass.Input, 0);
        VaeNetwork gradients = network.Clone();
        step.Run(MatrixMultipliers.Create(GemmBackend.Managed, threads: 1), noise, Rows, beta: 0.7f, gradients);

        float[] latentLogVarGradient = gradients.EncoderHead.Bias[options.LatentDimension..];
        Assert.IsTrue(latentLogVarGradient[..^1].All(g => g < 0f), $"at −20, a descent step raises log σ²: {string.Join(", ", latentLogVarGradient)}");
        Assert.IsGreaterThan(0f, latentLogVarGradient[^1], "at +10, a descent step lowers log σ²");
        float[] logVarGradient = gradients.DecoderHead.Bias[Inputs..];
        Assert.IsGreaterThan(0f, logVarGradient[0], "at +9, a descent step lowers log σ²");
        Assert.IsGreaterThan(0f, logVarGradient[2], "at +9, a descent step lowers log σ²");
        Assert.IsLessThan(0f, logVarGradient[1], "at −9, a descent step raises log σ²");
        Assert.IsLessThan(0f, logVarGradient[3], "at −9, a descent step raises log σ²");
        Assert.AreEqual(0f, logVarGradient[Inputs - 1], "at +9 a residual of 1000 would raise log σ² further");
        Assert.IsTrue(gradients.DecoderHead.Bias[..Inputs].Any(g => g != 0f), "the means beside them must still learn");
    }

    /// <summary>The central, forward and backward differences of <paramref name="loss"/> in one parameter.</summary>
    private static (double Central, double Forward, double Backward) Differences(float[] parameters, int index, Func<double> loss)
    {
        const float step = 2e-3f;
        float original = parameters[index];
        double at = loss();
        parameters[index] = original + step;
        double plus = loss();
        parameters[index] = original - step;
        double minus = loss();
        parameters[index] = original;
        return ((plus - minus) / (2 * step), (plus - at) / step, (at - minus) / step);
    }
}
