using System.Text.Json;
using Vae.MLNet.Model;
using Vae.MLNet.Numerics;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests.Training;

/// <summary>
/// Compares the engine's loss, latent statistics and every gradient with float64 values computed by PyTorch autograd
/// (TestData/Reference/make_reference.py) for each likelihood and activation, and for each likelihood beside a
/// categorical column.
/// </summary>
[TestClass]
public sealed class PyTorchReferenceTests
{
    private static readonly JsonElement[] Cases = LoadCases();

    public static IEnumerable<object[]> CaseNames => Cases.Select(c => new object[] { c.GetProperty("name").GetString()! });

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void EngineMatchesPyTorchAutograd(string name)
    {
        JsonElement reference = Cases.Single(c => c.GetProperty("name").GetString() == name);
        VaeNetwork network = BuildNetwork(reference);
        int rows = reference.GetProperty("batch").GetInt32();
        float[] x = Floats(reference.GetProperty("x"));
        float[] eps = Floats(reference.GetProperty("eps"));
        float beta = reference.GetProperty("beta").GetSingle();
        var step = new Backpropagation(network, rows);
        x.CopyTo(step.Pass.Input, 0);
        VaeNetwork gradients = network.Clone();

        (double reconstruction, double kl) = step.Run(MatrixMultipliers.Create(GemmBackend.Managed, 1), eps, rows, beta, gradients);

        JsonElement expected = reference.GetProperty("expected");
        Assert.AreEqual(expected.GetProperty("loss").GetDouble(), (reconstruction + beta * kl) / rows, Tolerance(expected.GetProperty("loss").GetDouble()), "loss");
        Assert.AreEqual(expected.GetProperty("recon_mean").GetDouble(), reconstruction / rows, Tolerance(expected.GetProperty("recon_mean").GetDouble()), "reconstruction");
        Assert.AreEqual(expected.GetProperty("kl_mean").GetDouble(), kl / rows, Tolerance(expected.GetProperty("kl_mean").GetDouble()), "KL");
        int latent = network.LatentDimension;
        float[] mu = Floats(expected.GetProperty("mu"));
        float[] logVar = Floats(expected.GetProperty("logvar"));
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < latent; k++)
            {
                Assert.AreEqual(mu[r * latent + k], step.Pass.EncoderHead[r * 2 * latent + k], 1e-5, $"μ[{r},{k}]");
                Assert.AreEqual(logVar[r * latent + k], step.Pass.EncoderHead[r * 2 * latent + latent + k], 1e-5, $"log σ²[{r},{k}]");
            }
        }

        foreach (JsonElement gradient in expected.GetProperty("grads").EnumerateArray())
        {
            string role = gradient.GetProperty("role").GetString()!;
            DenseLayer actual = Layer(gradients, role);
            AssertClose(Floats(gradient.GetProperty("dW")), actual.Weights, $"{role} dW");
            AssertClose(Floats(gradient.GetProperty("db")), actual.Bias, $"{role} db");
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], Tolerance(expected[i]), $"{what}[{i}]");
        }
    }

    private static double Tolerance(double expected) => 1e-5 + 1e-4 * Math.Abs(expected);

    private static VaeNetwork BuildNetwork(JsonElement reference)
    {
        var options = new VaeOptions
        {
            HiddenLayerSizes = Ints(reference.GetProperty("encoder_hidden")),
            DecoderHiddenLayerSizes = Ints(reference.GetProperty("decoder_hidden")),
            LatentDimension = reference.GetProperty("latent_dim").GetInt32(),
            Activation = reference.GetProperty("activation").GetString() switch
            {
                "relu" => VaeActivation.Relu,
                "tanh" => VaeActivation.Tanh,
                "softplus" => VaeActivation.Softplus,
                "leaky_relu" => VaeActivation.LeakyRelu,
                var other => throw new InvalidDataException($"Unknown activation {other}."),
            },
            LeakyReluSlope = reference.GetProperty("leaky_slope").GetSingle(),
            Likelihood = reference.GetProperty("likelihood").GetString() switch
            {
                "bernoulli" => VaeLikelihood.Bernoulli,
                "gaussian" => VaeLikelihood.Gaussian,
                "gaussian_learned" => VaeLikelihood.GaussianLearnedVariance,
                var other => throw new InvalidDataException($"Unknown likelihood {other}."),
            },
            GaussianVariance = reference.GetProperty("gaussian_variance").GetSingle(),
        };
        int inputDimension = reference.GetProperty("input_dim").GetInt32();
        FeatureRun[] categories = [.. reference.GetProperty("categories").EnumerateArray().Select(run => new FeatureRun(run[0].GetInt32(), run[1].GetInt32()))];
        VaeNetwork network = VaeNetwork.Create(options, inputDimension, new Random(0), new CategoricalGroups(categories, inputDimension));
        foreach (JsonElement layer in reference.GetProperty("layers").EnumerateArray())
        {
            DenseLayer target = Layer(network, layer.GetProperty("role").GetString()!);
            Floats(layer.GetProperty("W")).CopyTo(target.Weights, 0);
            Floats(layer.GetProperty("b")).CopyTo(target.Bias, 0);
        }

        return network;
    }

    private static DenseLayer Layer(VaeNetwork network, string role) => role switch
    {
        "encoder_head" => network.EncoderHead,
        "decoder_head" => network.DecoderHead,
        _ when role.StartsWith("encoder_hidden_", StringComparison.Ordinal) => network.EncoderHidden[int.Parse(role["encoder_hidden_".Length..])],
        _ when role.StartsWith("decoder_hidden_", StringComparison.Ordinal) => network.DecoderHidden[int.Parse(role["decoder_hidden_".Length..])],
        _ => throw new InvalidDataException($"Unknown layer role {role}."),
    };

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private static JsonElement[] LoadCases()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "Reference", "vae_reference.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(c => c.Clone()).ToArray();
    }
}
