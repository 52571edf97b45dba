using Vae.MLNet.Data;
using Vae.MLNet.Model;

namespace Vae.MLNet.Tests.Training;

[TestClass]
public sealed class LogVarianceClampTests
{
    /// <summary>
    /// A decoder whose log-variances start far above their clamp at +9, as huge residuals early in training on unscaled
    /// data leave them, on features within [0, 1), where σ² = e⁹ is far too wide: training brings every one back inside.
    /// </summary>
    [TestMethod]
    public void ALogVarianceDrivenPastItsUpperClampComesBackOnceTheResidualsAreSmall()
    {
        const int inputs = 4;
        var options = new VaeOptions
        {
            HiddenLayerSizes = [8],
            LatentDimension = 2,
            Likelihood = VaeLikelihood.GaussianLearnedVariance,
            Epochs = 40,
            BatchSize = 8,
            LearningRate = 2e-2f,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
        };
        VaeNetwork network = VaeNetwork.Create(options, inputs, new Random(3));
        network.DecoderHead.Bias.AsSpan(inputs).Fill(12f);
        var start = new VaeModel(network, scaling: null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);
        var random = new Random(4);
        VaeDataset data = VaeDataset.FromArray([.. Enumerable.Range(0, 64 * inputs).Select(_ => (float)random.NextDouble())], inputs);

        VaeModel trained = new VaeTrainer(options).Fit(data, start);

        var reconstruction = new float[inputs];
        var logVariance = new float[inputs];
        start.Decode(new float[options.LatentDimension], reconstruction, logVariance);
        CollectionAssert.AreEqual(Enumerable.Repeat(VaeNetwork.ReconstructionLogVarMax, inputs).ToArray(), logVariance, "the start must sit at the clamp");
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
        const int inputs = 4;
        var options = new VaeOptions
        {
            HiddenLayerSizes = [8],
            LatentDimension = 2,
            Epochs = 20,
            BatchSize = 8,
            LearningRate = 2e-2f,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
        };
        VaeNetwork network = VaeNetwork.Create(options, inputs, new Random(3));
        network.EncoderHead.Bias.AsSpan(options.LatentDimension).Fill(13f);
        var start = new VaeModel(network, scaling: null, options, new VaeTrainingHistory([], null, false, GemmBackend.Managed), featureNames: null);
        var random = new Random(4);
        float[] features = [.. Enumerable.Range(0, 64 * inputs).Select(_ => random.NextDouble() < 0.5 ? 0f : 1f)];

        VaeModel trained = new VaeTrainer(options).Fit(VaeDataset.FromArray(features, inputs), start);

        var mean = new float[options.LatentDimension];
        var logVariance = new float[options.LatentDimension];
        start.Encode(features.AsSpan(0, inputs), mean, logVariance);
        CollectionAssert.AreEqual(Enumerable.Repeat(VaeNetwork.LatentLogVarMax, options.LatentDimension).ToArray(), logVariance, "the start must sit at the clamp");
        trained.Encode(features.AsSpan(0, inputs), mean, logVariance);
        Assert.IsTrue(logVariance.All(value => value < VaeNetwork.LatentLogVarMax - 1f), $"log σ² after training: {string.Join(", ", logVariance)}");
    }
}
