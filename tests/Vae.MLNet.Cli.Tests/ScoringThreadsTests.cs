using System.CommandLine;
using Vae.MLNet.Cli.Input;
using Vae.MLNet.Data;

namespace Vae.MLNet.Cli.Tests;

[TestClass]
public sealed class ScoringThreadsTests
{
    [TestMethod]
    public void TheModelScoresWithTheThreadsGivenAndOtherwiseWithThoseItWasTrainedWith()
    {
        using var workspace = new Workspace();
        string path = workspace.PathOf("one-thread.zip");
        new VaeTrainer(new VaeOptions { HiddenLayerSizes = [4], LatentDimension = 2, Epochs = 1, NumberOfThreads = 1 })
            .Fit(VaeDataset.FromArray([0, 1, 1, 0], 2))
            .Save(path);
        var threads = new ScoringThreads();
        var command = new Command("score") { ModelFile.CreateArgument() };
        threads.AddTo(command);

        VaeModel given = threads.Load(path, command.Parse([path, "--threads", "3"]), CancellationToken.None);
        VaeModel own = threads.Load(path, command.Parse([path]), CancellationToken.None);

        Assert.AreEqual(3, given.NumberOfThreads);
        Assert.AreEqual(3, given.ScoringThreads);
        Assert.AreEqual(1, own.NumberOfThreads);
        Assert.AreEqual(1, own.ScoringThreads);
    }
}
