using Vae.MLNet.Samples.Common;
using Vae.MLNet.Tests;
using Vae.MLNet.Tests.Data;

namespace Vae.MLNet.MLNet.Tests.Samples;

/// <summary>The ML.NET sample, run as <c>dotnet run</c> runs it, on a few made-up digits.</summary>
[TestClass]
public sealed class MLNetSampleTests
{
    [TestMethod]
    public void TheSamplePrintsEachEpochOfTheVaeItTrainsInThePipeline()
    {
        using var data = new TempDirectory();
        foreach ((string split, int count) in new[] { ("train", 40), ("t10k", 10) })
        {
            (byte[] images, byte[] labels) = TwoShapes(count);
            data.Write(IdxSplits.ImagesFile(split), IdxFixture.Gzip(images));
            data.Write(IdxSplits.LabelsFile(split), IdxFixture.Gzip(labels));
        }

        // The sample's graph files go to a temp folder of its own: a test beside it counts those in the system's.
        string temp = Directory.CreateDirectory(Path.Combine(data.Path, "tmp")).FullName;
        ChildProcess.Result run = ChildProcess.Run(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [SampleAssembly, "--data", data.Path, "--out", Path.Combine(data.Path, "out"), "--epochs", "2", "--threads", "1"],
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string?> { ["TMPDIR"] = temp });

        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "fitting the pipelines: the VAE for 2 epochs, then SdcaMaximumEntropy");
        StringAssert.Contains(run.StandardOutput, "  epoch   1: loss ");
        StringAssert.Contains(run.StandardOutput, "  epoch   2: loss ");
    }

    // Digits 0 (the top half lit) and 1 (the bottom half lit), alternating: SDCA separates them at once, where on
    // digits it cannot tell apart it would run its full passes, some seconds more.
    private static (byte[] Images, byte[] Labels) TwoShapes(int count)
    {
        const int Side = 28, Pixels = Side * Side, ImagesHeader = 16, LabelsHeader = 8;
        byte[] images = IdxFixture.Images(count, Side, Side);
        byte[] labels = IdxFixture.Labels(count);
        for (int i = 0; i < count; i++)
        {
            bool topLit = i % 2 == 0;
            labels[LabelsHeader + i] = topLit ? (byte)0 : (byte)1;
            for (int p = 0; p < Pixels; p++)
            {
                images[ImagesHeader + i * Pixels + p] = (p < Pixels / 2) == topLit ? (byte)255 : (byte)0;
            }
        }

        return (images, labels);
    }

    // The sample's own build, of this test build's configuration, which the test project's reference builds first.
    private static string SampleAssembly =>
        Path.Combine(
            TestPaths.RepositoryRoot,
            "samples",
            "Vae.MLNet.MLNet.Sample",
            Path.GetRelativePath(Path.Combine(TestPaths.RepositoryRoot, "tests", "Vae.MLNet.MLNet.Tests"), AppContext.BaseDirectory),
            "Vae.MLNet.MLNet.Sample.dll");
}
