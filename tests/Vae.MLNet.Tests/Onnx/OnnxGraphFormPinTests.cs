using System.Security.Cryptography;
using Google.Protobuf;
using Vae.MLNet.Model;
using Vae.MLNet.Onnx;
using Vae.MLNet.Onnx.Protos;

namespace Vae.MLNet.Tests.Onnx;

/// <summary>
/// Pins the graphs the exporter writes for each <c>vae_mlnet.format</c>: builds read a graph strictly, only in the
/// forms they know, so a graph of a new form under the same format version is refused by every earlier build as
/// damaged, as happened four times under format 1 (see <see cref="OnnxGraphForm"/>). A change to the graphs must raise
/// the format version instead; this test fails until it is re-pinned, and its message says so.
/// </summary>
[TestClass]
public sealed class OnnxGraphFormPinTests
{
    // SHA-256 of the encoder, decoder and autoencoder of every OnnxTestCase of a likelihood, with or without
    // categorical columns, weights set to fixed values and this build's version left out.
    private static readonly Dictionary<(VaeLikelihood, bool Categorical), string> Pinned = new()
    {
        [(VaeLikelihood.Bernoulli, false)] = "3B1A90CAB433CC613793967AE41B16B8FE488A9FE9C7E6971CC855A245617463",
        [(VaeLikelihood.Gaussian, false)] = "EF679F1F3FD855A2BC5FA5E024713138A9A124A18D09892D6854AFF89D99749B",
        [(VaeLikelihood.GaussianLearnedVariance, false)] = "27FEA44C4E385A3DC003861F7C4C99EACD53EC7419330FFDE51F7C716D7A1A94",
        [(VaeLikelihood.Bernoulli, true)] = "53E7B9012945550C2844E0D2BC4951074B10F0BA5EB338366B74AA8C373A5B66",
        [(VaeLikelihood.Gaussian, true)] = "A9DC80A29CA1B4379020E2A2E5413DF4E224C3B26D847B61B182C430134DCA1D",
        [(VaeLikelihood.GaussianLearnedVariance, true)] = "D8BC3B2133952DAA772B6E307A7EB5B128596B17D9EF2A0607EB356FB0F6849B",
    };

    [TestMethod]
    [DataRow(VaeLikelihood.Bernoulli, false)]
    [DataRow(VaeLikelihood.Gaussian, false)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance, false)]
    [DataRow(VaeLikelihood.Bernoulli, true)]
    [DataRow(VaeLikelihood.Gaussian, true)]
    [DataRow(VaeLikelihood.GaussianLearnedVariance, true)]
    public void TheGraphsOfAFormatVersionKeepTheirForm(VaeLikelihood likelihood, bool categorical)
    {
        int format = categorical ? OnnxModelMetadata.CategoriesFormatVersion : OnnxModelMetadata.FormatVersion;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var nodes = new List<string>();
        foreach (OnnxTestCase testCase in OnnxTestCase.All.Where(c => c.Likelihood == likelihood && c.Categorical == categorical))
        {
            VaeNetwork network = testCase.CreateNetwork(seed: 3);
            foreach (DenseLayer layer in network.Layers)
            {
                // Fixed values, so that a change in how weights are initialized leaves the pin alone.
                Fill(layer.Weights);
                Fill(layer.Bias);
            }

            FeatureScaling? scaling = testCase.CreateScaling(seed: 3);
            foreach (ModelProto graph in new[]
            {
                OnnxExporter.BuildEncoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default),
                OnnxExporter.BuildDecoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default),
                OnnxExporter.BuildAutoencoder(network, scaling, testCase.ScalingKind, OnnxTensorNames.Default),
            })
            {
                ModelProto form = graph.Clone();
                form.ProducerVersion = string.Empty;
                form.MetadataProps.Single(entry => entry.Key == "vae_mlnet.version").Value = string.Empty;

                // 2·log s comes from the C library's logf, whose last bits differ between platforms (the importer allows 4 ulps).
                foreach (TensorProto shift in form.Graph.Initializer.Where(tensor => tensor.Name == OnnxInitializerNames.ScalingLogVarianceShift))
                {
                    shift.RawData = ByteString.Empty;
                    shift.FloatData.Clear();
                }

                Assert.AreEqual(format.ToString(System.Globalization.CultureInfo.InvariantCulture), form.MetadataProps.Single(entry => entry.Key == "vae_mlnet.format").Value);
                hash.AppendData(form.ToByteArray());
                nodes.Add($"{testCase} {form.Graph.Name}: {string.Join(", ", form.Graph.Node.Select(node => $"{node.OpType} '{node.Name}'"))}");
            }
        }

        string actual = Convert.ToHexString(hash.GetHashAndReset());
        Assert.AreEqual(
            Pinned[(likelihood, categorical)],
            actual,
            $"The graphs of {likelihood} models {(categorical ? "with" : "without")} categorical columns, vae_mlnet.format {format}, changed. "
            + "Every build that reads that format reads only the graph forms it knows and would refuse the new graphs as damaged: "
            + $"raise {(categorical ? nameof(OnnxModelMetadata.CategoriesFormatVersion) : nameof(OnnxModelMetadata.FormatVersion))} in OnnxModelMetadata "
            + "(keeping the old form importable as an OnnxGraphForm), then pin the new hash here. The graphs' nodes now:\n"
            + string.Join("\n", nodes));
    }

    private static void Fill(float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ((i % 7) - 3) * 0.125f;
        }
    }
}
