using System.Reflection;
using System.Text.RegularExpressions;
using Vae.MLNet.Data;
using Vae.MLNet.Onnx.Protos;
using Vae.MLNet.Runtime;

namespace Vae.MLNet.Tests.Persistence;

[TestClass]
public sealed class LibraryVersionTests
{
    private static readonly string InformationalVersion =
        typeof(VaeModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [TestMethod]
    public void AZipRecordsTheInformationalVersionOfTheBuildThatWroteIt()
    {
        byte[] zip = ModelZip.Save(TinyGaussianTraining.Fit(VaeDataset.FromArray([0f, 1f, 1f, 0f, 0.5f, 0.5f, 0.2f, 0.8f], 2)));
        using var runtime = VaeOnnxModel.Load(new MemoryStream(zip));
        ModelProto encoder = ModelProto.Parser.ParseFrom(ModelZip.Entries(zip)["encoder.onnx"]);

        Assert.AreEqual(InformationalVersion, runtime.Manifest.Library.Version);
        Assert.AreEqual(InformationalVersion, encoder.ProducerVersion);
        Assert.AreEqual(InformationalVersion, encoder.MetadataProps.Single(entry => entry.Key == "vae_mlnet.version").Value);
    }

    [TestMethod]
    public void ABuildFromAGitCheckoutNamesItsCommit()
    {
        if (!Path.Exists(Path.Combine(TestPaths.RepositoryRoot, ".git")))
        {
            Assert.Inconclusive("Built from sources outside git, which name no commit.");
        }

        StringAssert.Matches(InformationalVersion, new Regex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\+[0-9a-f]{40}$"));
    }
}
