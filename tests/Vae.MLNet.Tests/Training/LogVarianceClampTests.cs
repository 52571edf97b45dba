using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class LogVarianceClampTests
{
    private const int Inputs = 4;

    /// <summary>
    /// A decoder whose log-variances start far above their clamp at +9, as huge residuals early in training on unscaled
    /// data leave them, on features within [0, 1), where σ² = e⁹ is far too wide: training brings every one back inside.
    /// </summary>
    [TestMethod]
    public void ALogVarianceDrivenPastItsUpperClampComesBackOnceTheResidualsAreSmall()
    {
        VaeOptions options = Options(VaeLikelihood.GaussianLearnedVariance, epochs: 40);
        VaeModel start = Start(options, network => network.DecoderHead.Bias.AsSpan(Inputs).Fill(12f));
        var random = new Random(4);
        VaeDataset data = VaeDataset.FromArray([.. Enumerable.Range(0, 64 * Inputs).Select(_ => (float)random.NextDouble())], Inputs);

        VaeModel trained = new VaeTrainer(options).Fit(data, start);

        var reconstruction = new float[Inputs];
        var logVariance = new float[Inputs];
        start.Decode(new float[options.LatentDimension], reconstruction, logVariance);
        CollectionAssert.AreEqual(Enumerable.Repeat(VaeNetwork.ReconstructionLogVarMax, Inputs).ToArray(), logVariance, "the start must sit at the clamp");
        trained.Decode(new float[options.LatentDimension], reconstruction, logVariance);
        Assert.IsTrue(logVariance.All(value => value < VaeNetwork.ReconstructionLogVarMax - 1f), $"log σ² after training: {string.Join(", ", logVariance)}");
    }

    /// <summary>
    /// An encoder whose latent log-variances a large step threw far past their clamp at +10, where σ² = e¹⁰ costs
    /// thousands of nats of KL a row: training brings every one back inside.
    /// </summary>
    [TestMethod]
    public void ALatentLogVarianceThrownPastItsUpperClampComesBack()
    {
        VaeOptions options = Options(VaeLikelihood.Bernoulli, epochs: 20);
        VaeModel start = Start(options, network => network.EncoderHead.Bias.AsSpan(options.LatentDimension).Fill(13f));
        var random = new Random(4);
        float[] features = [.. Enumerable.Range(0, 64 * Inputs).Select(_ => random.NextDouble() < 0.5 ? 0f : 1f)];

        VaeModel trained = new VaeTrainer(options).Fit(VaeDataset.FromArray(features, Inputs), start);

        var mean = new float[options.LatentDimension];
        var logVariance = new float[options.LatentDimension];
        start.Encode(features.AsSpan(0, Inputs), mean, logVariance);
        CollectionAssert.AreEqual(Enumerable.Repeat(VaeNetwork.LatentLogVarMax, options.LatentDimension).ToArray(), logVariance, "the start must sit at the clamp");
        trained.Encode(features.AsSpan(0, Inputs), mean, logVariance);
        Assert.IsTrue(logVariance.All(value => value < VaeNetwork.LatentLogVarMax - 1f), $"log σ² after training: {string.Join(", ", logVariance)}");
    }

    private static VaeOptions Options(VaeLikelihood likelihood, int epochs) => new()
    {
        HiddenLayerSizes = [8],
        LatentDimension = 2,
        Likelihood = likelihood,
        Epochs = epochs,
        BatchSize = 8,
        LearningRate = 2e-2f,
        Gemm = GemmBackend.Managed,
        NumberOfThreads = 1,
    };

    /// <summary>A model of fresh weights for <see cref="Inputs"/> features, which <paramref name="pushPastClamp"/> then edits.</summary>
    private static VaeModel Start(VaeOptions options, Action<VaeNetwork> pushPastClamp)
    {
        VaeNetwork network = VaeNetwork.Create(options, Inputs, new Random(3));
        pushPastClamp(network);
        return new VaeModel(network, scaling: null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);
    }
}
