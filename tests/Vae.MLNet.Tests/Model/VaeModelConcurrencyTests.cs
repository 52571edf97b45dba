using Vae.MLNet.Data;

namespace Vae.MLNet.Tests.Model;

[TestClass]
public sealed class VaeModelConcurrencyTests
{
    private const int Features = 12;

    [TestMethod]
    [DataRow(VaeLikelihood.Bernoulli)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance)]
    public void ScoringFromSeveralThreadsAtOnceGivesEveryBitOfScoringFromOne(VaeLikelihood likelihood)
    {
        var random = new Random(3);
        float[] rows = Enumerable.Range(0, 300 * Features).Select(_ => random.Next(2) * 1f).ToArray();
        VaeDataset data = VaeDataset.FromArray(rows, Features);
        VaeModel model = new VaeTrainer(new VaeOptions
        {
            HiddenLayerSizes = [16],
            LatentDimension = 3,
            Likelihood = likelihood,
            Epochs = 2,
            Gemm = GemmBackend.Managed,
            NumberOfThreads = 1,
        }).Fit(data);

        // Batches of different sizes, so that threads sharing pooled workspaces would need them shaped differently.
        int[] batchRows = [1, 7, 64, 300];
        string[] expected = batchRows.Select(n => Scores(model, data, rows, n)).ToArray();

        string[][] concurrent = new string[4][];
        Parallel.For(0, concurrent.Length, new ParallelOptions { MaxDegreeOfParallelism = concurrent.Length }, thread =>
        {
            concurrent[thread] = Enumerable.Range(0, 30).Select(round => Scores(model, data, rows, batchRows[(round + thread) % batchRows.Length])).ToArray();
        });

        for (int thread = 0; thread < concurrent.Length; thread++)
        {
            for (int round = 0; round < concurrent[thread].Length; round++)
            {
                Assert.AreEqual(expected[(round + thread) % batchRows.Length], concurrent[thread][round], $"thread {thread}, round {round}");
            }
        }
    }

    // Every scoring method on the first rows, as one string of the outputs' bits.
    private static string Scores(VaeModel model, VaeDataset data, float[] rows, int count)
    {
        ReadOnlySpan<float> features = rows.AsSpan(0, count * Features);
        int latent = model.LatentDimension;
        var mean = new float[count * latent];
        var logVariance = new float[count * latent];
        var reconstruction = new float[count * Features];
        var decoded = new float[count * Features];
        var decodedLogVariance = new float[model.Options.Likelihood == VaeLikelihood.GaussianLearnedVariance ? count * Features : 0];
        var anomaly = new float[count];
        var error = new float[count];
        model.Encode(features, mean, logVariance);
        model.Reconstruct(features, reconstruction);
        model.Decode(mean, decoded, decodedLogVariance);
        model.ScoreRows(features, error, anomaly);
        VaeEvaluation evaluation = model.Evaluate(data, sampleLatent: true, seed: count);
        float[] generated = model.Generate(count, seed: count);
        float[][] outputs = [mean, logVariance, reconstruction, decoded, decodedLogVariance, anomaly, error, generated];
        return string.Join(
            ";",
            outputs.Select(o => string.Join(",", o.Select(BitConverter.SingleToInt32Bits)))
                .Append($"{BitConverter.DoubleToInt64Bits(evaluation.NegativeElbo)}"));
    }
}
