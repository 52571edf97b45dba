using Vae.MLNet.Runtime;
using Vae.MLNet.Tests.Scoring;

namespace Vae.MLNet.Tests.Persistence;

/// <summary>
/// Damages a saved model at random: every load must either succeed or throw <see cref="VaeModelFormatException"/>,
/// promptly. Anything else would reach callers as a crash they could not have anticipated.
/// </summary>
[TestClass]
public sealed class ModelZipFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [TestMethod]
    public void FlippedBytesAndTruncationsNeverEscapeAsOtherExceptions()
    {
        byte[] zip = ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.GaussianLearnedVariance, VaeActivation.LeakyRelu, scaled: true, seed: 1));
        int refused = RunCases(zip, cases: 3000, seed: 12345, load: bytes => ModelZip.Load(bytes));
        Assert.IsGreaterThan(2000, refused, "almost every damaged byte should be detected (CRC-32, deflate, zip structure)");
    }

    [TestMethod]
    public void FlippedBytesAndTruncationsOfACheckpointNeverEscapeAsOtherExceptions()
    {
        using var checkpoint = new MemoryStream();
        new VaeTrainer(Training.TrainerTests.Small(epochs: 1)).Fit(Training.TrainerTests.Patterns()).SaveCheckpoint(checkpoint);
        int refused = RunCases(checkpoint.ToArray(), cases: 1000, seed: 24680, load: bytes => ModelZip.Load(bytes));
        Assert.IsGreaterThan(600, refused, "almost every damaged byte should be detected (CRC-32, deflate, zip structure)");
    }

    [TestMethod]
    public void OnnxRuntimeNeverSeesAGraphTheImporterRefused()
    {
        byte[] zip = ModelZip.Save(ScoringTestModels.Create(VaeLikelihood.Bernoulli, VaeActivation.Tanh, scaled: false, seed: 2));
        int refused = RunCases(zip, cases: 300, seed: 678, load: bytes =>
        {
            using VaeOnnxModel model = VaeOnnxModel.Load(new MemoryStream(bytes));
        });
        Assert.IsGreaterThan(200, refused, "almost every damaged byte should be detected before ONNX Runtime is given a graph");
    }

    /// <returns>How many damaged copies were refused.</returns>
    private static int RunCases(byte[] zip, int cases, int seed, Action<byte[]> load)
    {
        int refused = 0;
        Task run = Task.Run(() =>
        {
            var random = new Random(seed);
            for (int i = 0; i < cases; i++)
            {
                byte[] damaged = i % 10 == 9 ? zip[..random.Next(zip.Length)] : Flip(zip, random);
                try
                {
                    load(damaged);
                }
                catch (VaeModelFormatException)
                {
                    refused++;
                }
                catch (Exception e)
                {
                    throw new AssertFailedException($"Case {i} threw {e.GetType().Name} instead of {nameof(VaeModelFormatException)}: {e}");
                }
            }
        });
        Assert.IsTrue(run.Wait(Budget), $"Loading damaged zips took over {Budget.TotalSeconds} s; one of them may hang.");
        return refused;
    }

    private static byte[] Flip(byte[] zip, Random random)
    {
        byte[] copy = (byte[])zip.Clone();
        copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
        return copy;
    }
}
